export * from './catalog-source';
export * from './certificate-authority';
export * from './region-catalog';
export * from './trust-store';
export * from './ca-selection';
export * from './trust-bundle-layout';
export * from './tls-enforcement';
