import { VALIDATION_ERROR_BRAND } from './private/validation-error';

/**
 * Recognise the errors aurora-tls throws.
 *
 * Invalid props (of `TlsAuroraCluster`, `TrustBundle`, the Terraform constructs, ...) throw an error whose `name` is
 * `ValidationError` and whose message lists every problem, each naming the bad value, the reason and the fix. It also
 * has `code` (e.g. `TlsAuroraClusterInvalidProps`) and `constructPath` (the construct whose props failed). It is not
 * aws-cdk-lib's `ValidationError` (which is internal to aws-cdk-lib), so `Errors.isValidationError()` of aws-cdk-lib is
 * false for it: use `AuroraTlsErrors.isValidationError()`.
 *
 * @example
 * import { AuroraTlsErrors } from 'aurora-tls';
 *
 * declare const caught: any; // what a catch block received
 * const invalidProps = AuroraTlsErrors.isValidationError(caught); // true for aurora-tls's props errors
 */
export class AuroraTlsErrors {
  /** Whether `x` is a props validation error of aurora-tls (of any copy of aurora-tls loaded in the process). */
  public static isValidationError(x: any): boolean {
    return x !== null && typeof x === 'object' && (x as { [VALIDATION_ERROR_BRAND]?: unknown })[VALIDATION_ERROR_BRAND] === true;
  }

  private constructor() {}
}
