import { createHash } from 'crypto';
import { Aws, CfnRule, CustomResource, Duration, Fn, RemovalPolicy, Stack, Token } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { Construct, IConstruct } from 'constructs';
import { CaCheckFunction } from './ca-check-function';
import { CaSelection, CertificateAuthority, ExpiryBehavior, RegionCatalog, TrustBundleLayout, TrustBundleParameterNames, TrustStore } from '../core';
import { DeployTimeCaGuard } from './private/deploy-time-ca';
import { PolicyAcknowledgements } from './private/policy-acknowledgements';
import { BundleGrants, TrustBundlePlan, ValidationRule } from './private/trust-bundle-plan';
import { ClusterRules } from '../core/private/cluster-rules';
import { defaultObjectKey, defaultParameterPrefix } from '../core/private/layout';
import { describeValue } from '../core/private/util';
import { AuroraTlsValidationError } from '../core/private/validation-error';

/**
 * A trust bundle as its consumers see it: where applications read it (SSM parameter names, the S3 object) and which
 * certificate authority it is for, and `grantRead`. Implemented by `TrustBundle` (published by a stack of this app)
 * and by `TrustBundle.fromTrustBundleAttributes` (published elsewhere: another stack, app, account or region).
 *
 * Pass it to application stacks rather than publishing again: `TlsAuroraCluster.trustBundle` is one. Across stacks of
 * one app, CDK adds the exports it needs.
 */
export interface ITrustBundle extends IConstruct {
  /** The SSM parameter prefix, e.g. `/aurora-tls/Database/rds-ca-rsa2048-g1`. */
  readonly parameterPrefix: string;
  /** The full SSM parameter names. */
  readonly parameterNames: TrustBundleParameterNames;
  /** The ARNs of the six parameters, in the order of `TrustBundleLayout.parameterNames`. */
  readonly parameterArns: string[];
  /** The bucket that holds the bundle object. */
  readonly bucket: s3.IBucket;
  /** S3 key of the bundle object. */
  readonly objectKey: string;
  /** `s3://<bucket>/<key>` of the bundle object. */
  readonly bundleS3Uri: string;
  /** The certificate authority whose root is published, when it is known at synth time. */
  readonly certificateAuthority?: CertificateAuthority;
  /** Its identifier, e.g. `rds-ca-rsa2048-g1` (a deploy-time token in an environment-agnostic stack with a per-region preference). */
  readonly certificateAuthorityIdentifier: string;
  /** The region of the parameters and the bundle (a token for an environment-agnostic stack). */
  readonly region: string;
  /** The account of the parameters and the bundle (a token for an environment-agnostic stack). */
  readonly account: string;

  /**
   * Let `grantee` read the bundle: `s3:GetObject` on the bundle object, `ssm:GetParameter` and `ssm:GetParameters` on
   * the six parameters, and `kms:Decrypt` on the bucket's KMS key when it is known.
   */
  grantRead(grantee: iam.IGrantable): iam.Grant;
}

/**
 * Where a trust bundle published elsewhere lives, for `TrustBundle.fromTrustBundleAttributes`.
 *
 * Give `parameterPrefix` and `objectKey` as the publishing stack has them (its `TrustBundle` outputs them), or, for a
 * bundle published with the default names, just `stackName`: the prefix is then
 * `/aurora-tls/<stackName>/<ca-identifier>` and the key `aurora-tls/<stackName>/<region>/<ca-identifier>/<region>-bundle.pem`.
 */
export interface TrustBundleAttributes {
  /** The certificate authority whose root the bundle publishes. */
  readonly certificateAuthority: CertificateAuthority;
  /** The name of the bucket that holds the bundle object. */
  readonly bucketName: string;
  /**
   * The name of the stack that published the bundle with the default names.
   * @default - none: give parameterPrefix and objectKey
   */
  readonly stackName?: string;
  /**
   * The SSM parameter prefix of the bundle.
   * @default - `TrustBundleLayout.parameterPrefix(stackName, certificateAuthority)`; required without stackName
   */
  readonly parameterPrefix?: string;
  /**
   * The S3 key of the bundle object.
   * @default - `TrustBundleLayout.objectKey(stackName, region, certificateAuthority)`; required without stackName
   */
  readonly objectKey?: string;
  /**
   * The region the bundle was published in (its parameters and bucket).
   * @default - the region of the stack that imports it
   */
  readonly region?: string;
  /**
   * The account the bundle was published in. Reading from another account needs the publisher's consent too: see the
   * README ("Composing stacks").
   * @default - the account of the stack that imports it
   */
  readonly account?: string;
  /**
   * The KMS key of the bucket, when it encrypts with SSE-KMS (a bucket aurora-tls creates uses SSE-S3).
   * @default - none: the bucket uses SSE-S3
   */
  readonly encryptionKey?: kms.IKey;
}

/**
 * Options of a trust bundle: where it is published and how long its certificate authority must stay valid.
 * `TlsAuroraCluster` takes them as `trustBundle` (the certificate authority comes from the cluster).
 */
export interface TrustBundleOptions {
  /**
   * The bucket that holds the bundle object. The function that publishes it may write, read and delete only that
   * object (and uses the bucket's KMS key, when `encryptionKey` is known). It should block public access and deny
   * requests without TLS.
   *
   * Pass your own bucket to meet bucket-level requirements the default bucket does not, such as server access logging
   * (`serverAccessLogsBucket`) or SSE-KMS with your key.
   *
   * @default - one bucket per stack, shared by its trust bundles (construct id `AuroraTlsTrustBundleBucket`): public
   *   access blocked, TLS-only bucket policy, SSE-S3 encryption, versioned, S3 Object Lock in governance mode keeping
   *   every version for 365 days, noncurrent versions expired after 365 days, object events sent to Amazon EventBridge,
   *   and kept when the stack is deleted (`RemovalPolicy.RETAIN`; the objects are removed by the custom resource)
   */
  readonly bucket?: s3.IBucket;

  /**
   * The prefix of the SSM parameters (see `TrustBundleLayout.parameterNames`): starts with '/', at most 14 levels,
   * not under '/aws' or '/ssm'. A deploy-time value is checked by the handler before it publishes.
   *
   * Two stacks never share the default: it contains the stack's name. A prefix given here is used as given, so make it
   * unique in the account and region yourself; the deploy-time check refuses to write parameters that another stack
   * published.
   *
   * @default - `TrustBundleLayout.parameterPrefix(stackName, ca)`: `/aurora-tls/<stack-name>/<ca-identifier>`
   */
  readonly parameterPrefix?: string;

  /**
   * How long the certificate authority must stay valid after the deployment, as RDS reports it
   * (`DescribeCertificates` `ValidTill`). A whole number of days from 0 (only refuse an expired CA) to 36500.
   * A deploy-time value must be given with `Duration.days()`; the handler checks it.
   *
   * @default Duration.days(365)
   */
  readonly minimumValidity?: Duration;

  /**
   * What the deploy-time check does when the certificate authority expires within `minimumValidity`. An expired
   * certificate authority always fails the deployment.
   *
   * @default ExpiryBehavior.FAIL - the deployment fails
   */
  readonly expiryBehavior?: ExpiryBehavior;

  /**
   * What happens to the bucket aurora-tls creates for the stack's trust bundles when the stack is deleted (only that
   * bucket: pass no `bucket`). All the trust bundles of a stack share the bucket, so they must agree.
   *
   * - `RemovalPolicy.RETAIN`: the bucket stays, versioned, with S3 Object Lock keeping every published version for 365
   *   days: a swapped bundle can be proven and undone. For long-lived stacks.
   * - `RemovalPolicy.DESTROY`: a bucket without versioning or Object Lock, deleted with the stack; each publication
   *   removes its object when it is deleted, so the bucket is empty by then. For short-lived stacks (dev, CI). A
   *   bucket that holds objects aurora-tls did not write is not emptied, and its deletion fails.
   *
   * @default RemovalPolicy.RETAIN
   */
  readonly removalPolicy?: RemovalPolicy;
}

/**
 * Properties of `TrustBundle.of()`.
 */
export interface TrustBundleProps extends TrustBundleOptions {
  /**
   * The certificate authority whose root is published in `root-pem`, `ca-identifier` and `valid-till`: the same
   * selection as the clusters that use the bundle. The bundle object always holds every G1 root of the region.
   *
   * @default CaSelection.exactly(CertificateAuthority.RSA2048_G1) - rds-ca-rsa2048-g1, offered in every region
   */
  readonly certificateAuthority?: CaSelection;

  /**
   * Publish in this stack even when another stack of the app already publishes the trust bundle of the same
   * certificate authority in the same account and region.
   *
   * @default false - `TrustBundle.of()` refuses to publish a second copy and says how to read the existing one
   *   (`ITrustBundle`: the database's `trustBundle`, or `TrustBundle.fromTrustBundleAttributes`)
   */
  readonly allowDuplicate?: boolean;
}

const DEFAULT_SELECTION = CaSelection.exactly(CertificateAuthority.RSA2048_G1);
const ERROR_CODE = 'TrustBundleInvalidProps';
/** Stack-level construct id of the bucket created for the stack's trust bundles. */
const BUCKET_ID = 'AuroraTlsTrustBundleBucket';
/** Stack-level construct id of the Rule that keeps an environment-agnostic stack's publications out of regions without vendored roots. */
const REGION_RULE_ID = 'AuroraTlsTrustBundleRegionsRule';
/** How long the stack's bucket keeps (and locks) every version of a bundle. */
const BUNDLE_HISTORY = Duration.days(365);
/** Why the policy checkers' findings on the stack's bucket are acknowledged rather than fixed (see SECURITY.md). */
const BUCKET_ACKNOWLEDGEMENTS = {
  noServerAccessLogs:
    'Server access logs need a second bucket per stack, which could itself not be logged nor use SSE-KMS, and are ' +
    'delivered best effort; every write to this bucket is sent to EventBridge instead, and versions are kept and ' +
    'locked for a year. To log access, pass your own bucket (the bucket option) with serverAccessLogsBucket set',
  shortLived:
    'removalPolicy: RemovalPolicy.DESTROY asks for a bucket deleted with its stack: S3 cannot delete a versioned bucket ' +
    'that still holds versions, nor one under Object Lock, so this bucket has neither; it holds only public CA ' +
    'certificates republished by every deployment. Use the default (RETAIN) for long-lived stacks',
  sseS3:
    'The bucket holds only public CA certificates, so SSE-KMS adds no confidentiality; the AWS managed key would ' +
    'keep readers in other accounts out, and a customer managed key costs a key per stack. SSE-S3 encrypts at rest; ' +
    'to use your KMS key, pass your own bucket (the bucket option): grantRead and the publication policy add the KMS actions',
};

/**
 * The trust bundle of an Aurora region, verified with RDS and published at deploy time for applications.
 *
 * A custom resource (`Custom::AuroraTlsTrustBundle`, backed by one Lambda function per stack) asks Amazon RDS whether
 * the certificate authority is offered in the region (`DescribeCertificates`), checks that RDS's thumbprint is the
 * root vendored with aurora-tls and that the CA stays valid for `minimumValidity`, then publishes the region's PEM
 * bundle (every G1 root of the region) as an S3 object and SSM parameters naming the CA, its root, the bundle's
 * location and SHA-256, the root's expiry and the SSL mode to use (the same names and meaning as the CDK for
 * Terraform `TrustBundle`; see `TrustBundleLayout`). Deleting it removes what it published.
 *
 * Names are unique per stack by default (`/aurora-tls/<stack-name>/<ca-identifier>`), and the publication records
 * its stack as the owner of the object and of each parameter: a deployment refuses to write, and a deletion leaves,
 * what another stack published (see SECURITY.md).
 *
 * A stack publishes one trust bundle per certificate authority: get it with `TrustBundle.of()`. `TlsAuroraCluster`
 * does, and makes its cluster and instances depend on it. Other stacks, apps and accounts read it as an
 * `ITrustBundle`: the cluster's `trustBundle`, or `TrustBundle.fromTrustBundleAttributes()`.
 *
 * Its construct id is `AuroraTlsTrustBundle<Ca>` (plus a hash of the bucket and prefix when they are given), at stack
 * level; its children are `Resource` and `Policy`, the function's
 * permissions for this publication, which CloudFormation creates before it and deletes after it.
 *
 * The layout values (`objectKey`, `bundleS3Uri`, `parameterNames`) are known at synth time; depend on `resource`, or
 * use the attributes (`thumbprint`, `validTill`, `bundleSha256`), to run after the bundle is published.
 *
 * @example
 * import { aws_lambda as lambda } from 'aws-cdk-lib';
 * import { CaSelection, CertificateAuthority, TrustBundle } from 'aurora-tls';
 *
 * declare const appFunction: lambda.Function;
 * const bundle = TrustBundle.of(this, { certificateAuthority: CaSelection.exactly(CertificateAuthority.ECC384_G1) });
 * bundle.grantRead(appFunction);
 * appFunction.addEnvironment('CA_BUNDLE_PARAMETER', bundle.parameterNames.bundleS3Uri);
 */
export class TrustBundle extends Construct implements ITrustBundle {
  /**
   * A trust bundle published elsewhere (another stack, app, account or region), to read from this stack: parameter
   * ARNs in that region and account, and `grantRead`. Creates no resource.
   *
   * @param scope the construct of the stack that reads the bundle
   * @param id the construct id
   * @param attrs where the bundle lives
   */
  public static fromTrustBundleAttributes(scope: Construct, id: string, attrs: TrustBundleAttributes): ITrustBundle {
    return new ImportedTrustBundle(scope, id, attrs);
  }

  /**
   * The stack's trust bundle for a certificate authority selection, created on first use and shared after that (one
   * publication per stack and certificate authority). Options given to a later call must match the ones it was
   * created with; options left out are not compared.
   *
   * It publishes in the stack of `scope`. To read a bundle that another stack publishes, use that stack's
   * `ITrustBundle` (a `TlsAuroraCluster`'s `trustBundle`) or `TrustBundle.fromTrustBundleAttributes()`: `of()` refuses
   * to publish a second copy of a certificate authority that another stack of the app publishes in the same account
   * and region, unless `allowDuplicate` is set.
   *
   * Props are validated before anything is created: one `ValidationError` lists every problem.
   *
   * @param scope any construct of the stack
   * @param props the certificate authority and the options
   */
  public static of(scope: Construct, props: TrustBundleProps = {}): TrustBundle {
    const stack = stackOf(scope, 'TrustBundle.of()', 'pass a construct of the stack that publishes the bundle, e.g. TrustBundle.of(this, { ... }) in a Stack or Construct');
    props = props ?? {};
    const rules: ValidationRule[] = [];

    const rawSelection: unknown = props.certificateAuthority ?? DEFAULT_SELECTION;
    const selection = rawSelection instanceof CaSelection ? rawSelection : undefined;
    rules.push({
      condition: selection === undefined,
      message: ClusterRules.selectionProblem(rawSelection, (v) => Token.isUnresolved(v)) ?? '',
    });
    rules.push(...TrustBundlePlan.optionRules(props, '', stack));
    const stackNameProblems = Token.isUnresolved(stack.stackName) ? [] : TrustBundleLayout.checkStackName(stack.stackName);
    rules.push(...stackNameProblems.map((message) => ({ condition: true, message })));

    const region = Token.isUnresolved(stack.region) ? undefined : stack.region;
    let existing: TrustBundle | undefined;
    if (selection) {
      const problem = region === undefined ? undefined : TrustBundlePlan.regionProblem(selection, region);
      rules.push({ condition: problem !== undefined, message: problem ?? '' });
      existing = problem === undefined ? TrustBundle._existing(stack, selection, region) : undefined;
      if (existing) {
        rules.push(...TrustBundlePlan.conflicts(existing, props, TrustBundle.caText(selection, region), ''));
      } else if (problem === undefined) {
        rules.push(...TrustBundle.placementRules(stack, selection, region, props, TrustBundle.caText(selection, region)));
      }
    }

    const failures = rules.filter((rule) => rule.condition).map((rule) => rule.message);
    if (failures.length > 0) {
      throw new AuroraTlsValidationError(ERROR_CODE, AuroraTlsValidationError.initializationMessage('TrustBundle', failures), scope.node.path);
    }
    if (existing) return existing;
    const key = TrustBundlePlan.bundleId(selection!, region);
    const bundle = new TrustBundle(stack, `${key}${TrustBundlePlan.identitySuffix(stack, props)}`, key, selection!, region, props);
    if (props.allowDuplicate !== true) {
      // Checked again on the final tree: the stack that also publishes may be built after this one.
      const caText = TrustBundle.caText(selection!, region);
      bundle.node.addValidation({ validate: () => [TrustBundle.duplicateProblem(stack, key, caText)].filter((p): p is string => p !== undefined) });
    }
    return bundle;
  }

  /**
   * The stack's trust bundle of a selection, if there is one already.
   * @internal
   */
  public static _existing(stack: Stack, selection: CaSelection, region: string | undefined): TrustBundle | undefined {
    const key = TrustBundlePlan.bundleId(selection, region);
    return stack.node.children.find((child): child is TrustBundle => child instanceof TrustBundle && child.key === key);
  }

  /**
   * Why a new publication cannot go in this stack: another stack of the app publishes the same CA in the same
   * environment (unless `allowDuplicate`), or another trust bundle of the stack has the same parameter prefix.
   */
  private static placementRules(
    stack: Stack, selection: CaSelection, region: string | undefined, props: TrustBundleProps, caText: string,
  ): ValidationRule[] {
    const key = TrustBundlePlan.bundleId(selection, region);
    const rules: ValidationRule[] = [];
    if (props.allowDuplicate !== true) {
      const problem = TrustBundle.duplicateProblem(stack, key, caText);
      rules.push({ condition: problem !== undefined, message: problem ?? '' });
    }
    const prefix = props.parameterPrefix;
    if (typeof prefix === 'string' && !Token.isUnresolved(prefix)) {
      const same = stack.node.children.find((c): c is TrustBundle => c instanceof TrustBundle && trimSlash(c.parameterPrefix) === trimSlash(prefix));
      rules.push({
        condition: same !== undefined,
        message: `parameterPrefix ${describeValue(prefix)} is already the prefix of the stack's trust bundle of ${same?.certificateAuthorityIdentifier}: ` +
          'two publications would write the same parameters; give each its own prefix, or leave it out (the default is unique per certificate authority)',
      });
    }
    return rules;
  }

  /**
   * Why publishing `key` in `stack` would copy what another stack of the app publishes in the same environment
   * (undefined if it would not).
   */
  private static duplicateProblem(stack: Stack, key: string, caText: string): string | undefined {
    const elsewhere = stack.node.root.node.findAll().find((c): c is TrustBundle =>
      c instanceof TrustBundle && c.key === key && Stack.of(c) !== stack && Stack.of(c).environment === stack.environment);
    if (!elsewhere) return undefined;
    const other = Stack.of(elsewhere).stackName;
    return `stack '${other}' already publishes the trust bundle of ${caText} in ${stack.environment}, and TrustBundle.of() ` +
      `publishes in the stack of its scope ('${stack.stackName}'), which would make a second copy; to read the bundle of '${other}' ` +
      `from '${stack.stackName}', pass its ITrustBundle (the TlsAuroraCluster's trustBundle; CDK adds the exports) or use ` +
      `TrustBundle.fromTrustBundleAttributes(this, 'TrustBundle', { stackName: '${other}', ... }); to publish a second copy on purpose, set allowDuplicate: true`;
  }

  /**
   * The Rule that keeps an environment-agnostic stack that publishes out of the regions whose roots are not vendored
   * (China), with the message a stack in such a region gets at synth time. Created once per stack.
   */
  private static regionRule(stack: Stack): void {
    if (stack.node.tryFindChild(REGION_RULE_ID)) return;
    const store = TrustStore.bundled();
    const assertions = RegionCatalog.regions()
      .filter((region) => !store.hasRootsFor(region))
      .map((region) => ({
        assert: Fn.conditionNot(Fn.conditionEquals(Aws.REGION, region)),
        assertDescription: TrustBundlePlan.deployTimeStoreProblem(CertificateAuthority.RSA2048_G1, region)!,
      }));
    if (assertions.length > 0) new CfnRule(stack, REGION_RULE_ID, { assertions });
  }

  /** The CA of a selection for messages: its identifier when known at synth time, else the selection. */
  private static caText(selection: CaSelection, region: string | undefined): string {
    const identifier = region !== undefined ? selection.resolve(region).identifier : DeployTimeCaGuard.literalIdentifier(selection);
    return identifier ?? selection.toString();
  }

  /**
   * The bucket created for the stack's trust bundles, on first use. It holds public certificates, so what matters is
   * integrity: versions kept and locked, every write visible in EventBridge, no public access, TLS only. A stack that
   * asks for `RemovalPolicy.DESTROY` gets a bucket it can delete: no versions, no lock.
   */
  private static stackBucket(stack: Stack, removalPolicy: RemovalPolicy): s3.IBucket {
    const found = stack.node.tryFindChild(BUCKET_ID);
    if (found) return found as s3.Bucket;
    const retained = removalPolicy !== RemovalPolicy.DESTROY;
    TrustBundlePlan.recordBucketPolicy(stack, removalPolicy);
    const bucket = new s3.Bucket(stack, BUCKET_ID, {
      blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
      enforceSSL: true,
      encryption: s3.BucketEncryption.S3_MANAGED,
      removalPolicy: retained ? RemovalPolicy.RETAIN : RemovalPolicy.DESTROY,
      // Every published version stays, unaltered, for a year: a swapped bundle can be proven and undone. Governance
      // mode: a principal with s3:BypassGovernanceRetention can still remove a version. Deleting the current object
      // (what the custom resource does) only adds a delete marker.
      ...(retained ? {
        versioned: true,
        objectLockEnabled: true,
        objectLockDefaultRetention: s3.ObjectLockRetention.governance(BUNDLE_HISTORY),
        lifecycleRules: [{ id: 'ExpireOldBundleVersions', noncurrentVersionExpiration: BUNDLE_HISTORY }],
      } : {
        // Nothing else to clean up: no versions, so each publication's Delete empties its own key.
        lifecycleRules: [{ id: 'AbortIncompleteUploads', abortIncompleteMultipartUploadAfter: Duration.days(1) }],
      }),
    });
    const cfnBucket = bucket.node.defaultChild as s3.CfnBucket;
    // Object events to the account's default EventBridge bus, to alert on a write not made by a deployment. Set on
    // the CfnBucket: s3.Bucket's eventBridgeEnabled adds a notifications custom resource and another function.
    cfnBucket.notificationConfiguration = { eventBridgeConfiguration: { eventBridgeEnabled: true } };
    PolicyAcknowledgements.add(
      cfnBucket,
      { id: 'AwsSolutions-S1', reason: BUCKET_ACKNOWLEDGEMENTS.noServerAccessLogs },
      { id: 'cdk-validator-cfnguard::s3_bucket_logging_enabled_check', reason: BUCKET_ACKNOWLEDGEMENTS.noServerAccessLogs },
      { id: 'cdk-validator-cfnguard::s3_bucket_default_encryption_kms_check', reason: BUCKET_ACKNOWLEDGEMENTS.sseS3 },
      ...(retained ? [] : [
        { id: 'cdk-validator-cfnguard::s3_bucket_versioning_enabled_check', reason: BUCKET_ACKNOWLEDGEMENTS.shortLived },
        { id: 'cdk-validator-cfnguard::s3_bucket_object_lock_enabled_check', reason: BUCKET_ACKNOWLEDGEMENTS.shortLived },
      ]),
    );
    return bucket;
  }

  /** The bucket that holds the bundle object. */
  public readonly bucket: s3.IBucket;
  /**
   * S3 key of the bundle object: `TrustBundleLayout.objectKey(stackName, region, ca)` (the region is `AWS::Region` in an
   * environment-agnostic stack).
   */
  public readonly objectKey: string;
  /** `s3://<bucket>/<key>` of the bundle object. */
  public readonly bundleS3Uri: string;
  /** The SSM parameter prefix. */
  public readonly parameterPrefix: string;
  /** The full SSM parameter names. */
  public readonly parameterNames: TrustBundleParameterNames;
  /** The ARNs of the six parameters, in the stack's region and account. */
  public readonly parameterArns: string[];
  /** The stack's region (`AWS::Region` in an environment-agnostic stack). */
  public readonly region: string;
  /** The stack's account (`AWS::AccountId` in an environment-agnostic stack). */
  public readonly account: string;
  /** The certificate authority selection whose root is published. */
  public readonly certificateAuthoritySelection: CaSelection;
  /**
   * The certificate authority whose root is published, when it is known at synth time (a concrete region, or a
   * selection that resolves to one CA everywhere). Undefined otherwise: use `certificateAuthorityIdentifier`.
   */
  public readonly certificateAuthority?: CertificateAuthority;
  /**
   * The identifier of that certificate authority, e.g. `rds-ca-rsa2048-g1`: a literal, or a deploy-time
   * `Fn::FindInMap` token for an environment-agnostic stack with a per-region preference.
   */
  public readonly certificateAuthorityIdentifier: string;
  /** How long the certificate authority must stay valid after the deployment. */
  public readonly minimumValidity: Duration;
  /** What the deploy-time check does when the certificate authority expires within `minimumValidity`. */
  public readonly expiryBehavior: ExpiryBehavior;
  /** Lowercase hex SHA-1 of the CA's root as RDS reports it (`Fn::GetAtt` of the custom resource). */
  public readonly thumbprint: string;
  /** ISO 8601 UTC time after which the CA's root is no longer valid, as RDS reports it (`Fn::GetAtt`). */
  public readonly validTill: string;
  /** Lowercase hex SHA-256 of the published bundle object (`Fn::GetAtt`). */
  public readonly bundleSha256: string;
  /** The publication custom resource (`Custom::AuroraTlsTrustBundle`, construct id `Resource`). */
  public readonly resource: CustomResource;
  /** What identifies the bundle of a CA in the stack: its construct id without the bucket and prefix hash. */
  private readonly key: string;

  private constructor(stack: Stack, id: string, key: string, selection: CaSelection, region: string | undefined, props: TrustBundleOptions) {
    super(stack, id);
    this.key = key;
    const settings = TrustBundlePlan.settings(props);
    this.certificateAuthoritySelection = selection;
    this.minimumValidity = props.minimumValidity ?? Duration.days(365);
    this.expiryBehavior = props.expiryBehavior ?? ExpiryBehavior.FAIL;

    // The CA: resolved for a concrete region; otherwise the stack's Rule and, for a per-region preference, a mapping.
    const identifier = region !== undefined ? selection.resolve(region).identifier : DeployTimeCaGuard.ensure(stack, selection).identifier;
    const ca = Token.isUnresolved(identifier) ? undefined : CertificateAuthority.of(identifier);
    this.certificateAuthority = ca;
    this.certificateAuthorityIdentifier = identifier;

    // Names unique per stack (the stack name), whether the CA is known now or is a deploy-time token.
    this.region = stack.region;
    this.account = stack.account;
    this.objectKey = defaultObjectKey(stack.stackName, region ?? Aws.REGION, identifier);
    this.parameterPrefix = props.parameterPrefix ?? defaultParameterPrefix(stack.stackName, identifier);
    this.parameterNames = TrustBundleLayout.parameterNames(this.parameterPrefix);
    this.parameterArns = BundleGrants.parameterArns(this.parameterNames, stack.region, stack.account, Aws.PARTITION);
    this.bucket = props.bucket ?? TrustBundle.stackBucket(stack, props.removalPolicy ?? RemovalPolicy.RETAIN);
    this.bundleS3Uri = TrustBundleLayout.bundleS3Uri(this.bucket.bucketName, this.objectKey);
    // No vendored roots in China: an environment-agnostic stack is refused there before anything is created.
    if (region === undefined) TrustBundle.regionRule(stack);

    const fn = CaCheckFunction.of(stack);
    const properties: { [name: string]: string } = {
      CertificateAuthority: identifier,
      MinimumValidityDays: settings.minimumValidityDays,
      ExpiryBehavior: settings.expiryBehavior,
      BucketName: this.bucket.bucketName,
      ObjectKey: this.objectKey,
      ParameterPrefix: this.parameterPrefix,
      SslMode: TrustBundleLayout.recommendedSslMode().value,
    };
    if (region !== undefined) {
      // The handler refuses to publish another bundle than the one synthesized here (another aurora-tls version).
      properties.ExpectedBundleSha256 = createHash('sha256').update(TrustStore.bundled().bundlePem(region), 'utf8').digest('hex');
    }
    this.resource = new CustomResource(this, 'Resource', {
      serviceToken: fn.serviceToken,
      resourceType: 'Custom::AuroraTlsTrustBundle',
      serviceTimeout: CaCheckFunction.SERVICE_TIMEOUT,
      properties,
    });
    // Its own policy: CloudFormation creates it before the publication and deletes it after.
    const policy = fn.grantPublication(this, { bucket: this.bucket, objectKey: this.objectKey, parameterNames: this.parameterNames });
    this.resource.node.addDependency(policy);

    this.thumbprint = this.resource.getAttString('Thumbprint');
    this.validTill = this.resource.getAttString('ValidTill');
    this.bundleSha256 = this.resource.getAttString('BundleSha256');
  }

  /**
   * Let `grantee` read the bundle: `s3:GetObject` on the bundle object, `ssm:GetParameter` and `ssm:GetParameters` on
   * the six parameters, and `kms:Decrypt` on the bucket's KMS key when it has one.
   */
  public grantRead(grantee: iam.IGrantable): iam.Grant {
    return BundleGrants.grantRead(grantee, this);
  }
}

/** A trust bundle published elsewhere (`TrustBundle.fromTrustBundleAttributes`): names and grants, no resource. */
class ImportedTrustBundle extends Construct implements ITrustBundle {
  public readonly parameterPrefix: string;
  public readonly parameterNames: TrustBundleParameterNames;
  public readonly parameterArns: string[];
  public readonly bucket: s3.IBucket;
  public readonly objectKey: string;
  public readonly bundleS3Uri: string;
  public readonly certificateAuthority: CertificateAuthority;
  public readonly certificateAuthorityIdentifier: string;
  public readonly region: string;
  public readonly account: string;

  constructor(scope: Construct, id: string, attrs: TrustBundleAttributes) {
    const stack = stackOf(scope, 'TrustBundle.fromTrustBundleAttributes()', "pass a construct of the stack that reads the bundle, e.g. TrustBundle.fromTrustBundleAttributes(this, 'TrustBundle', { ... })");
    const failures = TrustBundlePlan.attributeRules(attrs ?? ({} as TrustBundleAttributes)).filter((r) => r.condition).map((r) => r.message);
    if (failures.length > 0) {
      throw new AuroraTlsValidationError(
        ERROR_CODE,
        `TrustBundle.fromTrustBundleAttributes() failed due to the following validation error(s):\n${failures.map((f) => `- ${f}`).join('\n')}`,
        scope.node.path,
      );
    }
    super(scope, id);
    const ca = attrs.certificateAuthority;
    this.certificateAuthority = ca;
    this.certificateAuthorityIdentifier = ca.identifier;
    this.region = attrs.region ?? stack.region;
    this.account = attrs.account ?? stack.account;
    this.parameterPrefix = attrs.parameterPrefix ?? defaultParameterPrefix(attrs.stackName!, ca.identifier);
    this.objectKey = attrs.objectKey ?? defaultObjectKey(attrs.stackName!, this.region, ca.identifier);
    this.parameterNames = TrustBundleLayout.parameterNames(this.parameterPrefix);
    const partition = !Token.isUnresolved(this.region) ? RegionCatalog.partitionOf(this.region) : Aws.PARTITION;
    this.parameterArns = BundleGrants.parameterArns(this.parameterNames, this.region, this.account, partition);
    this.bucket = s3.Bucket.fromBucketAttributes(this, 'Bucket', {
      bucketName: attrs.bucketName,
      account: this.account,
      region: this.region,
      encryptionKey: attrs.encryptionKey,
    });
    this.bundleS3Uri = TrustBundleLayout.bundleS3Uri(attrs.bucketName, this.objectKey);
  }

  public grantRead(grantee: iam.IGrantable): iam.Grant {
    return BundleGrants.grantRead(grantee, this);
  }
}

/** The stack of `scope`, or a ValidationError naming what `scope` is instead. */
function stackOf(scope: unknown, method: string, fix: string): Stack {
  if (!Construct.isConstruct(scope)) {
    throw new AuroraTlsValidationError(ERROR_CODE, `${method} takes a construct as its scope, got ${describeValue(scope)}; ${fix}`);
  }
  const stack = scope.node.scopes.find((s): s is Stack => Stack.isStack(s));
  if (!stack) {
    const what = scope.node.path === '' ? `the root construct (${scope.constructor.name})` : `'${scope.node.path}'`;
    throw new AuroraTlsValidationError(ERROR_CODE, `${method} needs a scope inside a Stack, got ${what}, which is in no Stack; ${fix}`);
  }
  return Stack.of(scope);
}

function trimSlash(prefix: string): string {
  return prefix.length > 1 && prefix.endsWith('/') ? prefix.slice(0, -1) : prefix;
}
