// Validation and naming shared by TrustBundle and TlsAuroraCluster (which validates its trustBundle options before
// creating anything). Not exported from the package.

import { createHash } from 'crypto';
import { Duration, RemovalPolicy, Stack, Token, Tokenization } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { DeployTimeCaGuard } from './deploy-time-ca';
import { CaSelection, CertificateAuthority, RegionCatalog, TrustBundleLayout, TrustBundleParameterNames, TrustStore, ValidityPeriod } from '../../core';
import { ClusterRules } from '../../core/private/cluster-rules';
import { Naming } from '../../core/private/naming';
import { describeValue } from '../../core/private/util';
import type { TrustBundleAttributes, TrustBundleOptions } from '../trust-bundle';

/** A validation rule: checked with every other rule, all failures reported together. */
export interface ValidationRule {
  readonly condition: boolean;
  readonly message: string;
}

/** The effective options of a trust bundle, as the handler receives them. */
export interface TrustBundleSettings {
  /** `MinimumValidityDays`: a whole number of days, or a deploy-time value. */
  readonly minimumValidityDays: string;
  /** `ExpiryBehavior`: the value of an `ExpiryBehavior` member. */
  readonly expiryBehavior: string;
}

/** What an existing trust bundle was created with, to compare a later request against. */
export interface ExistingTrustBundle {
  readonly bucket: unknown;
  readonly parameterPrefix: string;
  readonly minimumValidity: Duration;
  readonly expiryBehavior: string;
}

/** The bounds and the default are core's, shared with the Terraform constructs (and the handler's 0 to 36500 days). */
const DEFAULT_MINIMUM_VALIDITY_DAYS = ValidityPeriod.DEFAULT_DAYS;
const DAY_SECONDS = 86_400;
/** The removal policies of the bucket aurora-tls creates (RETAIN: versioned and locked; DESTROY: deleted with the stack). */
const BUCKET_REMOVAL_POLICIES: unknown[] = [RemovalPolicy.RETAIN, RemovalPolicy.DESTROY];
/** The removal policy each stack's bucket was created with. */
const BUCKET_POLICIES = new WeakMap<Stack, RemovalPolicy>();
const ACCOUNT_ID = /^[0-9]{12}$/;

/** Rules, names and settings of trust bundles. */
export class TrustBundlePlan {
  /**
   * The problems of the options (bucket, parameterPrefix, minimumValidity, expiryBehavior), each message starting
   * with `label` and the option name (`label` is '' for TrustBundle, 'trustBundle.' for TlsAuroraCluster).
   * Deploy-time values are left to the handler, which checks them before it publishes.
   */
  public static optionRules(options: TrustBundleOptions, label: string, stack: Stack): ValidationRule[] {
    const rules: ValidationRule[] = [];
    const bucket: unknown = options.bucket;
    const removal: unknown = options.removalPolicy;
    rules.push({
      condition: removal !== undefined && !BUCKET_REMOVAL_POLICIES.includes(removal),
      message: `${label}removalPolicy takes RemovalPolicy.RETAIN or RemovalPolicy.DESTROY, got ${describeValue(removal)}`,
    });
    rules.push({
      condition: removal !== undefined && bucket !== undefined,
      message: `${label}removalPolicy applies to the bucket aurora-tls creates, and bucket is given: set the removal policy of your bucket ` +
        `where you create it, and remove ${label}removalPolicy`,
    });
    const created = BUCKET_POLICIES.get(stack);
    rules.push({
      condition: bucket === undefined && created !== undefined && (removal ?? RemovalPolicy.RETAIN) !== created,
      message: `${label}removalPolicy ${describeValue(removal ?? RemovalPolicy.RETAIN)} differs from the one the stack's trust bundle bucket ` +
        `was created with (${describeValue(created)}): the trust bundles of a stack share that bucket; give them the same removalPolicy`,
    });
    rules.push({
      condition: bucket !== undefined && !isBucket(bucket),
      message: `${label}bucket takes an s3.IBucket such as s3.Bucket.fromBucketName(this, 'Bundles', 'my-bucket'), got ${describeValue(bucket)}`,
    });
    const prefix: unknown = options.parameterPrefix;
    if (prefix !== undefined && !(typeof prefix === 'string' && Token.isUnresolved(prefix))) {
      for (const message of TrustBundleLayout.checkParameterPrefix(prefix as string)) {
        rules.push({ condition: true, message: `${label}parameterPrefix: ${message}` });
      }
    }
    const validity = TrustBundlePlan.validityDays(options.minimumValidity);
    rules.push({ condition: validity.problem !== undefined, message: `${label}${validity.problem}` });
    const behavior = ClusterRules.expiryBehaviorProblem(`${label}expiryBehavior`, options.expiryBehavior);
    rules.push({ condition: behavior !== undefined, message: behavior ?? '' });
    return rules;
  }

  /** Record the removal policy a stack's bucket is created with (a later trust bundle of the stack must agree). */
  public static recordBucketPolicy(stack: Stack, policy: RemovalPolicy): void {
    BUCKET_POLICIES.set(stack, policy);
  }

  /** The problems of the attributes of an imported trust bundle, each naming the value and the fix. */
  public static attributeRules(attrs: TrustBundleAttributes): ValidationRule[] {
    const rules: ValidationRule[] = [];
    const literal = (value: unknown): value is string => typeof value === 'string' && !Token.isUnresolved(value);
    const ca: unknown = attrs.certificateAuthority;
    if (!(ca instanceof CertificateAuthority)) {
      const hint = typeof ca === 'string' ? `; use CertificateAuthority.of('${ca}')` : '';
      rules.push({ condition: true, message: `certificateAuthority takes a CertificateAuthority such as CertificateAuthority.RSA2048_G1, got ${describeValue(ca)}${hint}` });
    }
    const bucketName: unknown = attrs.bucketName;
    if (typeof bucketName !== 'string') {
      rules.push({ condition: true, message: `bucketName takes the name of the bucket that holds the bundle, e.g. 'database-bundles', got ${describeValue(bucketName)}` });
    } else if (literal(bucketName)) {
      rules.push(...TrustBundleLayout.checkBucketName(bucketName, 'bucketName').map((message) => ({ condition: true, message })));
    }
    const { stackName, parameterPrefix, objectKey } = attrs;
    if (stackName === undefined) {
      const missing = [parameterPrefix === undefined ? 'parameterPrefix' : undefined, objectKey === undefined ? 'objectKey' : undefined].filter(Boolean);
      rules.push({
        condition: missing.length > 0,
        message: `${missing.join(' and ')} ${missing.length > 1 ? 'are' : 'is'} needed without stackName: give stackName (the stack that published ` +
          `the bundle with the default names), or the bundle's ${missing.join(' and ')} as its publisher outputs ${missing.length > 1 ? 'them' : 'it'}`,
      });
    } else if (literal(stackName)) {
      rules.push(...TrustBundleLayout.checkStackName(stackName).map((message) => ({ condition: true, message: `stackName: ${message}` })));
    }
    if (literal(parameterPrefix)) {
      rules.push(...TrustBundleLayout.checkParameterPrefix(parameterPrefix).map((message) => ({ condition: true, message: `parameterPrefix: ${message}` })));
    }
    if (literal(objectKey)) {
      rules.push(...TrustBundleLayout.checkObjectKey(objectKey, 'objectKey').map((message) => ({ condition: true, message })));
    }
    if (attrs.region !== undefined && !(typeof attrs.region === 'string' && Token.isUnresolved(attrs.region))) {
      try {
        RegionCatalog.validateRegion(attrs.region);
      } catch (e) {
        rules.push({ condition: true, message: `region: ${(e as Error).message}` });
      }
    }
    const account: unknown = attrs.account;
    rules.push({
      condition: account !== undefined && !(typeof account === 'string' && (Token.isUnresolved(account) || ACCOUNT_ID.test(account))),
      message: `account ${describeValue(account)} is not an AWS account id (12 digits, e.g. '111111111111'); give the account that published the bundle`,
    });
    return rules;
  }

  /** The settings the handler receives, from validated options. */
  public static settings(options: TrustBundleOptions): TrustBundleSettings {
    return {
      minimumValidityDays: TrustBundlePlan.validityDays(options.minimumValidity).days!,
      expiryBehavior: options.expiryBehavior ?? 'fail',
    };
  }

  /**
   * Why the bundle of a concrete region cannot be published (undefined if it can): an unknown region, a selection
   * the region does not offer, or a region whose roots are not vendored (China).
   */
  public static regionProblem(selection: CaSelection, region: string): string | undefined {
    return ClusterRules.regionProblem(selection, region, 'Stack region') ?? TrustBundlePlan.storeProblem(selection.resolve(region), region);
  }

  /** Why the vendored trust store cannot give the region's bundle and the CA's root (undefined if it can). */
  public static storeProblem(ca: CertificateAuthority, region: string): string | undefined {
    try {
      TrustStore.bundled().root(region, ca);
      return undefined;
    } catch (e) {
      return (e as Error).message;
    }
  }

  /**
   * Why the deploy-time check cannot run in a region (undefined if it can): its roots are not vendored (China). The
   * message a concrete-region TlsAuroraCluster gets at synth time, and the Rule of an environment-agnostic stack at
   * deploy time.
   */
  public static deployTimeStoreProblem(ca: CertificateAuthority, region: string): string | undefined {
    const problem = TrustBundlePlan.storeProblem(ca, region);
    return problem === undefined ? undefined :
      `deployTimeCheck: ${problem}; set deployTimeCheck to false to deploy without the deploy-time check and the trust bundle, ` +
      'which need the roots vendored with aurora-tls';
  }

  /**
   * The stack-level construct id of the trust bundle of a selection: one per CA (`AuroraTlsTrustBundleRsa2048G1`)
   * when it is known at synth time, else one per selection (`AuroraTlsTrustBundlePreferredEcc384G1Rsa2048G1`).
   */
  public static bundleId(selection: CaSelection, region: string | undefined): string {
    return `AuroraTlsTrustBundle${TrustBundlePlan.caPart(selection, region)}`;
  }

  /**
   * What ends the construct id of a trust bundle: nothing for the stack's bucket and the default prefix, else a hash of
   * the bucket name and the prefix. A new bucket or prefix is then a new publication (with its own IAM policy) that
   * CloudFormation creates, then deletes the old one with what it published while the old policy still allows it.
   */
  public static identitySuffix(stack: Stack, options: TrustBundleOptions): string {
    if (options.bucket === undefined && options.parameterPrefix === undefined) return '';
    const identity = JSON.stringify(stack.resolve([
      options.bucket?.bucketName ?? null,
      options.parameterPrefix === undefined ? null : trimSlash(options.parameterPrefix),
    ]));
    return createHash('sha256').update(identity).digest('hex').slice(0, 8).toUpperCase();
  }

  /**
   * The stack-level construct id of the check-only resource of (CA, engine, engine version): readable, plus a hash of
   * the exact values so that versions that differ only in punctuation never share a resource.
   */
  public static checkId(
    stack: Stack,
    selection: CaSelection,
    region: string | undefined,
    identifier: string,
    engine: string,
    engineVersion: string,
  ): string {
    const version = Token.isUnresolved(engineVersion) ? 'DeployTimeVersion' : engineVersion.replace(/[^A-Za-z0-9]/g, '');
    const identity = JSON.stringify(stack.resolve([identifier, engine, engineVersion]));
    const hash = createHash('sha256').update(identity).digest('hex').slice(0, 8).toUpperCase();
    return `AuroraTlsCaCheck${TrustBundlePlan.caPart(selection, region)}${Naming.pascal(engine)}${version}${hash}`;
  }

  /**
   * Why a request for the trust bundle of an existing one cannot share it: an option given with another value than
   * the one it was created with. Options not given are not compared. `prefix` starts the message ('' or 'trustBundle: ').
   */
  public static conflicts(existing: ExistingTrustBundle, options: TrustBundleOptions, caText: string, prefix: string): ValidationRule[] {
    const differences: string[] = [];
    if (options.bucket !== undefined && options.bucket !== existing.bucket) {
      differences.push('bucket (another s3.IBucket)');
    }
    if (options.parameterPrefix !== undefined && trimSlash(options.parameterPrefix) !== trimSlash(existing.parameterPrefix)) {
      differences.push(`parameterPrefix ${describeValue(options.parameterPrefix)} (the bundle has ${describeValue(existing.parameterPrefix)})`);
    }
    if (options.minimumValidity !== undefined) {
      const wanted = TrustBundlePlan.validityDays(options.minimumValidity).days;
      const has = TrustBundlePlan.validityDays(existing.minimumValidity).days;
      if (wanted !== has) differences.push(`minimumValidity ${showDays(wanted)} (the bundle has ${showDays(has)})`);
    }
    if (options.expiryBehavior !== undefined && options.expiryBehavior !== existing.expiryBehavior) {
      differences.push(`expiryBehavior '${options.expiryBehavior}' (the bundle has '${existing.expiryBehavior}')`);
    }
    return [{
      condition: differences.length > 0,
      message: `${prefix}the stack already publishes the trust bundle of ${caText} with other options: ${differences.join(', ')}; ` +
        `a stack publishes one trust bundle per certificate authority: give every TlsAuroraCluster and TrustBundle.of() of ${caText} ` +
        'the same options, or leave them out to share the existing bundle',
    }];
  }

  /** The `MinimumValidityDays` of a duration, or why it cannot be one. */
  private static validityDays(value: unknown): { days?: string; problem?: string } {
    if (value === undefined) return { days: String(DEFAULT_MINIMUM_VALIDITY_DAYS) };
    if (!(value instanceof Duration)) {
      return { problem: `minimumValidity takes a Duration such as Duration.days(365), got ${describeValue(value)}` };
    }
    if (value.isUnresolved()) {
      try {
        return { days: Tokenization.stringifyNumber(value.toDays()) };
      } catch {
        return { problem: 'minimumValidity is a deploy-time value in a unit other than days; give it as Duration.days(value), which the handler checks at deploy time' };
      }
    }
    const days = value.toSeconds({ integral: false }) / DAY_SECONDS;
    const problem = ValidityPeriod.problemOfDays(days, value.toHumanString(), 'Duration.days(365)');
    if (problem !== undefined) return { problem };
    return { days: String(days) };
  }

  /** `Rsa2048G1` for a CA known at synth time, `PreferredEcc384G1Rsa2048G1` for a selection resolved per region. */
  private static caPart(selection: CaSelection, region: string | undefined): string {
    const identifier = region !== undefined ? selection.resolve(region).identifier : DeployTimeCaGuard.literalIdentifier(selection);
    if (identifier !== undefined) return Naming.pascal(identifier.replace(/^rds-ca-/, ''));
    return DeployTimeCaGuard.idFor(selection).replace(/^AuroraTlsCa/, '');
  }

  private constructor() {}
}

/** What is needed to read a trust bundle: the bucket, the object key, and the parameter ARNs. */
export interface ReadableBundle {
  readonly bucket: s3.IBucket;
  readonly objectKey: string;
  readonly parameterArns: string[];
}

/** Parameter ARNs and read grants, the same for a published and an imported trust bundle. */
export class BundleGrants {
  /**
   * The ARNs of a trust bundle's six parameters: `arn:<partition>:ssm:<region>:<account>:parameter<name>` (names start
   * with '/': checked at synth time for literal prefixes, by the handler for deploy-time ones).
   */
  public static parameterArns(names: TrustBundleParameterNames, region: string, account: string, partition: string): string[] {
    return [names.caIdentifier, names.rootPem, names.bundleS3Uri, names.bundleSha256, names.validTill, names.sslMode]
      .map((name) => `arn:${partition}:ssm:${region}:${account}:parameter${name}`);
  }

  /**
   * `s3:GetObject` on the object (on the principal, or on the bucket policy of a bucket of this app for a principal of
   * another account), `ssm:GetParameter(s)` on the parameters, and `kms:Decrypt` on the bucket's key when it has one.
   */
  public static grantRead(grantee: iam.IGrantable, bundle: ReadableBundle): iam.Grant {
    let grant = iam.Grant.addToPrincipalOrResource({
      grantee,
      actions: ['s3:GetObject'],
      resourceArns: [bundle.bucket.arnForObjects(bundle.objectKey)],
      resource: bundle.bucket,
    });
    grant = grant.combine(iam.Grant.addToPrincipal({
      grantee,
      actions: ['ssm:GetParameter', 'ssm:GetParameters'],
      resourceArns: bundle.parameterArns,
    }));
    if (bundle.bucket.encryptionKey) {
      grant = grant.combine(bundle.bucket.encryptionKey.grantDecrypt(grantee));
    }
    return grant;
  }

  private constructor() {}
}

function isBucket(value: unknown): boolean {
  const bucket = value as { bucketName?: unknown; bucketArn?: unknown };
  return value !== null && typeof value === 'object' && typeof bucket.bucketName === 'string' && typeof bucket.bucketArn === 'string';
}

function trimSlash(prefix: string): string {
  return prefix.length > 1 && prefix.endsWith('/') ? prefix.slice(0, -1) : prefix;
}

function showDays(days: string | undefined): string {
  if (days === undefined) return 'an invalid value';
  return Token.isUnresolved(days) ? 'a deploy-time value' : `${days} days`;
}
