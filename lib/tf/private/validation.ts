// Props validation for the Terraform constructs: rules as data, every failure reported in one error, before any
// child resource exists. Not exported from the package.
import { IConstruct } from 'constructs';

/** One validation rule: when `condition` holds, `message` is reported. */
export interface ValidationRule {
  readonly condition: boolean;
  readonly message: string;
}

/**
 * The problems a core call reports: none when it returns, else its message. A core error that lists several problems
 * (a header line, then one `- ` line per problem) gives one problem per line, so that every problem of every rule
 * is reported once, at the same level.
 */
export function problemsOf(check: () => unknown): string[] {
  try {
    check();
    return [];
  } catch (e) {
    const message = e instanceof Error ? e.message : String(e);
    const [header, ...lines] = message.split('\n');
    if (/ \(\d+ problems\):$/.test(header) && lines.length > 0 && lines.every((l) => l.startsWith('- '))) {
      return lines.map((l) => l.slice(2));
    }
    return [message];
  }
}

/** The error of failed props validation; the message is the AWS CDK construct's, word for word. */
export class PropsValidationError extends Error {
  /** Path of the construct whose props failed. */
  public readonly constructPath: string;
  /** Every failure, in rule order. */
  public readonly failures: string[];

  constructor(scope: IConstruct, className: string, messages: string[]) {
    super(`${className} initialization failed due to the following validation error(s):\n${messages.map((m) => `- ${m}`).join('\n')}`);
    this.name = 'ValidationError';
    this.constructPath = scope.node.path;
    this.failures = messages;
  }
}

/**
 * Throw one error listing every failed rule, in the format of aws-cdk-lib's props validation (CDK for Terraform has
 * no ValidationError; the construct path is in `constructPath`).
 */
export function throwIfInvalid(scope: IConstruct, className: string, rules: ValidationRule[]): void {
  const failed = rules.filter((r) => r.condition).map((r) => r.message);
  if (failed.length > 0) throw new PropsValidationError(scope, className, failed);
}

/** Rules from a list of messages (each already a failure). */
export function failures(messages: string[]): ValidationRule[] {
  return messages.map((message) => ({ condition: true, message }));
}
