// The default names of a trust bundle as plain strings, deploy-time tokens kept as they are: the one definition that
// TrustBundleLayout (typed, validated) and the constructs' deploy-time layout (a CA identifier token) share.

/**
 * The default prefix from plain strings (deploy-time tokens kept as they are): the one definition that
 * `TrustBundleLayout.parameterPrefix` and the constructs' deploy-time layout share.
 */
export function defaultParameterPrefix(stackName: string, caIdentifier: string): string {
  return `/aurora-tls/${stackName}/${caIdentifier}`;
}

/**
 * The default object key from plain strings (deploy-time tokens kept as they are).
 */
export function defaultObjectKey(stackName: string, region: string, caIdentifier: string): string {
  return `aurora-tls/${stackName}/${region}/${caIdentifier}/${region}-bundle.pem`;
}
