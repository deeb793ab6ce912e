export * from './certificate-base';
export * from './lightsail-certificate';
export * from './validation';
