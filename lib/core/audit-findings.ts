/**
 * What an aurora-tls audit reports (the `AuroraTlsChecks` aspect, the `AuroraTlsValidationPlugin`, `aurora-tls audit`
 * and the cfn-guard rules); each value is the id of the finding (acknowledge warnings by it).
 */
export enum AuroraTlsFinding {
  /** A DB instance has no `CACertificateIdentifier`, so it gets the account's default CA. Default: warning. */
  UNPINNED_CA = 'aurora-tls:unpinned-ca',
  /**
   * A DB instance names a CA that can no longer be chosen: retired (`rds-ca-2019`, `rds-ca-2015`, `rds-ca-2010`) or
   * not an RDS CA at all. Default: error.
   */
  RETIRED_CA = 'aurora-tls:retired-ca',
  /** A DB instance names a CA that the stack's region does not offer (aurora-tls region catalog). Default: error. */
  CA_UNAVAILABLE = 'aurora-tls:ca-unavailable',
  /**
   * The stack's region is unknown to the aurora-tls catalog, or not known at all (a template audited without a
   * region, a Terraform plan whose provider has no region), so CA availability cannot be checked. Default: warning.
   */
  UNKNOWN_REGION = 'aurora-tls:unknown-region',
  /**
   * A DB cluster has no cluster parameter group, or uses an RDS `default.*` one, which cannot be changed to enforce
   * TLS. Default: error.
   */
  DEFAULT_PARAMETER_GROUP = 'aurora-tls:default-parameter-group',
  /** The cluster parameter group does not enforce TLS, or allows deprecated TLS versions. Default: error. */
  WEAK_TLS = 'aurora-tls:weak-tls',
  /**
   * The cluster parameter group, or one of its TLS parameters, is not known at synth time (defined in another stack,
   * imported by name, or a deploy-time value), so it cannot be audited. Default: warning.
   */
  UNVERIFIABLE_PARAMETER_GROUP = 'aurora-tls:unverifiable-parameter-group',
  /**
   * A DB instance's CA is not known where it is audited (a CloudFormation template parameter, a value Terraform knows
   * only after apply), so whether it is retired or offered in the region cannot be told. Default: warning.
   * (The `AuroraTlsChecks` aspect leaves deploy-time CAs to RDS and the deploy-time check, and never reports this.)
   */
  UNVERIFIABLE_CA = 'aurora-tls:unverifiable-ca',
}

/** How a finding is reported. */
export enum AuroraTlsCheckLevel {
  /** As an error annotation: `cdk synth` fails. The message ends with the finding id in brackets. */
  ERROR = 'error',
  /** As a warning annotation with the finding id (`Annotations.addWarningV2`); fails `cdk synth --strict`. */
  WARNING = 'warning',
  /** Not reported. */
  OFF = 'off',
}
