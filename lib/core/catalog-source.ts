/** Where a catalog fact comes from. */
export enum CatalogSource {
  /** The AWS Aurora user guide (bundle table and CA availability list). */
  AURORA_USER_GUIDE = 'aws-aurora-user-guide',
  /** The vendored 108-root global bundle contains this region's G1 roots. */
  GLOBAL_BUNDLE = 'global-bundle',
  /** The vendored GovCloud roots file (derived, not an AWS file) contains this region's G1 roots. */
  GOVCLOUD_ROOTS = 'govcloud-roots-derived',
  /** The AWS China truststore host; no China roots are vendored. */
  CHINA_TRUSTSTORE = 'aws-china-truststore',
}
