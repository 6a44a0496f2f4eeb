// The levels of the AWS CDK audit entry points (the AuroraTlsChecks aspect and the AuroraTlsValidationPlugin), checked
// once: all problems in one error naming the class. Not exported from the package.
import { UnscopedValidationError } from 'aws-cdk-lib';
import { AuditLevels } from '../../core/private/aurora-audit';

type ErrorCode = ConstructorParameters<typeof UnscopedValidationError>[0];

/**
 * The levels of `props` (`{ level?, levels? }`), or an error listing every problem.
 * @param what the class being constructed, e.g. `AuroraTlsChecks`
 */
export function checkedLevels(props: unknown, what: string): AuditLevels {
  const problems = AuditLevels.problems(props ?? {});
  if (problems.length > 0) {
    throw new UnscopedValidationError(
      `${what}InvalidProps` as unknown as ErrorCode,
      `${what} initialization failed due to the following validation error(s):\n${problems.map((p) => `- ${p}`).join('\n')}`,
    );
  }
  return new AuditLevels((props ?? {}) as ConstructorParameters<typeof AuditLevels>[0]);
}
