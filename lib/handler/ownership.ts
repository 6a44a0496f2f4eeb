// Who owns what a publication writes: the S3 bundle object and the six SSM parameters.
//
// Every publication records its owner, the CloudFormation stack (StackId, an ARN unique to one stack in one account
// and region, and to one life of that stack) and the custom resource's logical id, on what it writes: as user metadata
// on the object and as tags on each parameter. Before a Create or Update writes anything, the handler reads the owner of
// every name it is about to write, and refuses the whole publication, naming each name and its owner, when any of them
// belongs to another stack or to nobody it can recognise. Within one stack, a publication may take over from another
// logical id (a construct that moved): CloudFormation creates the new resource before it deletes the old one, and the
// old one's Delete then sees that the names are no longer its own.
//
// Objects and parameters written by aurora-tls before owners were recorded carry no owner: an Update of the resource
// that wrote them (the object's `aurora-tls-owner` is its physical id; the parameters' `bundle-s3-uri` is its old
// bundle location) adopts them; anything else without an owner is refused.

/** S3 user metadata and SSM tag keys that name the owner (the same keys for both). */
export const OWNER_STACK_KEY = 'aurora-tls-stack-id';
export const OWNER_LOGICAL_ID_KEY = 'aurora-tls-logical-id';

/** The publication that writes: the stack and the custom resource in it. */
export interface Owner {
  readonly stackId: string;
  readonly logicalId: string;
}

/** The owner as S3 metadata / SSM tags. */
export function ownerEntries(owner: Owner): Record<string, string> {
  return { [OWNER_STACK_KEY]: owner.stackId, [OWNER_LOGICAL_ID_KEY]: owner.logicalId };
}

/** The owner recorded in S3 metadata or SSM tags, if both keys are there. */
export function ownerOf(entries: Record<string, string | undefined> | undefined): Owner | undefined {
  const stackId = entries?.[OWNER_STACK_KEY];
  const logicalId = entries?.[OWNER_LOGICAL_ID_KEY];
  return stackId && logicalId ? { stackId, logicalId } : undefined;
}

/** Whether two owners are the same stack (any logical id). */
export function sameStack(a: Owner | undefined, b: Owner): boolean {
  return a !== undefined && a.stackId === b.stackId;
}

/** Whether two owners are the same resource of the same stack. */
export function sameResource(a: Owner | undefined, b: Owner): boolean {
  return sameStack(a, b) && a!.logicalId === b.logicalId;
}

/**
 * The owner for a message: `resource AuroraTlsTrustBundleRsa2048G1 of stack Prod (arn:aws:cloudformation:...)`, or
 * what is known of an unrecorded one.
 */
export function describeOwner(owner: Owner | undefined, unrecorded: string): string {
  if (!owner) return unrecorded;
  const name = /:stack\/([^/]+)\//.exec(owner.stackId)?.[1];
  return `resource ${owner.logicalId} of stack ${name ? `${name} (${owner.stackId})` : owner.stackId}`;
}

/** One name the publication would write that is not its own. */
export interface Conflict {
  /** `s3://bucket/key` or the parameter name. */
  readonly name: string;
  /** `describeOwner` of its owner. */
  readonly owner: string;
}

/**
 * The Reason of a publication refused for conflicts: every name and its owner, what became of this attempt's writes,
 * and the fixes.
 * @param written what this attempt wrote and removed, as sentences @default 'Nothing was written.'
 */
export function conflictReason(conflicts: readonly Conflict[], parameterPrefix: string, written = 'Nothing was written.'): string {
  const list = conflicts.map((c) => `${c.name} belongs to ${c.owner}`).join('; ');
  return `Refusing to publish the trust bundle: ${list}. ${written} ` +
    `A publication never overwrites what another publication owns. Give this trust bundle another parameterPrefix than ${parameterPrefix} ` +
    '(the default, /aurora-tls/<stack-name>/<ca-identifier>, is unique per stack), or read the existing bundle with ' +
    'TrustBundle.fromTrustBundleAttributes instead of publishing it again';
}
