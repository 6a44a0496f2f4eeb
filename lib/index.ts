// aurora-tls: Amazon Aurora TLS done right.
//
// core (pure TypeScript): the CA and region catalog, the vendored trust store, TLS parameter rules,
// application connection settings. Everything else builds on it.
export * from './core';

// AWS CDK constructs: TlsAuroraCluster and the AuroraTlsChecks aspect.
export * from './cdk';

