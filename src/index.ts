export * from './lightsail-certificate';
export * from './validation';
