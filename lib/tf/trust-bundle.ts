import { createHash } from 'crypto';
import type { S3Bucket } from '@cdktf/provider-aws/lib/s3-bucket';
import type { S3Object } from '@cdktf/provider-aws/lib/s3-object';
import type { SsmParameter } from '@cdktf/provider-aws/lib/ssm-parameter';
import { Fn, TerraformProvider, TerraformStack, Token } from 'cdktf';
import { Construct } from 'constructs';
import { BundleBucketDecision, BundleBucketSettings, BundleRemovalPolicy } from '../core/bundle-removal-policy';
import { CaSelection } from '../core/ca-selection';
import { CertificateAuthority } from '../core/certificate-authority';
import { RegionCatalog } from '../core/region-catalog';
import { TrustBundleLayout, TrustBundleParameterNames } from '../core/trust-bundle-layout';
import { TrustStore } from '../core/trust-store';
import { LazyProviders } from './private/providers';
import { resolveRegion } from './private/region';
import { RegionValues } from './private/region-values';
import { failures, problemsOf, throwIfInvalid, ValidationRule } from './private/validation';
import { RootThumbprints } from '../core/private/ca-check-messages';
import { ClusterRules } from '../core/private/cluster-rules';
import { describeValue } from '../core/private/util';

/**
 * Properties of a `TrustBundle`.
 */
export interface TrustBundleProps {
  /**
   * The certificate authority whose root is published in `root-pem`, `ca-identifier` and `valid-till`: the same
   * selection as the clusters that use the bundle. The bundle object always holds every G1 root of the region.
   *
   * @default CaSelection.exactly(CertificateAuthority.RSA2048_G1) - the RDS default, offered in every region
   */
  readonly certificateAuthority?: CaSelection;

  /**
   * The AWS region whose bundle is published, and the `region` argument of every resource (AWS provider 6).
   *
   * @default - the region of `provider` (or of the stack's default `AwsProvider`) when it is a literal; otherwise the
   *   region is read at plan time (`data.aws_region`) and the bundle is looked up in a table of every region
   */
  readonly region?: string;

  /**
   * The AWS provider for every resource and data source.
   *
   * @default - the stack's default (un-aliased) AWS provider
   */
  readonly provider?: TerraformProvider;

  /**
   * An existing S3 bucket to hold the bundle object. It should deny requests without TLS and block public access.
   *
   * @default - a new bucket (name prefix `aurora-tls-`) with public access blocked, SSE-S3 default encryption,
   *   versioning, noncurrent versions expired after 365 days, a policy denying requests without TLS
   *   (`aws:SecureTransport`), and what `removalPolicy` asks for (Object Lock, or `force_destroy`)
   */
  readonly bucketName?: string;

  /**
   * What happens to the bucket created for the bundle (not to a `bucketName` you give) on `terraform destroy`: the
   * same choice, and the same bucket, as the AWS CDK `TrustBundle` (`BundleBucketSettings.of()`).
   *
   * @default BundleRemovalPolicy.RETAIN - S3 Object Lock (governance mode) keeps every version for 365 days and the
   *   bucket has no `force_destroy`: a destroy fails while it holds versions (remove it from the state to keep it)
   */
  readonly removalPolicy?: BundleRemovalPolicy;

  /**
   * S3 key of the bundle object.
   *
   * @default - `TrustBundleLayout.objectKey(stackName, region, ca)`: `aurora-tls/<stack-name>/<region>/<ca-identifier>/<region>-bundle.pem`,
   *   where the stack name is the `TerraformStack`'s id
   */
  readonly objectKey?: string;

  /**
   * Prefix of the SSM parameters (see `TrustBundleLayout.parameterNames`).
   *
   * @default - `TrustBundleLayout.parameterPrefix(stackName, ca)`: `/aurora-tls/<stack-name>/<ca-identifier>`, where the stack
   *   name is the `TerraformStack`'s id (unique per stack; Terraform itself refuses to create a parameter that exists)
   */
  readonly parameterPrefix?: string;
}

/**
 * The trust bundle of an Aurora region, published for applications: the region's PEM bundle (from the trust store
 * vendored with aurora-tls) as an S3 object, and SSM parameters naming the CA, its root, the bundle's location and
 * SHA-256, the root's expiry and the SSL mode to use (the same names and meaning as the AWS CDK `TrustBundle`;
 * see `TrustBundleLayout`).
 *
 * Terraform has no Lambda to ask RDS at deploy time: `valid-till` is the vendored root's expiry, and
 * `TlsAuroraCluster` checks the vendored root against RDS at plan time (`data.aws_rds_certificate`).
 */
export class TrustBundle extends Construct {
  /** Name of the bucket holding the bundle object. */
  public readonly bucketName: string;
  /** The bucket created for the bundle (undefined when `bucketName` was given). */
  public readonly bucket?: S3Bucket;
  /** S3 key of the bundle object. */
  public readonly objectKey: string;
  /** `s3://<bucket>/<key>` of the bundle object. */
  public readonly bundleS3Uri: string;
  /** The bundle object. */
  public readonly bundleObject: S3Object;
  /** Lowercase hex SHA-256 of the bundle (a Terraform expression when the region is known only at plan time). */
  public readonly bundleSha256: string;
  /** The SSM parameter prefix. */
  public readonly parameterPrefix: string;
  /** The full SSM parameter names. */
  public readonly parameterNames: TrustBundleParameterNames;
  /** The SSM parameters, in the order of `TrustBundleLayout.parameterNames`. */
  public readonly parameters: SsmParameter[];
  /** The CA selection whose root is published. */
  public readonly certificateAuthority: CaSelection;
  /** What the created bucket is like (undefined when `bucketName` was given). */
  public readonly bucketSettings?: BundleBucketDecision;

  constructor(scope: Construct, id: string, props: TrustBundleProps = {}) {
    super(scope, id);
    props = props ?? {};
    const selection = props.certificateAuthority ?? ClusterRules.DEFAULT_SELECTION;
    const region = resolveRegion(this, props.region, props.provider);
    // The default names carry the stack's name, so two stacks in one account and region never share them.
    const stackName = TerraformStack.of(this).node.id;

    // Validate everything before creating any child.
    const rules: ValidationRule[] = [
      ...(props.objectKey !== undefined && props.parameterPrefix !== undefined ? [] : failures(TrustBundleLayout.checkStackName(stackName))),
      {
        condition: !(selection instanceof CaSelection),
        // The same words as every other construct (core).
        message: ClusterRules.selectionProblem(selection, (v) => Token.isUnresolved(v)) ?? '',
      },
    ];
    if (selection instanceof CaSelection && region.literal !== undefined) {
      const literal = region.literal;
      const regionProblems = problemsOf(() => RegionCatalog.validateRegion(literal));
      rules.push(...failures(regionProblems));
      if (regionProblems.length === 0) {
        const caProblem = selection.problemIn(literal);
        rules.push({ condition: caProblem !== undefined, message: caProblem ?? '' });
        if (caProblem === undefined) {
          const missing = RootThumbprints.problem(literal, selection.resolve(literal));
          rules.push({ condition: missing !== undefined, message: missing ?? '' });
        }
      }
    }
    if (props.parameterPrefix !== undefined && !Token.isUnresolved(props.parameterPrefix)) {
      rules.push(...failures(TrustBundleLayout.checkParameterPrefix(props.parameterPrefix)));
    }
    rules.push(...literalRules('bucketName', props.bucketName, (name) => name.trim() === ''
      ? ["bucketName must not be empty; omit it to create a bucket, or name an existing bucket such as 'my-bundles'"]
      : TrustBundleLayout.checkBucketName(name, 'bucketName')));
    rules.push(...literalRules('objectKey', props.objectKey, (key) => key === '' || key.startsWith('/')
      ? [`objectKey ${describeValue(key)} must be a non-empty S3 key without a leading '/', such as 'aurora-tls/us-east-1-bundle.pem'`]
      : TrustBundleLayout.checkObjectKey(key, 'objectKey')));
    const removal = BundleBucketSettings.problem(props.removalPolicy);
    rules.push({ condition: removal !== undefined, message: removal ?? '' });
    rules.push({
      condition: props.removalPolicy !== undefined && props.bucketName !== undefined,
      message: 'removalPolicy applies to the bucket TrustBundle creates, not to bucketName; remove one of them',
    });
    throwIfInvalid(this, 'TrustBundle', rules);

    this.certificateAuthority = selection;
    const provider = props.provider;
    const argument = region.argument;
    const regionExpr = region.literal
      ?? argument
      ?? new LazyProviders.DataAwsRegion(this, 'Region', { provider }).region;
    const values = new RegionValues(this, regionExpr, Object.keys(selection.resolutionTable()), region.literal !== undefined);
    const store = TrustStore.bundled();
    const caIn = (r: string) => selection.resolve(r);
    const rootIn = (r: string) => (problemsOf(() => store.root(r, caIn(r))).length === 0 ? store.root(r, caIn(r)) : undefined);
    const bundleIn = (r: string) => (rootIn(r) ? store.bundlePem(r) : undefined);

    const bundle = values.value('Bundles', bundleIn);
    const rootPem = values.value('RootPems', (r) => rootIn(r)?.pem);
    const validTill = values.value('ValidTills', (r) => rootIn(r) ? TrustBundleLayout.formatValidTill(rootIn(r)!.notAfter) : undefined);
    this.bundleSha256 = values.value('BundleSha256s', (r) => {
      const pem = bundleIn(r);
      return pem === undefined ? undefined : createHash('sha256').update(pem, 'utf8').digest('hex');
    });
    const caIdentifier = values.value('CaIdentifiers', (r) => caIn(r).identifier);
    // With one CA everywhere the key is the layout's, with the region expression in it; otherwise a table.
    const uniformCa = Token.isUnresolved(caIdentifier) ? undefined : CertificateAuthority.of(caIdentifier);
    this.objectKey = props.objectKey ?? (uniformCa
      ? TrustBundleLayout.objectKey(stackName, regionExpr, uniformCa)
      : values.value('ObjectKeys', (r) => TrustBundleLayout.objectKey(stackName, r, caIn(r))));
    this.parameterPrefix = props.parameterPrefix ?? values.value('ParameterPrefixes', (r) => TrustBundleLayout.parameterPrefix(stackName, caIn(r)));
    this.parameterNames = TrustBundleLayout.parameterNames(this.parameterPrefix);

    if (props.bucketName !== undefined) {
      this.bucketName = props.bucketName;
    } else {
      const settings = BundleBucketSettings.of(props.removalPolicy ?? BundleBucketSettings.DEFAULT_REMOVAL_POLICY);
      this.bucketSettings = settings;
      this.bucket = new LazyProviders.S3Bucket(this, 'Bucket', {
        bucketPrefix: 'aurora-tls-',
        forceDestroy: settings.deleteWithStack,
        objectLockEnabled: settings.objectLock,
        provider,
        region: argument,
      });
      this.bucketName = this.bucket.bucket;
      if (settings.objectLock) {
        new LazyProviders.S3BucketObjectLockConfigurationA(this, 'ObjectLock', {
          bucket: this.bucket.id,
          rule: { defaultRetention: { mode: 'GOVERNANCE', days: settings.objectLockDays } },
          provider,
          region: argument,
        });
      }
      new LazyProviders.S3BucketLifecycleConfiguration(this, 'Lifecycle', {
        bucket: this.bucket.id,
        rule: [{
          id: 'ExpireOldBundleVersions',
          status: 'Enabled',
          filter: [{ prefix: '' }],
          noncurrentVersionExpiration: [{ noncurrentDays: settings.noncurrentVersionDays }],
        }],
        provider,
        region: argument,
      });
      const publicAccessBlock = new LazyProviders.S3BucketPublicAccessBlock(this, 'PublicAccessBlock', {
        bucket: this.bucket.id,
        blockPublicAcls: true,
        blockPublicPolicy: true,
        ignorePublicAcls: true,
        restrictPublicBuckets: true,
        provider,
        region: argument,
      });
      new LazyProviders.S3BucketServerSideEncryptionConfigurationA(this, 'Encryption', {
        bucket: this.bucket.id,
        rule: [{ applyServerSideEncryptionByDefault: { sseAlgorithm: 'AES256' } }],
        provider,
        region: argument,
      });
      new LazyProviders.S3BucketVersioningA(this, 'Versioning', {
        bucket: this.bucket.id,
        versioningConfiguration: { status: 'Enabled' },
        provider,
        region: argument,
      });
      new LazyProviders.S3BucketPolicy(this, 'Policy', {
        bucket: this.bucket.id,
        policy: Fn.jsonencode({
          Version: '2012-10-17',
          Statement: [
            {
              Sid: 'DenyRequestsWithoutTls',
              Effect: 'Deny',
              Principal: '*',
              Action: 's3:*',
              Resource: [this.bucket.arn, `${this.bucket.arn}/*`],
              Condition: { Bool: { 'aws:SecureTransport': 'false' } },
            },
          ],
        }),
        dependsOn: [publicAccessBlock],
        provider,
        region: argument,
      });
    }
    this.bundleS3Uri = TrustBundleLayout.bundleS3Uri(this.bucketName, this.objectKey);

    this.bundleObject = new LazyProviders.S3Object(this, 'Bundle', {
      bucket: this.bucketName,
      key: this.objectKey,
      content: bundle,
      contentType: TrustBundleLayout.bundleContentType(),
      serverSideEncryption: 'AES256',
      // S3 refuses a PutObject without a checksum in a bucket with Object Lock.
      checksumAlgorithm: this.bucketSettings?.objectLock ? 'SHA256' : undefined,
      provider,
      region: argument,
      lifecycle: values.literal ? undefined : {
        precondition: [{
          condition: Fn.contains(values.coveredRegions(), regionExpr),
          errorMessage: planTimeRegionMessage(selection, regionExpr, values.coveredRegions()),
        }],
      },
    });

    const entries: Array<[string, string, string, string]> = [
      ['CaIdentifier', this.parameterNames.caIdentifier, caIdentifier, 'RDS CA identifier of the Aurora DB instances'],
      ['RootPem', this.parameterNames.rootPem, rootPem, 'PEM of the CA root certificate for the region'],
      ['BundleS3Uri', this.parameterNames.bundleS3Uri, this.bundleS3Uri, 'S3 URI of the region PEM bundle (all G1 roots)'],
      ['BundleSha256', this.parameterNames.bundleSha256, this.bundleSha256, 'Lowercase hex SHA-256 of the bundle object'],
      ['ValidTill', this.parameterNames.validTill, validTill, 'ISO 8601 UTC expiry of the CA root (vendored trust store)'],
      ['SslMode', this.parameterNames.sslMode, TrustBundleLayout.recommendedSslMode().value, 'libpq sslmode for clients'],
    ];
    this.parameters = entries.map(([childId, name, value, description]) => new LazyProviders.SsmParameter(this, childId, {
      name,
      type: 'String',
      value,
      description: `aurora-tls: ${description}`,
      // Publish a parameter only once the object it describes exists.
      dependsOn: [this.bundleObject],
      provider,
      region: argument,
    }));
  }
}

/** The problems of an optional string prop: none when absent or a plan-time value, else `check`'s. */
function literalRules(name: string, value: unknown, check: (literal: string) => string[]): ValidationRule[] {
  if (value === undefined || (typeof value === 'string' && Token.isUnresolved(value))) return [];
  if (typeof value !== 'string') return failures([`${name} must be a string, got ${describeValue(value)}`]);
  return failures(check(value));
}

function planTimeRegionMessage(selection: CaSelection, region: string, covered: string[]): string {
  const notCovered = RegionCatalog.regions().filter((r) => !covered.includes(r));
  return `aurora-tls: TrustBundle cannot publish the ${selection} roots in ${region}: aurora-tls has them for ` +
    `${covered.length} regions, not for ${notCovered.join(', ')} (CA not offered there, or roots not vendored) ` +
    'nor for regions it does not know; deploy to another region, or give the stack a literal region to see the exact reason at synth time';
}
