// A Terraform `check` block (Terraform 1.5+): an assertion whose failure is a warning of every plan and apply, not an
// error. cdktf and CDK Terrain have no construct for it; the block is written as-is into the synthesized JSON.
// Not exported from the package.
import { IResolvable, TerraformElement } from 'cdktf';
import { Construct } from 'constructs';

export interface CheckAssertion {
  /** A boolean Terraform expression. */
  readonly condition: IResolvable | string;
  /** The warning when `condition` is false. */
  readonly errorMessage: string;
}

export class CheckBlock extends TerraformElement {
  constructor(scope: Construct, id: string, private readonly assertion: CheckAssertion) {
    super(scope, id, 'check');
  }

  public toTerraform(): any {
    return {
      check: {
        [this.friendlyUniqueId]: {
          assert: [{ condition: this.assertion.condition, error_message: this.assertion.errorMessage }],
        },
      },
    };
  }
}
