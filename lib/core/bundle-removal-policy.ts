/**
 * What happens to the bucket created for the trust bundle when its stack (or Terraform configuration) is deleted.
 * The AWS CDK and the Terraform constructs take the same values and build the bucket from the same
 * `BundleBucketSettings` (`BundleBucketSettings.of()`).
 */
export enum BundleRemovalPolicy {
  /**
   * Keep the bucket and every version of the bundle: S3 Object Lock (governance mode) keeps each version for
   * `BundleBucketSettings.objectLockDays`. AWS CDK: `RemovalPolicy.RETAIN`. Terraform: no `force_destroy`, so a destroy
   * fails while the bucket holds versions; remove it from the state (`terraform state rm`) to keep it.
   */
  RETAIN = 'retain',
  /**
   * Delete the bucket with the stack, objects and versions included, and without Object Lock (a locked version could
   * not be deleted). AWS CDK: `RemovalPolicy.DESTROY` with the objects removed first. Terraform: `force_destroy`.
   */
  DESTROY = 'destroy',
}

/** The bucket a removal policy asks for. */
export interface BundleBucketDecision {
  /** The removal policy the decision is for. */
  readonly removalPolicy: BundleRemovalPolicy;
  /** Whether the bucket has S3 Object Lock with a default retention (governance mode). */
  readonly objectLock: boolean;
  /** Days each version is locked (governance mode), when `objectLock`. */
  readonly objectLockDays?: number;
  /** Days a replaced (noncurrent) version is kept before it expires. */
  readonly noncurrentVersionDays: number;
  /** Whether deleting the stack deletes the bucket, emptying it first (Terraform `force_destroy`). */
  readonly deleteWithStack: boolean;
}

/** How long the bucket keeps (and, with Object Lock, locks) every version of a bundle. */
const BUNDLE_HISTORY_DAYS = 365;

/** The one place that decides what each `BundleRemovalPolicy` means for the bucket. */
export class BundleBucketSettings {
  /** The default removal policy of a bucket created for trust bundles. */
  public static readonly DEFAULT_REMOVAL_POLICY = BundleRemovalPolicy.RETAIN;

  /**
   * The bucket settings for a removal policy.
   * @param removalPolicy the policy
   * @throws when `removalPolicy` is not a `BundleRemovalPolicy` member; the message names the value and the members
   */
  public static of(removalPolicy: BundleRemovalPolicy): BundleBucketDecision {
    switch (removalPolicy) {
      case BundleRemovalPolicy.RETAIN:
        return {
          removalPolicy, objectLock: true, objectLockDays: BUNDLE_HISTORY_DAYS, noncurrentVersionDays: BUNDLE_HISTORY_DAYS, deleteWithStack: false,
        };
      case BundleRemovalPolicy.DESTROY:
        return { removalPolicy, objectLock: false, noncurrentVersionDays: BUNDLE_HISTORY_DAYS, deleteWithStack: true };
      default: {
        const problem = BundleBucketSettings.problem(removalPolicy);
        throw new Error(problem);
      }
    }
  }

  /**
   * Why `value` is not a `BundleRemovalPolicy`, or undefined when it is (or is undefined: the default).
   * @param value the prop value
   */
  public static problem(value: unknown): string | undefined {
    if (value === undefined || Object.values(BundleRemovalPolicy).includes(value as BundleRemovalPolicy)) return undefined;
    const shown = typeof value === 'string' ? `'${value.slice(0, 64)}'` : String(value);
    return `removalPolicy takes BundleRemovalPolicy.RETAIN or BundleRemovalPolicy.DESTROY, got ${shown}`;
  }

  private constructor() {}
}
