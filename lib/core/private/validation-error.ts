// The error aurora-tls throws for invalid props, in every layer (AWS CDK, CDK for Terraform, core).
// aws-cdk-lib's ValidationError is @internal (not part of its public API), so aurora-tls has its own. jsii cannot
// export a subclass of Error, so users recognise it with the public `AuroraTlsErrors.isValidationError()`.

/** Brand shared by every copy of aurora-tls loaded in one process (two copies of a class are not `instanceof` each other). */
export const VALIDATION_ERROR_BRAND = Symbol.for('aurora-tls.ValidationError');

/**
 * Props of a construct (or arguments of a method) failed validation. The message lists every problem, each naming the
 * bad value, the reason and the fix. `name` is `ValidationError`, like aws-cdk-lib's own props errors.
 */
export class AuroraTlsValidationError extends Error {
  /**
   * The message of props that failed `problems`, in the format of aws-cdk-lib's props validation:
   * `<ClassName> initialization failed due to the following validation error(s):` and one `- problem` line each.
   */
  public static initializationMessage(className: string, problems: string[]): string {
    return `${className} initialization failed due to the following validation error(s):\n${problems.map((p) => `- ${p}`).join('\n')}`;
  }

  /** Machine-readable id of the failed validation, e.g. `TlsAuroraClusterInvalidProps`. */
  public readonly code: string;
  /** Path of the construct whose props failed (e.g. `MyStack/Db`); undefined when the problem is not one construct's. */
  public readonly constructPath?: string;

  /**
   * @param code machine-readable id of the failed validation, e.g. `TlsAuroraClusterInvalidProps`
   * @param message every problem, each naming the bad value, the reason and the fix
   * @param constructPath path of the construct whose props failed
   */
  constructor(code: string, message: string, constructPath?: string) {
    super(message);
    Object.setPrototypeOf(this, AuroraTlsValidationError.prototype);
    Object.defineProperty(this, VALIDATION_ERROR_BRAND, { value: true });
    this.name = 'ValidationError';
    this.code = code;
    this.constructPath = constructPath;
  }

}
