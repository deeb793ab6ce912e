export * from './certificate-base';
export * from './domain-records';
export * from './lightsail-certificate';
export * from './load-balancer-certificate';
export * from './validation';
