/**
 * What the check does when the certificate authority expires within the minimum validity: the AWS CDK deploy-time
 * check and the Terraform plan-time check (`aurora-tls/tf`, `aurora-tls/cdktn`) take the same values.
 */
export enum ExpiryBehavior {
  /**
   * Fail: the deployment fails (AWS CDK: nothing that depends on the check is created or updated; Terraform: the
   * plan fails on a precondition).
   */
  FAIL = 'fail',
  /**
   * Go on, and report the expiry (AWS CDK: the `Warning` attribute and the CloudFormation event's reason; Terraform: a
   * warning from a `check` block in every plan and apply).
   */
  WARN = 'warn',
}
