// Helpers shared inside core. Not exported from the package (jsii exposes no free functions).

/**
 * Short, safe rendering of an arbitrary value for error messages.
 */
export function describeValue(value: unknown): string {
  if (value === undefined) return 'undefined';
  if (value === null) return 'null';
  if (typeof value === 'string') {
    const shown = value.length > 64 ? `${value.slice(0, 64)}... (${value.length} characters)` : value;
    return `'${shown}'`;
  }
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (Array.isArray(value)) return `an array of ${value.length}`;
  if (typeof value === 'function') return 'a function';
  if (typeof (value as { resolve?: unknown }).resolve === 'function') return 'a deploy-time value (an unresolved token)';
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? 'an invalid Date' : `the Date ${value.toISOString()}`;
  const name = (value as object).constructor?.name;
  return name && name !== 'Object' ? `a ${name}` : 'an object';
}

/**
 * Whether a string holds an unresolved AWS CDK (`${Token[...]}`, `#{...}`) or CDK for Terraform (`${TfToken[...]}`)
 * token. core imports neither library, so it recognizes their encodings.
 */
export function isUnresolvedToken(text: string): boolean {
  return /\$\{Token\[|^#\{|\$\{TfToken\[/.test(text);
}
