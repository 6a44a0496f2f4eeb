// Acknowledgements of policy-as-code findings (cdk-nag 3, the CloudFormation Guard validator) on resources whose
// finding aurora-tls has a documented reason for. Not exported from the package.

import * as cdk from 'aws-cdk-lib';
import { IConstruct } from 'constructs';

/** A rule id and why it does not apply. */
export interface PolicyAcknowledgement {
  readonly id: string;
  readonly reason: string;
}

export class PolicyAcknowledgements {
  /**
   * Acknowledge `acknowledgements` on `scope` with `Validations.of(scope).acknowledge()`.
   *
   * `Validations` is newer than the oldest aws-cdk-lib aurora-tls supports (absent in 2.220.0). Without it nothing is
   * recorded: the policy plugins that read these acknowledgements (cdk-nag 3 needs aws-cdk-lib 2.257.0 or newer) do not
   * run on such a version either, and cdk-nag 2 users suppress findings with its own `NagSuppressions`.
   */
  public static add(scope: IConstruct, ...acknowledgements: PolicyAcknowledgement[]): void {
    const validations: typeof cdk.Validations | undefined = cdk.Validations;
    if (validations === undefined) return;
    validations.of(scope).acknowledge(...acknowledgements);
  }

  private constructor() {}
}
