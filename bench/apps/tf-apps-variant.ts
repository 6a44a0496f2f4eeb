// The Terraform apps the synth benchmark compares (bench/apps/tf-apps.ts). Apart from the apps so that a case process
// can read it before it loads any framework module (CDK Terrain maps them first).

/** Which app to build. */
export enum TfVariant {
  /** The provider classes only, written by hand. */
  HAND = 'hand',
  /**
   * The hand-written app plus, by hand, a plan-time CA check: data.aws_rds_certificate per cluster, the thumbprint and
   * validity preconditions on the cluster, and the writer-first instance order.
   */
  HAND_CHECK = 'hand-check',
  /**
   * The HAND resources of each cluster inside a `Construct` of its own (ids `ParameterGroup`, `Resource`,
   * `Instance<n>`), as a team writes a reusable cluster by hand: the same tree shape as TlsAuroraCluster, so the
   * difference from HAND is what nesting costs in cdktf (hashed logical ids, longer paths), not aurora-tls.
   */
  HAND_CONSTRUCT = 'hand-construct',
  /** TlsAuroraCluster with `deployTimeCheck: false`: the same resources as HAND, so the construct's pure overhead. */
  LIB_NO_CHECK = 'lib-nocheck',
  /** TlsAuroraCluster with its defaults: the plan-time checks and one shared TrustBundle. */
  LIB = 'lib',
}
