import { createHash } from 'crypto';
import { DataAwsRegion } from '@cdktf/provider-aws/lib/data-aws-region';
import { AwsProvider } from '@cdktf/provider-aws/lib/provider';
import { S3Bucket } from '@cdktf/provider-aws/lib/s3-bucket';
import { S3BucketLifecycleConfiguration } from '@cdktf/provider-aws/lib/s3-bucket-lifecycle-configuration';
import { S3BucketObjectLockConfigurationA } from '@cdktf/provider-aws/lib/s3-bucket-object-lock-configuration';
import { S3BucketPolicy } from '@cdktf/provider-aws/lib/s3-bucket-policy';
import { S3BucketPublicAccessBlock } from '@cdktf/provider-aws/lib/s3-bucket-public-access-block';
import { S3BucketServerSideEncryptionConfigurationA } from '@cdktf/provider-aws/lib/s3-bucket-server-side-encryption-configuration';
import { S3BucketVersioningA } from '@cdktf/provider-aws/lib/s3-bucket-versioning';
import { S3Object } from '@cdktf/provider-aws/lib/s3-object';
import { SsmParameter } from '@cdktf/provider-aws/lib/ssm-parameter';
import { TerraformVariable } from 'cdktf';
import { testStack, TfTemplate } from './assertions';
import { BundleBucketSettings, BundleRemovalPolicy } from '../../lib/core/bundle-removal-policy';
import { CaSelection } from '../../lib/core/ca-selection';
import { CertificateAuthority } from '../../lib/core/certificate-authority';
import { TrustBundleLayout } from '../../lib/core/trust-bundle-layout';
import { TrustStore } from '../../lib/core/trust-store';
import { TrustBundle, TrustBundleProps } from '../../lib/tf';

const ECC = CertificateAuthority.ECC384_G1;
const RSA2048 = CertificateAuthority.RSA2048_G1;
const HEADER = 'TrustBundle initialization failed due to the following validation error(s):';

function bundleIn(region: string, props: TrustBundleProps = {}): { bundle: TrustBundle; t: TfTemplate } {
  const stack = testStack();
  new AwsProvider(stack, 'aws', { region });
  const bundle = new TrustBundle(stack, 'Bundle', props);
  return { bundle, t: TfTemplate.fromStack(stack) };
}

describe('the bundle object', () => {
  test('holds the region bundle of the vendored trust store, as application/x-pem-file with SSE', () => {
    // GIVEN / WHEN
    const { t, bundle } = bundleIn('eu-central-2');

    // THEN
    const pem = TrustStore.bundled().bundlePem('eu-central-2');
    expect(pem.match(/BEGIN CERTIFICATE/g)).toHaveLength(3);
    const bucket = Object.keys(t.resourcesByName(S3Bucket))[0];
    expect(t.onlyResource(S3Object)).toEqual({
      bucket: `\${aws_s3_bucket.${bucket}.bucket}`,
      key: 'aurora-tls/test/eu-central-2/rds-ca-rsa2048-g1/eu-central-2-bundle.pem',
      content: pem,
      content_type: 'application/x-pem-file',
      server_side_encryption: 'AES256',
      // S3 refuses a PutObject without a checksum in a bucket with Object Lock (the default RETAIN bucket).
      checksum_algorithm: 'SHA256',
    });
    expect(bundle.objectKey).toBe(TrustBundleLayout.objectKey('test', 'eu-central-2', RSA2048));
    expect(bundle.bundleSha256).toBe(createHash('sha256').update(pem).digest('hex'));
  });

  test('a user bucket: no bucket resources, the object goes there', () => {
    const { t, bundle } = bundleIn('us-east-1', { bucketName: 'my-bundles', objectKey: 'tls/us-east-1.pem' });
    for (const type of [S3Bucket, S3BucketPublicAccessBlock, S3BucketServerSideEncryptionConfigurationA, S3BucketVersioningA, S3BucketPolicy]) {
      t.resourceCountIs(type, 0);
    }
    t.hasResourceWithProperties(S3Object, { bucket: 'my-bundles', key: 'tls/us-east-1.pem' });
    expect(bundle.bundleS3Uri).toBe('s3://my-bundles/tls/us-east-1.pem');
    expect(bundle.bucket).toBeUndefined();
  });
});

describe('the created bucket', () => {
  test('blocks public access, encrypts, versions, and denies requests without TLS', () => {
    const { t } = bundleIn('us-east-1');
    const bucket = Object.keys(t.resourcesByName(S3Bucket))[0];
    const ref = `aws_s3_bucket.${bucket}`;
    // RETAIN by default, as the AWS CDK bucket: Object Lock (governance, 365 days), no force_destroy.
    expect(t.onlyResource(S3Bucket)).toEqual({ bucket_prefix: 'aurora-tls-', force_destroy: false, object_lock_enabled: true });
    expect(t.onlyResource(S3BucketObjectLockConfigurationA)).toEqual({
      bucket: `\${${ref}.id}`,
      rule: { default_retention: { mode: 'GOVERNANCE', days: 365 } },
    });
    expect(t.onlyResource(S3BucketLifecycleConfiguration)).toEqual({
      bucket: `\${${ref}.id}`,
      rule: [{ id: 'ExpireOldBundleVersions', status: 'Enabled', filter: [{ prefix: '' }], noncurrent_version_expiration: [{ noncurrent_days: 365 }] }],
    });
    expect(t.onlyResource(S3BucketPublicAccessBlock)).toEqual({
      bucket: `\${${ref}.id}`,
      block_public_acls: true,
      block_public_policy: true,
      ignore_public_acls: true,
      restrict_public_buckets: true,
    });
    t.hasResourceWithProperties(S3BucketServerSideEncryptionConfigurationA, {
      bucket: `\${${ref}.id}`,
      rule: [{ apply_server_side_encryption_by_default: { sse_algorithm: 'AES256' } }],
    });
    t.hasResourceWithProperties(S3BucketVersioningA, { bucket: `\${${ref}.id}`, versioning_configuration: { status: 'Enabled' } });
    const block = Object.keys(t.resourcesByName(S3BucketPublicAccessBlock))[0];
    expect(t.onlyResource(S3BucketPolicy)).toEqual({
      bucket: `\${${ref}.id}`,
      depends_on: [`aws_s3_bucket_public_access_block.${block}`],
      policy: '${jsonencode({"Version" = "2012-10-17", "Statement" = [{"Sid" = "DenyRequestsWithoutTls", "Effect" = "Deny", ' +
        `"Principal" = "*", "Action" = "s3:*", "Resource" = [${ref}.arn, "\${${ref}.arn}/*"], ` +
        '"Condition" = {"Bool" = {"aws:SecureTransport" = "false"}}}]})}',
    });
  });
});

describe('the SSM parameters', () => {
  test('the names and meaning of TrustBundleLayout, under the default prefix', () => {
    // GIVEN
    const { t, bundle } = bundleIn('us-east-1', { certificateAuthority: CaSelection.preferred([ECC, RSA2048]) });
    const root = TrustStore.bundled().root('us-east-1', ECC);
    const pem = TrustStore.bundled().bundlePem('us-east-1');
    const names = TrustBundleLayout.parameterNames('/aurora-tls/test/rds-ca-ecc384-g1');

    // THEN
    expect(bundle.parameterNames).toEqual(names);
    const object = Object.keys(t.resourcesByName(S3Object))[0];
    const bucket = Object.keys(t.resourcesByName(S3Bucket))[0];
    const values = Object.fromEntries(t.resources(SsmParameter).map((p) => [p.name, p.value]));
    expect(values).toEqual({
      [names.caIdentifier]: 'rds-ca-ecc384-g1',
      [names.rootPem]: root.pem,
      [names.bundleS3Uri]: `s3://\${aws_s3_bucket.${bucket}.bucket}/aurora-tls/test/us-east-1/rds-ca-ecc384-g1/us-east-1-bundle.pem`,
      [names.bundleSha256]: createHash('sha256').update(pem).digest('hex'),
      [names.validTill]: root.notAfter.toISOString(),
      [names.sslMode]: 'verify-full',
    });
    for (const p of t.resources(SsmParameter)) {
      expect(p).toMatchObject({ type: 'String', depends_on: [`aws_s3_object.${object}`] });
      expect(p.description).toMatch(/^aurora-tls: /);
    }
  });

  test('a custom prefix', () => {
    const { t } = bundleIn('us-east-1', { parameterPrefix: '/app/db/tls' });
    t.hasResourceWithProperties(SsmParameter, { name: '/app/db/tls/root-pem' });
    t.hasResourceWithProperties(SsmParameter, { name: '/app/db/tls/sslmode', value: 'verify-full' });
  });
});

describe('a region known only at plan time', () => {
  test('every value is looked up in a region table, guarded by a precondition', () => {
    const stack = testStack();
    const region = new TerraformVariable(stack, 'region', { type: 'string' });
    new AwsProvider(stack, 'aws', { region: region.stringValue });
    new TrustBundle(stack, 'Bundle', { certificateAuthority: CaSelection.exactly(ECC) });
    const t = TfTemplate.fromStack(stack);

    const regionRef = `data.aws_region.${Object.keys(t.dataSourcesByName(DataAwsRegion))[0]}.region`;
    const local = (prefix: string) => Object.keys(t.locals).find((k) => k.startsWith(`Bundle_${prefix}_`))!;
    const object = t.onlyResource(S3Object);
    expect(object.content).toBe(`\${local.${local('Bundles')}[${regionRef}]}`);
    expect(t.locals[local('Bundles')]['us-east-1']).toBe(TrustStore.bundled().bundlePem('us-east-1'));
    expect(t.locals[local('Bundles')]['ap-south-1']).toBeUndefined(); // rds-ca-ecc384-g1 is not offered there
    expect(object.key).toBe(`aurora-tls/test/\${${regionRef}}/rds-ca-ecc384-g1/\${${regionRef}}-bundle.pem`);
    const covered = Object.keys(CaSelection.exactly(ECC).resolutionTable()).filter((r) => !r.startsWith('cn-'));
    expect(object.lifecycle.precondition).toEqual([{
      condition: `\${contains(${JSON.stringify(covered).replace(/,/g, ', ')}, ${regionRef})}`,
      error_message: `aurora-tls: TrustBundle cannot publish the exactly(rds-ca-ecc384-g1) roots in \${${regionRef}}: aurora-tls has them for ` +
        `${covered.length} regions, not for ap-southeast-4, ap-south-1, ca-west-1, eu-south-2, eu-central-2, il-central-1, cn-north-1, cn-northwest-1 ` +
        '(CA not offered there, or roots not vendored) nor for regions it does not know; deploy to another region, or give the stack a literal region ' +
        'to see the exact reason at synth time',
    }]);
    // The CA is the same everywhere, so the parameter names stay literal.
    t.hasResourceWithProperties(SsmParameter, { name: '/aurora-tls/test/rds-ca-ecc384-g1/ca-identifier', value: 'rds-ca-ecc384-g1' });
  });
});

describe('removalPolicy: the same choice as the AWS CDK bucket, decided in core', () => {
  test('DESTROY: no Object Lock, force_destroy, no checksum needed', () => {
    const { t, bundle } = bundleIn('us-east-1', { removalPolicy: BundleRemovalPolicy.DESTROY });
    expect(t.onlyResource(S3Bucket)).toEqual({ bucket_prefix: 'aurora-tls-', force_destroy: true, object_lock_enabled: false });
    t.resourceCountIs(S3BucketObjectLockConfigurationA, 0);
    expect(t.onlyResource(S3Object).checksum_algorithm).toBeUndefined();
    expect(bundle.bucketSettings).toEqual(BundleBucketSettings.of(BundleRemovalPolicy.DESTROY));
  });
});

describe('bad input', () => {
  test.each<[string, string, TrustBundleProps, string[]]>([
    ['a CA the region does not offer', 'ap-south-1', { certificateAuthority: CaSelection.exactly(ECC) }, [CaSelection.exactly(ECC).problemIn('ap-south-1')!]],
    ['a China region (no vendored roots)', 'cn-north-1', {}, [
      'The trust store has no RDS root for cn-north-1; download the bundle from https://rds-truststore.s3.cn-north-1.amazonaws.com.cn/cn-north-1/cn-north-1-bundle.pem instead',
    ]],
    ['a prefix without a leading slash and with a space', 'us-east-1', { parameterPrefix: 'aurora tls' }, [
      "Parameter prefix 'aurora tls' must start with '/', e.g. '/aurora tls'",
      "Parameter prefix 'aurora tls' may only contain letters, digits, '.', '-', '_' and '/' (AWS Systems Manager rules)",
    ]],
    ['a prefix under /aws', 'us-east-1', { parameterPrefix: '/aws/mine' }, [
      "Parameter prefix '/aws/mine' starts with a name AWS reserves ('aws' or 'ssm'); choose another, e.g. '/aurora-tls/...'",
    ]],
    ['a bad removalPolicy', 'us-east-1', { removalPolicy: 'snapshot' as any }, [
      "removalPolicy takes BundleRemovalPolicy.RETAIN or BundleRemovalPolicy.DESTROY, got 'snapshot'",
    ]],
    ['a removalPolicy for a bucket it does not create', 'us-east-1', { bucketName: 'my-bundles', removalPolicy: BundleRemovalPolicy.DESTROY }, [
      'removalPolicy applies to the bucket TrustBundle creates, not to bucketName; remove one of them',
    ]],
    ['an empty bucket name and a key with a leading slash', 'us-east-1', { bucketName: ' ', objectKey: '/a.pem' }, [
      "bucketName must not be empty; omit it to create a bucket, or name an existing bucket such as 'my-bundles'",
      "objectKey '/a.pem' must be a non-empty S3 key without a leading '/', such as 'aurora-tls/us-east-1-bundle.pem'",
    ]],
    ['a CertificateAuthority instead of a CaSelection', 'us-east-1', { certificateAuthority: RSA2048 as any }, [
      "certificateAuthority takes a CaSelection, got the CertificateAuthority rds-ca-rsa2048-g1; use CaSelection.exactly(CertificateAuthority.of('rds-ca-rsa2048-g1'))",
    ]],
  ])('%s', (_what, region, props, messages) => {
    expect(messages.length).toBeGreaterThan(0);
    expect(() => bundleIn(region, props)).toThrow(new Error(`${HEADER}\n${messages.map((m) => `- ${m}`).join('\n')}`));
  });
});
