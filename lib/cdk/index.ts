export * from './tls-aurora-cluster';
