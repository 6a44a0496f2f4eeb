import { createHash } from 'crypto';
import { Aws, CustomResource, Duration, RemovalPolicy, Stack, Token, UnscopedValidationError, Validations, ValidationError } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';
import { CaCheckFunction } from './ca-check-function';
import { CaSelection, CertificateAuthority, ExpiryBehavior, TrustBundleLayout, TrustBundleParameterNames, TrustStore } from '../core';
import { DeployTimeCaGuard } from './private/deploy-time-ca';
import { DeployTimeLayout, TrustBundlePlan, ValidationRule } from './private/trust-bundle-plan';
import { ClusterRules } from '../core/private/cluster-rules';
import { describeValue } from '../core/private/util';

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
   * @default - `TrustBundleLayout.parameterPrefix(ca)`: `/aurora-tls/<ca-identifier>`
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
}

const DEFAULT_SELECTION = CaSelection.exactly(CertificateAuthority.RSA2048_G1);
const ERROR_CODE = 'TrustBundleInvalidProps' as unknown as ConstructorParameters<typeof ValidationError>[0];
/** Stack-level construct id of the bucket created for the stack's trust bundles. */
const BUCKET_ID = 'AuroraTlsTrustBundleBucket';
/** How long the stack's bucket keeps (and locks) every version of a bundle. */
const BUNDLE_HISTORY = Duration.days(365);
/** Why the policy checkers' findings on the stack's bucket are acknowledged rather than fixed (see SECURITY.md). */
const BUCKET_ACKNOWLEDGEMENTS = {
  noServerAccessLogs:
    'Server access logs need a second bucket per stack, which could itself not be logged nor use SSE-KMS, and are ' +
    'delivered best effort; every write to this bucket is sent to EventBridge instead, and versions are kept and ' +
    'locked for a year. To log access, pass your own bucket (the bucket option) with serverAccessLogsBucket set',
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
 * A stack has one trust bundle per certificate authority: get it with `TrustBundle.of()`. `TlsAuroraCluster` does,
 * and makes its cluster and instances depend on it. Its construct id is `AuroraTlsTrustBundle<Ca>` (plus a hash of the
 * bucket and prefix when they are given), at stack level; its children are `Resource` and `Policy`, the function's
 * permissions for this publication, which CloudFormation creates before it and deletes after it.
 *
 * The layout values (`objectKey`, `bundleS3Uri`, `parameterNames`) are known at synth time; depend on `resource`, or
 * use the attributes (`thumbprint`, `validTill`, `bundleSha256`), to run after the bundle is published.
 *
 * @example
 * const bundle = TrustBundle.of(this, { certificateAuthority: CaSelection.exactly(CertificateAuthority.ECC384_G1) });
 * bundle.grantRead(appFunction);
 * appFunction.addEnvironment('CA_BUNDLE_PARAMETER', bundle.parameterNames.bundleS3Uri);
 */
export class TrustBundle extends Construct {
  /**
   * The stack's trust bundle for a certificate authority selection, created on first use and shared after that (one
   * publication per stack and certificate authority). Options given to a later call must match the ones it was
   * created with; options left out are not compared.
   *
   * Props are validated before anything is created: one `ValidationError` lists every problem.
   *
   * @param scope any construct of the stack
   * @param props the certificate authority and the options
   */
  public static of(scope: Construct, props: TrustBundleProps = {}): TrustBundle {
    const stack = TrustBundle.stackOf(scope);
    props = props ?? {};
    const rules: ValidationRule[] = [];

    const rawSelection: unknown = props.certificateAuthority ?? DEFAULT_SELECTION;
    const selection = rawSelection instanceof CaSelection ? rawSelection : undefined;
    rules.push({
      condition: selection === undefined,
      message: ClusterRules.selectionProblem(rawSelection, (v) => Token.isUnresolved(v)) ?? '',
    });
    rules.push(...TrustBundlePlan.optionRules(props, ''));

    const region = Token.isUnresolved(stack.region) ? undefined : stack.region;
    let existing: TrustBundle | undefined;
    if (selection) {
      const problem = region === undefined ? undefined : TrustBundlePlan.regionProblem(selection, region);
      rules.push({ condition: problem !== undefined, message: problem ?? '' });
      existing = problem === undefined ? TrustBundle._existing(stack, selection, region) : undefined;
      if (existing) {
        rules.push(...TrustBundlePlan.conflicts(existing, props, TrustBundle.caText(selection, region), ''));
      }
    }

    const failures = rules.filter((rule) => rule.condition).map((rule) => rule.message);
    if (failures.length > 0) {
      throw new ValidationError(
        ERROR_CODE,
        `TrustBundle initialization failed due to the following validation error(s):\n${failures.map((f) => `- ${f}`).join('\n')}`,
        scope,
      );
    }
    if (existing) return existing;
    const key = TrustBundlePlan.bundleId(selection!, region);
    return new TrustBundle(stack, `${key}${TrustBundlePlan.identitySuffix(stack, props)}`, key, selection!, region, props);
  }

  /**
   * The stack's trust bundle of a selection, if there is one already.
   * @internal
   */
  public static _existing(stack: Stack, selection: CaSelection, region: string | undefined): TrustBundle | undefined {
    const key = TrustBundlePlan.bundleId(selection, region);
    return stack.node.children.find((child): child is TrustBundle => child instanceof TrustBundle && child.key === key);
  }

  /** The stack of `scope`, or a ValidationError naming what `scope` is instead. */
  private static stackOf(scope: unknown): Stack {
    const fix = 'pass a construct of the stack that publishes the bundle, e.g. TrustBundle.of(this, { ... }) in a Stack or Construct';
    if (!Construct.isConstruct(scope)) {
      throw new UnscopedValidationError(ERROR_CODE, `TrustBundle.of() takes a construct as its scope, got ${describeValue(scope)}; ${fix}`);
    }
    const stack = scope.node.scopes.find((s): s is Stack => Stack.isStack(s));
    if (!stack) {
      const what = scope.node.path === '' ? `the root construct (${scope.constructor.name})` : `'${scope.node.path}'`;
      throw new UnscopedValidationError(ERROR_CODE, `TrustBundle.of() needs a scope inside a Stack, got ${what}, which is in no Stack; ${fix}`);
    }
    return Stack.of(scope);
  }

  /** The CA of a selection for messages: its identifier when known at synth time, else the selection. */
  private static caText(selection: CaSelection, region: string | undefined): string {
    const identifier = region !== undefined ? selection.resolve(region).identifier : DeployTimeCaGuard.literalIdentifier(selection);
    return identifier ?? selection.toString();
  }

  /**
   * The bucket created for the stack's trust bundles, on first use. It holds public certificates, so what matters is
   * integrity: versions kept and locked, every write visible in EventBridge, no public access, TLS only.
   */
  private static stackBucket(stack: Stack): s3.IBucket {
    const found = stack.node.tryFindChild(BUCKET_ID);
    if (found) return found as s3.Bucket;
    const bucket = new s3.Bucket(stack, BUCKET_ID, {
      blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
      enforceSSL: true,
      encryption: s3.BucketEncryption.S3_MANAGED,
      versioned: true,
      // Every published version stays, unaltered, for a year: a swapped bundle can be proven and undone. Governance
      // mode: a principal with s3:BypassGovernanceRetention can still remove a version. Deleting the current object
      // (what the custom resource does) only adds a delete marker.
      objectLockEnabled: true,
      objectLockDefaultRetention: s3.ObjectLockRetention.governance(BUNDLE_HISTORY),
      lifecycleRules: [{ id: 'ExpireOldBundleVersions', noncurrentVersionExpiration: BUNDLE_HISTORY }],
      removalPolicy: RemovalPolicy.RETAIN,
    });
    const cfnBucket = bucket.node.defaultChild as s3.CfnBucket;
    // Object events to the account's default EventBridge bus, to alert on a write not made by a deployment. Set on
    // the CfnBucket: s3.Bucket's eventBridgeEnabled adds a notifications custom resource and another function.
    cfnBucket.notificationConfiguration = { eventBridgeConfiguration: { eventBridgeEnabled: true } };
    Validations.of(cfnBucket).acknowledge(
      { id: 'AwsSolutions-S1', reason: BUCKET_ACKNOWLEDGEMENTS.noServerAccessLogs },
      { id: 'cdk-validator-cfnguard::s3_bucket_logging_enabled_check', reason: BUCKET_ACKNOWLEDGEMENTS.noServerAccessLogs },
      { id: 'cdk-validator-cfnguard::s3_bucket_default_encryption_kms_check', reason: BUCKET_ACKNOWLEDGEMENTS.sseS3 },
    );
    return bucket;
  }

  /** The bucket that holds the bundle object. */
  public readonly bucket: s3.IBucket;
  /** S3 key of the bundle object: `TrustBundleLayout.objectKey(region, ca)` (the region is `AWS::Region` in an environment-agnostic stack). */
  public readonly objectKey: string;
  /** `s3://<bucket>/<key>` of the bundle object. */
  public readonly bundleS3Uri: string;
  /** The SSM parameter prefix. */
  public readonly parameterPrefix: string;
  /** The full SSM parameter names. */
  public readonly parameterNames: TrustBundleParameterNames;
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

    const regionText = region ?? Aws.REGION;
    this.objectKey = ca ? TrustBundleLayout.objectKey(regionText, ca) : DeployTimeLayout.objectKey(regionText, identifier);
    this.parameterPrefix = props.parameterPrefix ?? (ca ? TrustBundleLayout.parameterPrefix(ca) : DeployTimeLayout.parameterPrefix(identifier));
    this.parameterNames = TrustBundleLayout.parameterNames(this.parameterPrefix);
    this.bucket = props.bucket ?? TrustBundle.stackBucket(stack);
    this.bundleS3Uri = TrustBundleLayout.bundleS3Uri(this.bucket.bucketName, this.objectKey);

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
    let grant = iam.Grant.addToPrincipalOrResource({
      grantee,
      actions: ['s3:GetObject'],
      resourceArns: [this.bucket.arnForObjects(this.objectKey)],
      resource: this.bucket,
    });
    grant = grant.combine(iam.Grant.addToPrincipal({
      grantee,
      actions: ['ssm:GetParameter', 'ssm:GetParameters'],
      resourceArns: CaCheckFunction.parameterArns(Stack.of(this), this.parameterNames),
    }));
    if (this.bucket.encryptionKey) {
      grant = grant.combine(this.bucket.encryptionKey.grantDecrypt(grantee));
    }
    return grant;
  }
}
