// Props validation for the Terraform constructs: the core rules and format (lib/core/private/validation.ts), thrown as
// this layer's error (cdktf has no ValidationError). Not exported from the package.
import { IConstruct } from 'constructs';
import { failedMessages, validationErrorMessage, ValidationRule } from '../../core/private/validation';

export { failures, problemsOf, ValidationRule } from '../../core/private/validation';

/** The error of failed props validation; the message is the AWS CDK construct's, word for word. */
export class PropsValidationError extends Error {
  /** Path of the construct whose props failed. */
  public readonly constructPath: string;
  /** Every failure, in rule order. */
  public readonly failures: string[];

  constructor(scope: IConstruct, className: string, messages: string[]) {
    super(validationErrorMessage(className, messages));
    this.name = 'ValidationError';
    this.constructPath = scope.node.path;
    this.failures = messages;
  }
}

/** Throw one error listing every failed rule (the construct path is in `constructPath`). */
export function throwIfInvalid(scope: IConstruct, className: string, rules: ValidationRule[]): void {
  const failed = failedMessages(rules);
  if (failed.length > 0) throw new PropsValidationError(scope, className, failed);
}
