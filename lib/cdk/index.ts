export * from './tls-aurora-cluster';
export * from './aurora-tls-checks';
export * from './trust-bundle';
export * from './aurora-tls-validation-plugin';
