export * from './tls-aurora-cluster-base';
export * from './tls-aurora-cluster';
export * from './tls-aurora-cluster-from-snapshot';
export * from './aurora-tls-checks';
export * from './trust-bundle';
export * from './aurora-tls-validation-plugin';
