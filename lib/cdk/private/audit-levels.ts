// The levels of the AWS CDK audit entry points (the AuroraTlsChecks aspect and the AuroraTlsValidationPlugin), checked
// once: all problems in one error naming the class. Not exported from the package.
import { AuditLevels } from '../../core/private/aurora-audit';
import { AuroraTlsValidationError } from '../../core/private/validation-error';

/**
 * The levels of `props` (`{ level?, levels? }`), or an error listing every problem.
 * @param what the class being constructed, e.g. `AuroraTlsChecks`
 */
export function checkedLevels(props: unknown, what: string): AuditLevels {
  const problems = AuditLevels.problems(props ?? {});
  if (problems.length > 0) {
    throw new AuroraTlsValidationError(`${what}InvalidProps`, AuroraTlsValidationError.initializationMessage(what, problems));
  }
  return new AuditLevels((props ?? {}) as ConstructorParameters<typeof AuditLevels>[0]);
}
