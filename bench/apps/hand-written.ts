// What a careful engineer writes by hand, without aurora-tls, for the benchmark's Aurora PostgreSQL 16 clusters.
// No imports: the CDK and the Terraform case processes both load it, and neither should load the other's framework.

/** The TLS cluster parameters for Aurora PostgreSQL 16 with TLS 1.2 or newer (what TlsEnforcement derives too). */
export const HAND_WRITTEN_TLS_PARAMETERS: { readonly [name: string]: string } = {
  'rds.force_ssl': '1',
  'ssl_min_protocol_version': 'TLSv1.2',
};

/** The parameter group family of the hand-written Terraform parameter group. */
export const HAND_WRITTEN_FAMILY = 'aurora-postgresql16';
