// The ca-check custom-resource handler, run with the real AWS SDK v3 clients against a local fake of RDS, S3, SSM
// and the CloudFormation response URL. Every test asserts the exact response CloudFormation receives.

import { FakeAws } from './fake-aws';
import {
  OWNER_METADATA, cfnEvent, envelope, FakeClock, GLOBAL_PEM, GOVCLOUD_PEM, PROPS, rdsCertificates, sha256, handleOnce, testDeps,
  thumbprintsOf, vendoredRoot,
} from './harness';
import { CertificateAuthority, SslMode, TrustBundleLayout, TrustStore } from '../../lib/core';
import { HandlerDeps, handleEvent } from '../../lib/handler/ca-check.lambda';

// GIVEN the vendored trust store, as the Lambda builds it from the files beside index.js.
const STORE = TrustStore.fromPems([GLOBAL_PEM, GOVCLOUD_PEM]);
const REQUEST_TIME = Date.parse('2026-06-01T12:00:00Z');

/** Thumbprint of "Amazon RDS us-east-1 Root CA ECC384 G1" (`openssl x509 -fingerprint -sha1`, lower case, no colons). */
const ECC384_US_EAST_1_THUMBPRINT = '24a97b91cbe86911190576c35c36aab4fa7b25de';
const ECC384_US_EAST_1_VALID_TILL = '2121-05-25T23:41:55.000Z';
/** Physical ids are public: changing them replaces every deployed resource. Pinned here on purpose. */
const ECC_ID = 'aurora-tls:us-east-1:rds-ca-ecc384-g1:a047016dc53a49600f7a1f0f';
const RSA_ID = 'aurora-tls:us-east-1:rds-ca-rsa2048-g1:8891d0bc4f9d6643b654693c';
const FAILED_ID = 'aurora-tls-failed:req-1';
const PREFIX = PROPS.ParameterPrefix;
const URI = `s3://${PROPS.BucketName}/${PROPS.ObjectKey}`;
const PARAM_NAMES = ['ca-identifier', 'root-pem', 'bundle-s3-uri', 'bundle-sha256', 'valid-till', 'sslmode'].map((n) => `${PREFIX}/${n}`);

let fake: FakeAws;
let clock: FakeClock;
let logs: string[];

beforeEach(async () => {
  fake = await FakeAws.start();
  fake.certificates = rdsCertificates('us-east-1');
  fake.engineVersions = [
    { engine: 'aurora-postgresql', version: '16.4', supportedCas: ['rds-ca-rsa2048-g1', 'rds-ca-rsa4096-g1', 'rds-ca-ecc384-g1'], rotationWithoutRestart: true },
    { engine: 'aurora-postgresql', version: '11.9', supportedCas: ['rds-ca-2019', 'rds-ca-rsa2048-g1'] },
    { engine: 'aurora-mysql', version: '8.0.mysql_aurora.3.08.0', supportedCas: ['rds-ca-rsa2048-g1', 'rds-ca-rsa4096-g1', 'rds-ca-ecc384-g1'], rotationWithoutRestart: false },
  ];
  fake.addBucket(PROPS.BucketName);
  clock = new FakeClock(REQUEST_TIME);
  logs = [];
});

afterEach(async () => {
  await fake.close();
});

function deps(overrides: Partial<HandlerDeps> = {}): HandlerDeps {
  return testDeps(fake, clock, logs, STORE, overrides);
}

/** Run one event and return the single response CloudFormation received. */
async function run(event: any, overrides: Partial<HandlerDeps> = {}, context = clock.context()): Promise<any> {
  return handleOnce(fake, event, context, deps(overrides));
}

async function create(props: Record<string, unknown> = PROPS, overrides: Partial<HandlerDeps> = {}): Promise<any> {
  return run(cfnEvent(fake, 'Create', props), overrides);
}

function successData(overrides: Record<string, string> = {}): Record<string, string> {
  return {
    CertificateAuthority: 'rds-ca-ecc384-g1',
    Thumbprint: ECC384_US_EAST_1_THUMBPRINT,
    ValidTill: ECC384_US_EAST_1_VALID_TILL,
    BundleSha256: sha256(STORE.bundlePem('us-east-1')),
    BundleS3Uri: URI,
    RootParameterName: `${PREFIX}/root-pem`,
    SupportsRotationWithoutRestart: 'true',
    ...overrides,
  };
}

function parameterValues(): Record<string, string> {
  return Object.fromEntries([...fake.parameters.entries()].map(([name, p]) => [name, p.value]));
}

function messageOf(fn: () => unknown): string {
  try {
    fn();
  } catch (e) {
    return (e as Error).message;
  }
  throw new Error('expected a throw');
}

describe('Create', () => {
  test('publishes the us-east-1 bundle and the ecc384 facts, and answers SUCCESS', async () => {
    // WHEN
    const response = await create();

    // THEN the response
    expect(response).toEqual({ Status: 'SUCCESS', PhysicalResourceId: ECC_ID, Data: successData(), ...envelope() });

    // THEN the bundle object: the region's three production G1 roots, SSE-S3, owned by this resource
    const object = fake.buckets.get(PROPS.BucketName)!.objects.get(PROPS.ObjectKey)!;
    expect(thumbprintsOf(object.body).sort()).toEqual(rdsCertificates('us-east-1').map((c) => c.thumbprint).sort());
    expect(sha256(object.body)).toBe(response.Data.BundleSha256);
    expect(object.headers['content-type']).toBe('application/x-pem-file');
    expect(object.headers['x-amz-server-side-encryption']).toBe('AES256');
    expect(object.metadata).toEqual({ 'aurora-tls-owner': ECC_ID, ...OWNER_METADATA });

    // THEN the parameters, in this order
    expect([...fake.parameters.keys()]).toEqual(PARAM_NAMES);
    expect(parameterValues()).toEqual({
      [`${PREFIX}/ca-identifier`]: 'rds-ca-ecc384-g1',
      [`${PREFIX}/root-pem`]: vendoredRoot('us-east-1', 'rds-ca-ecc384-g1').pem + '\n',
      [`${PREFIX}/bundle-s3-uri`]: URI,
      [`${PREFIX}/bundle-sha256`]: response.Data.BundleSha256,
      [`${PREFIX}/valid-till`]: ECC384_US_EAST_1_VALID_TILL,
      [`${PREFIX}/sslmode`]: 'verify-full',
    });
    expect([...fake.parameters.values()].every((p) => p.type === 'String')).toBe(true);
    expect(fake.parameters.get(`${PREFIX}/root-pem`)!.value.length).toBeLessThanOrEqual(4096);

    // THEN the calls: one filtered DescribeCertificates, one DescribeDBEngineVersions, no retries
    expect(fake.callsTo('rds').map((c) => [c.operation, c.detail.CertificateIdentifier ?? c.detail.EngineVersion])).toEqual([
      ['DescribeCertificates', 'rds-ca-ecc384-g1'],
      ['DescribeDBEngineVersions', '16.4'],
    ]);
    expect(clock.sleeps).toEqual([]);
  });

  test('the vendored thumbprint of the ecc384 us-east-1 root is the one RDS publishes', () => {
    expect(vendoredRoot('us-east-1', 'rds-ca-ecc384-g1').thumbprint).toBe(ECC384_US_EAST_1_THUMBPRINT);
    expect(STORE.root('us-east-1', CertificateAuthority.ECC384_G1).thumbprint).toBe(ECC384_US_EAST_1_THUMBPRINT);
  });

  test('without Engine and EngineVersion, skips the engine check and omits SupportsRotationWithoutRestart', async () => {
    const { Engine, EngineVersion, ...props } = PROPS;
    const response = await create({ ...props, MinimumValidityDays: '30', ExpiryBehavior: 'warn', SslMode: 'verify-ca' });

    const { SupportsRotationWithoutRestart, ...data } = successData();
    expect(response).toEqual({ Status: 'SUCCESS', PhysicalResourceId: ECC_ID, Data: data, ...envelope() });
    expect(fake.callsTo('rds', 'DescribeDBEngineVersions')).toEqual([]);
    expect(fake.parameters.get(`${PREFIX}/sslmode`)!.value).toBe('verify-ca');
  });

  test('records that an engine version cannot rotate without a restart', async () => {
    const response = await create({ ...PROPS, Engine: 'aurora-mysql', EngineVersion: '8.0.mysql_aurora.3.08.0' });
    expect(response).toEqual({
      Status: 'SUCCESS', PhysicalResourceId: ECC_ID, Data: successData({ SupportsRotationWithoutRestart: 'false' }), ...envelope(),
    });
  });

  test('leaves encryption to the bucket when it has a default KMS key', async () => {
    fake.buckets.get(PROPS.BucketName)!.encryption = 'aws:kms';
    const response = await create();
    expect(response.Status).toBe('SUCCESS');
    const object = fake.buckets.get(PROPS.BucketName)!.objects.get(PROPS.ObjectKey)!;
    expect(object.headers['x-amz-server-side-encryption']).toBeUndefined();
  });

  test('requests SSE-S3 when the encryption configuration cannot be read', async () => {
    fake.buckets.get(PROPS.BucketName)!.encryption = 'aws:kms';
    fake.fail({ service: 's3', operation: 'GetBucketEncryption', status: 403, code: 'AccessDenied' });
    expect((await create()).Status).toBe('SUCCESS');
    expect(fake.buckets.get(PROPS.BucketName)!.objects.get(PROPS.ObjectKey)!.headers['x-amz-server-side-encryption']).toBe('AES256');
  });

  test('uses the GovCloud bundle in us-gov-west-1', async () => {
    fake.certificates = rdsCertificates('us-gov-west-1');
    const props = { ...PROPS, ObjectKey: 'gov.pem', CertificateAuthority: 'rds-ca-rsa4096-g1', ParameterPrefix: '/aurora-tls/gov' };
    const response = await create(props, { region: 'us-gov-west-1' });

    const root = vendoredRoot('us-gov-west-1', 'rds-ca-rsa4096-g1');
    expect(response.Status).toBe('SUCCESS');
    expect(response.Data.Thumbprint).toBe('8bafe62c751a801c7df68ca9782a92fbebb95346');
    expect(response.Data.ValidTill).toBe(root.notAfter.toISOString());
    expect(response.PhysicalResourceId).toMatch(/^aurora-tls:us-gov-west-1:rds-ca-rsa4096-g1:[0-9a-f]{24}$/);
    expect(thumbprintsOf(fake.buckets.get(PROPS.BucketName)!.objects.get('gov.pem')!.body).sort())
      .toEqual(rdsCertificates('us-gov-west-1').map((c) => c.thumbprint).sort());
  });

  test('accepts the matching ExpectedBundleSha256 and refuses another one', async () => {
    const expected = sha256(STORE.bundlePem('us-east-1'));
    expect((await create({ ...PROPS, ExpectedBundleSha256: expected.toUpperCase() })).Status).toBe('SUCCESS');

    const wrong = 'ab'.repeat(32);
    const response = await run(cfnEvent(fake, 'Create', { ...PROPS, ExpectedBundleSha256: wrong }, { requestId: 'req-2' }));
    expect(response).toEqual({
      Status: 'FAILED',
      Reason: `The us-east-1 bundle derived from the vendored trust store has SHA-256 ${expected}, but ExpectedBundleSha256 is ${wrong}; ` +
        'the handler and the construct come from different aurora-tls versions: redeploy with one version',
      PhysicalResourceId: 'aurora-tls-failed:req-2',
      ...envelope('req-2'),
    });
  });

  test('physical ids differ for each of region, CA, bucket, key and prefix', async () => {
    const ids = new Set<string>();
    const variants: Array<[Record<string, string>, string]> = [
      [{}, 'us-east-1'],
      [{}, 'us-east-2'],
      [{ CertificateAuthority: 'rds-ca-rsa4096-g1' }, 'us-east-1'],
      [{ BucketName: 'other-bucket' }, 'us-east-1'],
      [{ ObjectKey: 'other.pem' }, 'us-east-1'],
      [{ ParameterPrefix: '/other' }, 'us-east-1'],
    ];
    fake.addBucket('other-bucket');
    for (const [i, [change, region]] of variants.entries()) {
      fake.certificates = rdsCertificates(region);
      const response = await run(cfnEvent(fake, 'Create', { ...PROPS, ...change }, { requestId: `req-${i}` }), { region });
      expect(response.Status).toBe('SUCCESS');
      ids.add(response.PhysicalResourceId);
    }
    expect(ids.size).toBe(variants.length);
  });
});

describe('check-only (no BucketName, ObjectKey and ParameterPrefix)', () => {
  const CHECK_PROPS = { CertificateAuthority: 'rds-ca-ecc384-g1', Engine: 'aurora-postgresql', EngineVersion: '16.4' };
  /** Physical ids are public: pinned here on purpose. */
  const CHECK_ID = 'aurora-tls-check:us-east-1:rds-ca-ecc384-g1:aurora-postgresql:16.4';
  const CHECK_DATA = { CertificateAuthority: 'rds-ca-ecc384-g1', Thumbprint: ECC384_US_EAST_1_THUMBPRINT, ValidTill: ECC384_US_EAST_1_VALID_TILL };
  const publishedNothing = () => {
    expect(fake.callsTo('s3')).toEqual([]);
    expect(fake.callsTo('ssm')).toEqual([]);
    expect(fake.buckets.get(PROPS.BucketName)!.objects.size).toBe(0);
    expect(fake.parameters.size).toBe(0);
  };

  test('Create: asks RDS, checks the thumbprint and the horizon, publishes nothing, answers SUCCESS', async () => {
    // WHEN
    const response = await create(CHECK_PROPS);

    // THEN
    expect(response).toEqual({
      Status: 'SUCCESS',
      PhysicalResourceId: CHECK_ID,
      Data: { ...CHECK_DATA, SupportsRotationWithoutRestart: 'true' },
      ...envelope(),
    });
    expect(fake.callsTo('rds').map((c) => [c.operation, c.detail.CertificateIdentifier ?? c.detail.EngineVersion])).toEqual([
      ['DescribeCertificates', 'rds-ca-ecc384-g1'],
      ['DescribeDBEngineVersions', '16.4'],
    ]);
    publishedNothing();
  });

  test('Create without Engine and EngineVersion: DescribeCertificates only, with the matching ExpectedBundleSha256', async () => {
    const response = await create({ CertificateAuthority: 'rds-ca-ecc384-g1', ExpectedBundleSha256: sha256(STORE.bundlePem('us-east-1')), MinimumValidityDays: '30' });

    expect(response).toEqual({ Status: 'SUCCESS', PhysicalResourceId: 'aurora-tls-check:us-east-1:rds-ca-ecc384-g1', Data: CHECK_DATA, ...envelope() });
    expect(fake.callsTo('rds').map((c) => c.operation)).toEqual(['DescribeCertificates']);
    publishedNothing();
  });

  test('Update to another engine version: checked again, a new physical id (the old one is deleted as a no-op)', async () => {
    // GIVEN
    expect((await create(CHECK_PROPS)).PhysicalResourceId).toBe(CHECK_ID);
    // WHEN
    const mysql = { ...CHECK_PROPS, Engine: 'aurora-mysql', EngineVersion: '8.0.mysql_aurora.3.08.0' };
    const update = await run(cfnEvent(fake, 'Update', mysql, { requestId: 'req-2', physicalId: CHECK_ID, oldProps: CHECK_PROPS }));
    // THEN
    expect(update).toEqual({
      Status: 'SUCCESS',
      PhysicalResourceId: 'aurora-tls-check:us-east-1:rds-ca-ecc384-g1:aurora-mysql:8.0.mysql_aurora.3.08.0',
      Data: { ...CHECK_DATA, SupportsRotationWithoutRestart: 'false' },
      ...envelope('req-2'),
    });
    expect(fake.callsTo('rds', 'DescribeDBEngineVersions').map((c) => c.detail.EngineVersion)).toEqual(['16.4', '8.0.mysql_aurora.3.08.0']);
    publishedNothing();
  });

  test('Update that keeps CA and engine version: checked again under the same physical id', async () => {
    await create(CHECK_PROPS);
    const update = await run(cfnEvent(fake, 'Update', { ...CHECK_PROPS, MinimumValidityDays: '700' },
      { requestId: 'req-2', physicalId: CHECK_ID, oldProps: CHECK_PROPS }));
    expect(update).toEqual({ Status: 'SUCCESS', PhysicalResourceId: CHECK_ID, Data: { ...CHECK_DATA, SupportsRotationWithoutRestart: 'true' }, ...envelope('req-2') });
    expect(fake.callsTo('rds', 'DescribeCertificates')).toHaveLength(2);
  });

  test('Update from a publication to check-only: the new physical id is check-only; the old resource\'s Delete removes its publication', async () => {
    // GIVEN a published resource
    expect((await create()).PhysicalResourceId).toBe(ECC_ID);
    // WHEN it becomes check-only
    const update = await run(cfnEvent(fake, 'Update', CHECK_PROPS, { requestId: 'req-2', physicalId: ECC_ID, oldProps: PROPS }));
    expect(update.PhysicalResourceId).toBe(CHECK_ID);
    // THEN CloudFormation deletes the old resource with its old properties
    const cleanup = await run(cfnEvent(fake, 'Delete', PROPS, { requestId: 'req-3', physicalId: ECC_ID }));
    expect(cleanup.Reason).toBe(`Deleted ${URI}; deleted the 6 parameters under ${PREFIX}`);
    expect(fake.parameters.size).toBe(0);
  });

  test('Delete: nothing to remove, no AWS call, SUCCESS (even with properties that no longer parse)', async () => {
    for (const [i, props] of [CHECK_PROPS, { CertificateAuthority: 'rds-ca-2019' }].entries()) {
      const response = await run(cfnEvent(fake, 'Delete', props, { requestId: `req-${i}`, physicalId: CHECK_ID }));
      expect(response).toEqual({
        Status: 'SUCCESS',
        Reason: 'Nothing to delete: this check-only resource published nothing',
        PhysicalResourceId: CHECK_ID,
        ...envelope(`req-${i}`),
      });
    }
    expect(fake.calls.filter((c) => c.service !== 'cfn')).toEqual([]);
  });

  test('Delete of a publishing physical id without the publication properties: FAILED, nothing touched', async () => {
    await create();
    const response = await run(cfnEvent(fake, 'Delete', CHECK_PROPS, { requestId: 'req-2', physicalId: ECC_ID }));
    expect(response).toEqual({
      Status: 'FAILED',
      Reason: `Invalid ResourceProperties: the Delete of ${ECC_ID}, a resource that publishes, needs BucketName, ObjectKey and ParameterPrefix to know what to remove`,
      PhysicalResourceId: ECC_ID,
      ...envelope('req-2'),
    });
    expect(fake.parameters.size).toBe(6);
    expect(fake.buckets.get(PROPS.BucketName)!.objects.size).toBe(1);
  });

  test('refusal: a CA RDS does not offer in the region fails the Create and names what RDS offers', async () => {
    fake.certificates = rdsCertificates('us-east-1', ['rds-ca-rsa2048-g1', 'rds-ca-rsa4096-g1']);
    const response = await create(CHECK_PROPS);

    expect(response).toEqual({
      Status: 'FAILED',
      Reason: 'rds-ca-ecc384-g1 is not offered by Amazon RDS in us-east-1 (aurora-postgresql 16.4): DescribeCertificates answered ' +
        'CertificateNotFoundFault: CertificateIdentifier rds-ca-ecc384-g1 not found. RDS offers there: rds-ca-rsa2048-g1, rds-ca-rsa4096-g1. ' +
        'Choose one of those.',
      PhysicalResourceId: FAILED_ID,
      ...envelope(),
    });
    publishedNothing();
  });

  test('refusal: an engine version that does not support the CA', async () => {
    const response = await create({ ...CHECK_PROPS, EngineVersion: '11.9' });
    expect(response).toEqual({
      Status: 'FAILED',
      Reason: 'aurora-postgresql 11.9 in us-east-1 does not support rds-ca-ecc384-g1; it supports rds-ca-2019, rds-ca-rsa2048-g1. ' +
        'Upgrade the engine version or choose a supported CA',
      PhysicalResourceId: FAILED_ID,
      ...envelope(),
    });
  });

  test('refusal: a thumbprint that is not the vendored root\'s; a failed Update keeps its physical id', async () => {
    fake.certificates = fake.certificates.map((c) =>
      c.identifier === 'rds-ca-ecc384-g1' ? { ...c, thumbprint: '0123456789abcdef0123456789abcdef01234567' } : c);
    const response = await run(cfnEvent(fake, 'Update', CHECK_PROPS, { physicalId: CHECK_ID, oldProps: CHECK_PROPS }));
    expect(response).toEqual({
      Status: 'FAILED',
      Reason: 'Thumbprint mismatch in us-east-1: RDS reports rds-ca-ecc384-g1 with thumbprint 0123456789abcdef0123456789abcdef01234567, ' +
        `but the vendored us-east-1 bundle's rds-ca-ecc384-g1 root has thumbprint ${ECC384_US_EAST_1_THUMBPRINT}. ` +
        'The vendored trust store is out of date or RDS rotated the CA: upgrade aurora-tls before deploying',
      PhysicalResourceId: CHECK_ID,
      ...envelope(),
    });
  });

  test('refusal: ExpectedBundleSha256 of another aurora-tls version', async () => {
    const wrong = 'cd'.repeat(32);
    const response = await create({ ...CHECK_PROPS, ExpectedBundleSha256: wrong });
    expect(response.Status).toBe('FAILED');
    expect(response.Reason).toBe(`The us-east-1 bundle derived from the vendored trust store has SHA-256 ${sha256(STORE.bundlePem('us-east-1'))}, ` +
      `but ExpectedBundleSha256 is ${wrong}; the handler and the construct come from different aurora-tls versions: redeploy with one version`);
  });

  test('validity horizon: fail refuses, warn answers SUCCESS with the Warning', async () => {
    clock.ms = Date.parse('2121-01-01T00:00:00Z');
    const refused = await create(CHECK_PROPS);
    expect(refused).toEqual({
      Status: 'FAILED',
      Reason: `rds-ca-ecc384-g1 in us-east-1 is valid until ${ECC384_US_EAST_1_VALID_TILL} (144 days from now), less than minimumValidity (365 days) ` +
        'from now; plan the rotation to a CA that is valid for longer, or lower minimumValidity, or set expiryBehavior to ExpiryBehavior.WARN',
      PhysicalResourceId: FAILED_ID,
      ...envelope(),
    });

    const warned = await run(cfnEvent(fake, 'Create', { ...CHECK_PROPS, ExpiryBehavior: 'warn' }, { requestId: 'req-2' }));
    const warning = `rds-ca-ecc384-g1 in us-east-1 is valid until ${ECC384_US_EAST_1_VALID_TILL} (144 days from now), ` +
      'less than minimumValidity (365 days) from now; plan the rotation to a CA that is valid for longer, or lower minimumValidity';
    expect(warned).toEqual({
      Status: 'SUCCESS',
      Reason: `Warning: ${warning}`,
      PhysicalResourceId: CHECK_ID,
      Data: { ...CHECK_DATA, SupportsRotationWithoutRestart: 'true', Warning: warning },
      ...envelope('req-2'),
    });
    publishedNothing();
  });
});

describe('pagination', () => {
  test('follows Markers past empty pages of DescribeCertificates', async () => {
    fake.emptyLeadingPages = 2;
    const response = await create();

    expect(response).toEqual({ Status: 'SUCCESS', PhysicalResourceId: ECC_ID, Data: successData(), ...envelope() });
    expect(fake.callsTo('rds', 'DescribeCertificates').map((c) => c.detail.Marker)).toEqual([undefined, 'empty:1', 'page:0']);
  });

  test('lists the offered CAs from every page when refusing', async () => {
    fake.certificates = rdsCertificates('ap-south-1', ['rds-ca-rsa2048-g1', 'rds-ca-rsa4096-g1']);
    fake.pageSize = 1;
    const response = await create({ ...PROPS, ObjectKey: 'ap.pem' }, { region: 'ap-south-1' });

    expect(response).toEqual({
      Status: 'FAILED',
      Reason: 'rds-ca-ecc384-g1 is not offered by Amazon RDS in ap-south-1 (aurora-postgresql 16.4): DescribeCertificates answered ' +
        'CertificateNotFoundFault: CertificateIdentifier rds-ca-ecc384-g1 not found. RDS offers there: rds-ca-rsa2048-g1, rds-ca-rsa4096-g1. ' +
        'Choose one of those.',
      PhysicalResourceId: FAILED_ID,
      ...envelope(),
    });
    expect(fake.callsTo('rds', 'DescribeCertificates').map((c) => [c.detail.CertificateIdentifier, c.detail.Marker]))
      .toEqual([['rds-ca-ecc384-g1', undefined], [undefined, undefined], [undefined, 'page:1']]);
  });
});

describe('refusals', () => {
  test('CertificateNotFound: names region, CA, engine version and the CAs RDS offers', async () => {
    fake.certificates = rdsCertificates('us-east-1', ['rds-ca-rsa2048-g1', 'rds-ca-rsa4096-g1']);
    const response = await create();

    expect(response).toEqual({
      Status: 'FAILED',
      Reason: 'rds-ca-ecc384-g1 is not offered by Amazon RDS in us-east-1 (aurora-postgresql 16.4): DescribeCertificates answered ' +
        'CertificateNotFoundFault: CertificateIdentifier rds-ca-ecc384-g1 not found. RDS offers there: rds-ca-rsa2048-g1, rds-ca-rsa4096-g1. ' +
        'Choose one of those.',
      PhysicalResourceId: FAILED_ID,
      ...envelope(),
    });
    expect(fake.callsTo('s3')).toEqual([]);
    expect(fake.callsTo('ssm')).toEqual([]);
  });

  test('CertificateNotFound without an engine version, and the listing denied', async () => {
    fake.certificates = [];
    fake.fail({ service: 'rds', operation: 'DescribeCertificates', when: (c) => c.detail.CertificateIdentifier === undefined, status: 403, code: 'AccessDenied', message: 'not authorized' });
    const { Engine, EngineVersion, ...props } = PROPS;
    const response = await create(props);

    expect(response.Reason).toBe(
      'rds-ca-ecc384-g1 is not offered by Amazon RDS in us-east-1 (engine version not given): DescribeCertificates answered ' +
      'CertificateNotFoundFault: CertificateIdentifier rds-ca-ecc384-g1 not found. Listing the CAs RDS offers there failed: ' +
      "DescribeCertificates (all CAs) in us-east-1 failed: AccessDenied: not authorized; the handler's role needs rds:DescribeCertificates.",
    );
  });

  test('AccessDenied on DescribeCertificates names the permission and is not retried', async () => {
    fake.fail({
      service: 'rds',
      operation: 'DescribeCertificates',
      status: 403,
      code: 'AccessDenied',
      message: 'User: arn:aws:sts::111111111111:assumed-role/ca-check/fn is not authorized to perform: rds:DescribeCertificates',
    });
    const response = await create();

    expect(response).toEqual({
      Status: 'FAILED',
      Reason: 'DescribeCertificates for rds-ca-ecc384-g1 in us-east-1 failed: AccessDenied: User: arn:aws:sts::111111111111:assumed-role/ca-check/fn ' +
        "is not authorized to perform: rds:DescribeCertificates; the handler's role needs rds:DescribeCertificates",
      PhysicalResourceId: FAILED_ID,
      ...envelope(),
    });
    expect(fake.callsTo('rds')).toHaveLength(1);
    expect(clock.sleeps).toEqual([]);
  });

  test('engine version that does not support the CA', async () => {
    const response = await create({ ...PROPS, EngineVersion: '11.9' });
    expect(response).toEqual({
      Status: 'FAILED',
      Reason: 'aurora-postgresql 11.9 in us-east-1 does not support rds-ca-ecc384-g1; it supports rds-ca-2019, rds-ca-rsa2048-g1. ' +
        'Upgrade the engine version or choose a supported CA',
      PhysicalResourceId: FAILED_ID,
      ...envelope(),
    });
    expect(fake.callsTo('s3')).toEqual([]);
  });

  test('engine version RDS does not offer', async () => {
    const response = await create({ ...PROPS, EngineVersion: '9.6.99' });
    expect(response.Reason).toBe(
      'RDS does not offer aurora-postgresql 9.6.99 in us-east-1 (DescribeDBEngineVersions); ' +
      'choose a version from `aws rds describe-db-engine-versions --engine aurora-postgresql --region us-east-1`',
    );
  });

  test('thumbprint mismatch names both thumbprints and the region', async () => {
    fake.certificates = fake.certificates.map((c) =>
      c.identifier === 'rds-ca-ecc384-g1' ? { ...c, thumbprint: '0123456789abcdef0123456789abcdef01234567' } : c);
    const response = await create();

    expect(response).toEqual({
      Status: 'FAILED',
      Reason: 'Thumbprint mismatch in us-east-1: RDS reports rds-ca-ecc384-g1 with thumbprint 0123456789abcdef0123456789abcdef01234567, ' +
        `but the vendored us-east-1 bundle's rds-ca-ecc384-g1 root has thumbprint ${ECC384_US_EAST_1_THUMBPRINT}. ` +
        'The vendored trust store is out of date or RDS rotated the CA: upgrade aurora-tls before deploying',
      PhysicalResourceId: FAILED_ID,
      ...envelope(),
    });
    expect(fake.callsTo('s3')).toEqual([]);
  });

  test("thumbprint of another CA's root is a mismatch too", async () => {
    const rsa = rdsCertificates('us-east-1', ['rds-ca-rsa2048-g1'])[0];
    fake.certificates = fake.certificates.map((c) => c.identifier === 'rds-ca-ecc384-g1' ? { ...c, thumbprint: rsa.thumbprint.toUpperCase() } : c);
    const response = await create();
    expect(response.Reason).toBe(
      `Thumbprint mismatch in us-east-1: RDS reports rds-ca-ecc384-g1 with thumbprint ${rsa.thumbprint}, ` +
      `but the vendored us-east-1 bundle's rds-ca-ecc384-g1 root has thumbprint ${ECC384_US_EAST_1_THUMBPRINT} ` +
      "(RDS's thumbprint is the vendored rds-ca-rsa2048-g1 root). The vendored trust store is out of date or RDS rotated the CA: upgrade aurora-tls before deploying",
    );
  });

  test('a region the vendored trust store has no roots for', async () => {
    const response = await create(PROPS, { region: 'cn-north-1' });
    expect(response.Status).toBe('FAILED');
    expect(response.Reason).toBe(`Cannot derive the cn-north-1 bundle from the vendored trust store: ${messageOf(() => STORE.bundlePem('cn-north-1'))}`);
    expect(fake.calls.filter((c) => c.service !== 'cfn')).toEqual([]);
  });
});

describe('validity horizon', () => {
  // 2121-01-01: the ecc384 root (valid till 2121-05-25T23:41:55Z) has 144 days left.
  const LATE = Date.parse('2121-01-01T00:00:00Z');

  test('fail: a CA expiring inside MinimumValidityDays is refused', async () => {
    clock.ms = LATE;
    const response = await create();
    expect(response).toEqual({
      Status: 'FAILED',
      Reason: `rds-ca-ecc384-g1 in us-east-1 is valid until ${ECC384_US_EAST_1_VALID_TILL} (144 days from now), less than minimumValidity (365 days) ` +
        'from now; plan the rotation to a CA that is valid for longer, or lower minimumValidity, or set expiryBehavior to ExpiryBehavior.WARN',
      PhysicalResourceId: FAILED_ID,
      ...envelope(),
    });
    expect(fake.callsTo('s3')).toEqual([]);
  });

  test('warn: publishes and answers SUCCESS with a Warning', async () => {
    clock.ms = LATE;
    const response = await create({ ...PROPS, ExpiryBehavior: 'warn' });
    const warning = `rds-ca-ecc384-g1 in us-east-1 is valid until ${ECC384_US_EAST_1_VALID_TILL} (144 days from now), ` +
      'less than minimumValidity (365 days) from now; plan the rotation to a CA that is valid for longer, or lower minimumValidity';
    expect(response).toEqual({
      Status: 'SUCCESS',
      Reason: `Warning: ${warning}`,
      PhysicalResourceId: ECC_ID,
      Data: successData({ Warning: warning }),
      ...envelope(),
    });
    expect(fake.parameters.size).toBe(6);
  });

  test('exactly MinimumValidityDays left is enough', async () => {
    clock.ms = Date.parse(ECC384_US_EAST_1_VALID_TILL) - 144 * 86_400_000;
    expect((await create({ ...PROPS, MinimumValidityDays: '144' })).Status).toBe('SUCCESS');
  });

  test('an expired CA is refused even with warn', async () => {
    clock.ms = Date.parse('2121-06-01T00:00:00Z');
    const response = await create({ ...PROPS, ExpiryBehavior: 'warn' });
    expect(response.Reason).toBe(`rds-ca-ecc384-g1 in us-east-1 expired on ${ECC384_US_EAST_1_VALID_TILL}; choose a CA that is still valid`);
  });
});

describe('throttling and server errors', () => {
  test('throttling, 500s and SSM throttling are retried with exponential backoff, then SUCCESS', async () => {
    fake.fail({ service: 'rds', operation: 'DescribeCertificates', status: 400, code: 'Throttling', message: 'Rate exceeded', times: 2 });
    fake.fail({ service: 'rds', operation: 'DescribeDBEngineVersions', status: 400, code: 'RequestLimitExceeded' });
    fake.fail({ service: 's3', operation: 'PutObject', status: 500, code: 'InternalError' });
    fake.fail({ service: 'ssm', operation: 'PutParameter', status: 400, code: 'ThrottlingException', times: 3 });
    fake.fail({ service: 'ssm', operation: 'PutParameter', status: 400, code: 'TooManyRequestsException', skip: 2 });

    const response = await create();

    expect(response).toEqual({ Status: 'SUCCESS', PhysicalResourceId: ECC_ID, Data: successData(), ...envelope() });
    expect(clock.sleeps).toEqual([100, 200, 100, 100, 100, 200, 400, 100]);
    expect(fake.callsTo('rds', 'DescribeCertificates')).toHaveLength(3);
    expect(logs).toContain('info: DescribeCertificates for rds-ca-ecc384-g1 in us-east-1: Throttling: Rate exceeded (attempt 1 of 4); retrying in 100 ms');
  });

  test('jitter keeps each pause between half and all of the nominal backoff', async () => {
    fake.fail({ service: 'rds', operation: 'DescribeCertificates', status: 503, code: 'ServiceUnavailable', times: 3 });
    expect((await create(PROPS, { random: () => 0 })).Status).toBe('SUCCESS');
    expect(clock.sleeps).toEqual([50, 100, 200]);
  });

  test('throttled on every attempt: FAILED after maxAttempts', async () => {
    fake.fail({ service: 'rds', operation: 'DescribeCertificates', status: 400, code: 'Throttling', message: 'Rate exceeded', times: 100 });
    const response = await create();
    expect(response).toEqual({
      Status: 'FAILED',
      Reason: 'DescribeCertificates for rds-ca-ecc384-g1 in us-east-1 failed after 4 attempts: Throttling: Rate exceeded',
      PhysicalResourceId: FAILED_ID,
      ...envelope(),
    });
    expect(clock.sleeps).toEqual([100, 200, 400]);
  });
});

describe('partial publication', () => {
  test('S3 failure: FAILED naming the step; nothing published', async () => {
    fake.fail({ service: 's3', operation: 'PutObject', status: 403, code: 'AccessDenied', message: 'Access Denied' });
    const response = await create();

    expect(response).toEqual({
      Status: 'FAILED',
      Reason: `Publishing failed: PutObject ${URI} failed: AccessDenied: Access Denied; the handler's role needs s3:PutObject on the bucket ` +
        '(and kms:GenerateDataKey if the bucket uses a KMS key). Nothing this attempt created needed removing.',
      PhysicalResourceId: FAILED_ID,
      ...envelope(),
    });
    expect(fake.callsTo('ssm').map((c) => c.operation)).toEqual(['GetParameters']); // read to check owners, nothing written
  });

  test('S3 500s until out of attempts', async () => {
    fake.fail({ service: 's3', operation: 'PutObject', status: 500, code: 'InternalError', message: 'We encountered an internal error. Please try again.', times: 10 });
    const response = await create();
    expect(response.Reason).toBe(
      `Publishing failed: PutObject ${URI} failed after 4 attempts: InternalError: We encountered an internal error. Please try again.. ` +
      'Nothing this attempt created needed removing.',
    );
  });

  test('a missing bucket', async () => {
    const response = await create({ ...PROPS, BucketName: 'no-such-bucket' });
    expect(response.Reason).toBe(
      'Publishing failed: PutObject s3://no-such-bucket/aurora-tls/us-east-1/rds-ca-ecc384-g1/us-east-1-bundle.pem failed: ' +
      'NoSuchBucket: The specified bucket does not exist. Nothing this attempt created needed removing.',
    );
  });

  test('SSM failure after S3 success: FAILED, and what this attempt created is removed', async () => {
    fake.fail({ service: 'ssm', operation: 'PutParameter', skip: 2, status: 400, code: 'AccessDeniedException', message: 'not authorized to perform: ssm:PutParameter' });
    const response = await create();

    expect(response).toEqual({
      Status: 'FAILED',
      Reason: `Publishing failed: PutParameter ${PREFIX}/bundle-s3-uri failed: AccessDeniedException: not authorized to perform: ssm:PutParameter; ` +
        "the handler's role needs ssm:PutParameter and ssm:AddTagsToResource on the parameters. " +
        `Removed what this attempt had created: ${URI}, ${PREFIX}/ca-identifier, ${PREFIX}/root-pem.`,
      PhysicalResourceId: FAILED_ID,
      ...envelope(),
    });
    expect(fake.buckets.get(PROPS.BucketName)!.objects.size).toBe(0);
    expect(fake.parameters.size).toBe(0);
  });

  test('SSM failure on an Update keeps what existed before (the rollback republishes it)', async () => {
    expect((await create()).Status).toBe('SUCCESS');
    fake.fail({ service: 'ssm', operation: 'PutParameter', skip: 1, status: 400, code: 'ParameterLimitExceeded', message: 'limit' });

    const response = await run(cfnEvent(fake, 'Update', { ...PROPS, SslMode: 'require' }, { requestId: 'req-2', physicalId: ECC_ID, oldProps: PROPS }));

    expect(response).toEqual({
      Status: 'FAILED',
      Reason: `Publishing failed: PutParameter ${PREFIX}/root-pem failed: ParameterLimitExceeded: limit. Nothing this attempt created needed removing.`,
      PhysicalResourceId: ECC_ID,
      ...envelope('req-2'),
    });
    expect(fake.buckets.get(PROPS.BucketName)!.objects.has(PROPS.ObjectKey)).toBe(true);
    expect(fake.parameters.size).toBe(6);
  });

  test('an object S3 would not say existed is written only if absent (If-None-Match): created, so the cleanup removes it', async () => {
    fake.fail({ service: 's3', operation: 'HeadObject', status: 403 });
    fake.fail({ service: 'ssm', operation: 'PutParameter', status: 400, code: 'AccessDeniedException', message: 'denied' });
    const response = await create();
    expect(response.Reason).toBe(
      `Publishing failed: PutParameter ${PREFIX}/ca-identifier failed: AccessDeniedException: denied; the handler's role needs ssm:PutParameter and ssm:AddTagsToResource on the parameters. ` +
      `Removed what this attempt had created: ${URI}.`,
    );
    expect(fake.callsTo('s3', 'PutObject')[0].detail.headers['if-none-match']).toBe('*');
    expect(fake.buckets.get(PROPS.BucketName)!.objects.has(PROPS.ObjectKey)).toBe(false);
  });

  test('cleanup that fails is reported with what to remove by hand', async () => {
    fake.fail({ service: 'ssm', operation: 'PutParameter', status: 400, code: 'AccessDeniedException', message: 'denied' });
    fake.fail({ service: 's3', operation: 'DeleteObject', status: 403, code: 'AccessDenied', message: 'Access Denied' });
    const response = await create();
    expect(response.Reason).toBe(
      `Publishing failed: PutParameter ${PREFIX}/ca-identifier failed: AccessDeniedException: denied; the handler's role needs ssm:PutParameter and ssm:AddTagsToResource on the parameters. ` +
      `Cleanup failed (DeleteObject ${URI} failed: AccessDenied: Access Denied); remove ${URI} by hand.`,
    );
    expect(fake.buckets.get(PROPS.BucketName)!.objects.has(PROPS.ObjectKey)).toBe(true);
  });
});

describe('Update', () => {
  test('changing the CA yields a new physical id; the Delete of the old one leaves the new publication alone', async () => {
    // GIVEN a published ecc384 resource
    expect((await create()).PhysicalResourceId).toBe(ECC_ID);

    // WHEN the CA changes to rsa2048 (same bucket and key, the prefix follows the CA)
    const rsaProps = { ...PROPS, CertificateAuthority: 'rds-ca-rsa2048-g1', ParameterPrefix: '/aurora-tls/rds-ca-rsa2048-g1' };
    const update = await run(cfnEvent(fake, 'Update', rsaProps, { requestId: 'req-2', physicalId: ECC_ID, oldProps: PROPS }));

    // THEN a new physical id, so CloudFormation deletes the old resource
    const rsa = vendoredRoot('us-east-1', 'rds-ca-rsa2048-g1');
    expect(update).toEqual({
      Status: 'SUCCESS',
      PhysicalResourceId: RSA_ID,
      Data: successData({
        CertificateAuthority: 'rds-ca-rsa2048-g1',
        Thumbprint: rsa.thumbprint,
        ValidTill: rsa.notAfter.toISOString(),
        RootParameterName: '/aurora-tls/rds-ca-rsa2048-g1/root-pem',
      }),
      ...envelope('req-2'),
    });
    expect(fake.buckets.get(PROPS.BucketName)!.objects.get(PROPS.ObjectKey)!.metadata).toEqual({ 'aurora-tls-owner': RSA_ID, ...OWNER_METADATA });

    // WHEN CloudFormation deletes the old resource
    const cleanup = await run(cfnEvent(fake, 'Delete', PROPS, { requestId: 'req-3', physicalId: ECC_ID }));

    // THEN the object (now the new resource's) stays; the old parameters go
    expect(cleanup).toEqual({
      Status: 'SUCCESS',
      Reason: `Left ${URI} in place (it belongs to ${RSA_ID}); deleted the 6 parameters under ${PREFIX}`,
      PhysicalResourceId: ECC_ID,
      ...envelope('req-3'),
    });
    expect(fake.buckets.get(PROPS.BucketName)!.objects.has(PROPS.ObjectKey)).toBe(true);
    expect([...fake.parameters.keys()].every((n) => n.startsWith('/aurora-tls/rds-ca-rsa2048-g1/'))).toBe(true);
    expect(fake.parameters.size).toBe(6);
  });

  test('the Delete after a CA change under the same prefix leaves the parameters alone', async () => {
    await create();
    const rsaProps = { ...PROPS, CertificateAuthority: 'rds-ca-rsa2048-g1' };
    const update = await run(cfnEvent(fake, 'Update', rsaProps, { requestId: 'req-2', physicalId: ECC_ID, oldProps: PROPS }));
    expect(update.Status).toBe('SUCCESS');
    expect(update.PhysicalResourceId).not.toBe(ECC_ID);

    const cleanup = await run(cfnEvent(fake, 'Delete', PROPS, { requestId: 'req-3', physicalId: ECC_ID }));
    expect(cleanup.Reason).toBe(
      `Left ${URI} in place (it belongs to ${update.PhysicalResourceId}); ` +
      `left the parameters under ${PREFIX} in place (they now describe rds-ca-rsa2048-g1 at ${URI})`,
    );
    expect(fake.parameters.get(`${PREFIX}/ca-identifier`)!.value).toBe('rds-ca-rsa2048-g1');
  });

  test('an Update that keeps the identity keeps the physical id and republishes', async () => {
    await create();
    const response = await run(cfnEvent(fake, 'Update', { ...PROPS, SslMode: 'require', MinimumValidityDays: '700' },
      { requestId: 'req-2', physicalId: ECC_ID, oldProps: PROPS }));
    expect(response).toEqual({ Status: 'SUCCESS', PhysicalResourceId: ECC_ID, Data: successData(), ...envelope('req-2') });
    expect(fake.parameters.get(`${PREFIX}/sslmode`)).toEqual({ value: 'require', type: 'String', version: 2 });
  });

  test('a failed Update keeps the old physical id', async () => {
    fake.certificates = rdsCertificates('us-east-1', ['rds-ca-rsa2048-g1']);
    const response = await run(cfnEvent(fake, 'Update', PROPS, { physicalId: RSA_ID, oldProps: { ...PROPS, CertificateAuthority: 'rds-ca-rsa2048-g1' } }));
    expect(response.Status).toBe('FAILED');
    expect(response.PhysicalResourceId).toBe(RSA_ID);
  });
});

describe('Delete', () => {
  test('removes the object and the parameters this resource published', async () => {
    await create();
    const response = await run(cfnEvent(fake, 'Delete', PROPS, { requestId: 'req-2', physicalId: ECC_ID }));

    expect(response).toEqual({
      Status: 'SUCCESS',
      Reason: `Deleted ${URI}; deleted the 6 parameters under ${PREFIX}`,
      PhysicalResourceId: ECC_ID,
      ...envelope('req-2'),
    });
    expect(fake.buckets.get(PROPS.BucketName)!.objects.size).toBe(0);
    expect(fake.parameters.size).toBe(0);
    expect(fake.callsTo('rds')).toHaveLength(2); // the Create's two; Delete asks RDS nothing
  });

  test('tolerates an object and parameters already gone', async () => {
    const response = await run(cfnEvent(fake, 'Delete', PROPS, { physicalId: ECC_ID }));
    expect(response).toEqual({
      Status: 'SUCCESS',
      Reason: `The object ${URI} was already gone; the parameters under ${PREFIX} were already gone`,
      PhysicalResourceId: ECC_ID,
      ...envelope(),
    });
  });

  test('tolerates a bucket already deleted and some parameters gone', async () => {
    await create();
    fake.buckets.delete(PROPS.BucketName);
    fake.parameters.delete(`${PREFIX}/sslmode`);
    const response = await run(cfnEvent(fake, 'Delete', PROPS, { requestId: 'req-2', physicalId: ECC_ID }));
    expect(response.Status).toBe('SUCCESS');
    expect(response.Reason).toBe(`The object ${URI} was already gone; deleted 5 of the 6 parameters under ${PREFIX} (the others were already gone)`);
  });

  test('tolerates NoSuchBucket from DeleteObject', async () => {
    await create();
    fake.fail({ service: 's3', operation: 'DeleteObject', status: 404, code: 'NoSuchBucket' });
    const response = await run(cfnEvent(fake, 'Delete', PROPS, { requestId: 'req-2', physicalId: ECC_ID }));
    expect(response.Reason).toBe(`Deleted ${URI}; deleted the 6 parameters under ${PREFIX}`);
  });

  test('an object not published by this resource is left in place', async () => {
    fake.buckets.get(PROPS.BucketName)!.objects.set(PROPS.ObjectKey, { body: 'someone else', headers: {}, metadata: {} });
    const response = await run(cfnEvent(fake, 'Delete', PROPS, { physicalId: ECC_ID }));
    expect(response.Reason).toBe(`Left ${URI} in place (it belongs to no aurora-tls resource); the parameters under ${PREFIX} were already gone`);
    expect(fake.buckets.get(PROPS.BucketName)!.objects.has(PROPS.ObjectKey)).toBe(true);
  });

  test('AccessDenied on DeleteObject fails the Delete and names the permission; the parameters are still removed', async () => {
    await create();
    fake.fail({ service: 's3', operation: 'DeleteObject', status: 403, code: 'AccessDenied', message: 'Access Denied' });
    const response = await run(cfnEvent(fake, 'Delete', PROPS, { requestId: 'req-2', physicalId: ECC_ID }));
    expect(response).toEqual({
      Status: 'FAILED',
      Reason: `Delete failed: DeleteObject ${URI} failed: AccessDenied: Access Denied; the handler's role needs s3:DeleteObject on the bucket ` +
        `(deleted the 6 parameters under ${PREFIX})`,
      PhysicalResourceId: ECC_ID,
      ...envelope('req-2'),
    });
    expect(fake.parameters.size).toBe(0);
  });

  test('HeadObject or GetParameters denied: FAILED naming the permissions, nothing deleted', async () => {
    await create();
    fake.fail({ service: 's3', operation: 'HeadObject', status: 403 });
    fake.fail({ service: 'ssm', operation: 'GetParameters', status: 400, code: 'AccessDeniedException', message: 'denied' });
    const response = await run(cfnEvent(fake, 'Delete', PROPS, { requestId: 'req-2', physicalId: ECC_ID }));
    expect(response).toEqual({
      Status: 'FAILED',
      Reason: `Delete failed: HeadObject ${URI} failed: Forbidden (HTTP 403); the handler's role needs s3:GetObject and s3:ListBucket on the bucket; ` +
        `GetParameters ${PREFIX}/ca-identifier, ${PREFIX}/bundle-s3-uri failed: AccessDeniedException: denied; the handler's role needs ssm:GetParameters on the prefix`,
      PhysicalResourceId: ECC_ID,
      ...envelope('req-2'),
    });
    expect(fake.buckets.get(PROPS.BucketName)!.objects.size).toBe(1);
    expect(fake.parameters.size).toBe(6);
  });

  test('after a failed Create, deletes nothing and succeeds (even with malformed properties)', async () => {
    const response = await run(cfnEvent(fake, 'Delete', { CertificateAuthority: 'rds-ca-2019' }, { physicalId: FAILED_ID }));
    expect(response).toEqual({
      Status: 'SUCCESS',
      Reason: 'Nothing to delete: the Create of this resource failed and published nothing',
      PhysicalResourceId: FAILED_ID,
      ...envelope(),
    });
    expect(fake.calls.filter((c) => c.service !== 'cfn')).toEqual([]);
  });

  test('a physical id this handler never issued: nothing deleted, SUCCESS', async () => {
    const response = await run(cfnEvent(fake, 'Delete', PROPS, { physicalId: 'something-else' }));
    expect(response).toEqual({
      Status: 'SUCCESS',
      Reason: 'Nothing to delete: something-else is not a resource the aurora-tls handler published',
      PhysicalResourceId: 'something-else',
      ...envelope(),
    });
    expect(fake.calls.filter((c) => c.service !== 'cfn')).toEqual([]);
  });

  test('a failed Create followed by its rollback Delete', async () => {
    fake.certificates = [];
    const created = await create();
    expect(created.PhysicalResourceId).toBe(FAILED_ID);
    const deleted = await run(cfnEvent(fake, 'Delete', PROPS, { requestId: 'req-2', physicalId: created.PhysicalResourceId }));
    expect(deleted.Status).toBe('SUCCESS');
    expect(fake.calls.filter((c) => c.service === 's3' || c.service === 'ssm')).toEqual([]);
  });
});

describe('response upload', () => {
  test('failing twice then succeeding: retried with backoff, answered once', async () => {
    fake.fail({ service: 'cfn', operation: 'PutResponse', status: 500, times: 2 });
    const response = await create();

    expect(response).toEqual({ Status: 'SUCCESS', PhysicalResourceId: ECC_ID, Data: successData(), ...envelope() });
    expect(fake.callsTo('cfn')).toHaveLength(3);
    expect(clock.sleeps).toEqual([500, 1_000]);
    expect(logs).toContain('error: Uploading the SUCCESS response failed (attempt 2 of 4): HTTP 500; retrying in 1000 ms');
    const upload = fake.uploads[0];
    expect(upload.headers['content-type']).toBe('');
    expect(Number(upload.headers['content-length'])).toBe(Buffer.byteLength(JSON.stringify(response)));
  });

  test('a 403 is not retried, and the handler never throws', async () => {
    fake.fail({ service: 'cfn', operation: 'PutResponse', status: 403, times: 5 });
    await expect(handleEvent(cfnEvent(fake, 'Create', PROPS), clock.context(), deps())).resolves.toMatchObject({ Status: 'SUCCESS' });
    expect(fake.callsTo('cfn')).toHaveLength(1);
    expect(logs).toContain('error: Uploading the SUCCESS response failed (attempt 1 of 4): HTTP 403; giving up');
  });

  test('no retry when the function has no time left for it', async () => {
    fake.fail({ service: 'cfn', operation: 'PutResponse', status: 503, times: 5 });
    await handleEvent(cfnEvent(fake, 'Create', PROPS), clock.context(1_400), deps());
    expect(fake.callsTo('cfn')).toHaveLength(1);
    expect(clock.sleeps).toEqual([]);
    expect(logs).toContain('error: Uploading the FAILED response failed (attempt 1 of 4): HTTP 503; no time left to retry');
  });

  test('the upload server never answering is retried until attempts run out', async () => {
    const event = cfnEvent(fake, 'Create', { ...PROPS, MinimumValidityDays: 'x' });
    const closedDeps = deps();
    await fake.close();
    await expect(handleEvent(event, clock.context(), closedDeps)).resolves.toMatchObject({ Status: 'FAILED' });
    expect(clock.sleeps).toEqual([500, 1_000, 2_000]);
    expect(logs.filter((l) => l.startsWith('error: Uploading'))).toHaveLength(4);
    fake = await FakeAws.start(); // for afterEach
  });

  test('a long Reason is truncated to fit the 4096-byte response limit', async () => {
    const response = await create({ ...PROPS, ['K'.repeat(3000)]: '1', ['É'.repeat(1000)]: '2' });
    expect(Buffer.byteLength(JSON.stringify(response))).toBeLessThanOrEqual(4096);
    expect(Buffer.byteLength(JSON.stringify(response))).toBeGreaterThan(4000);
    expect(response.Reason).toMatch(/^Invalid ResourceProperties: unknown properties K{3000}, É+ \[truncated; see the function log\]$/);
  });
});

describe('malformed events', () => {
  const retired = () => messageOf(() => CertificateAuthority.of('rds-ca-2019'));

  test.each<[string, Record<string, unknown>, () => string]>([
    ['missing CertificateAuthority', { ...PROPS, CertificateAuthority: undefined }, () => 'CertificateAuthority is required'],
    ['every property missing (a check-only resource still needs its CA)', {}, () => 'CertificateAuthority is required'],
    ['BucketName without ObjectKey and ParameterPrefix', { CertificateAuthority: 'rds-ca-ecc384-g1', BucketName: 'trust-bucket' },
      () => 'BucketName, ObjectKey and ParameterPrefix go together: give all three to publish the trust bundle, or none to only check; ' +
        'ObjectKey and ParameterPrefix are missing'],
    ['ParameterPrefix missing from a publication', { ...PROPS, ParameterPrefix: undefined },
      () => 'BucketName, ObjectKey and ParameterPrefix go together: give all three to publish the trust bundle, or none to only check; ParameterPrefix is missing'],
    ['SslMode on a check-only resource', { CertificateAuthority: 'rds-ca-ecc384-g1', SslMode: 'verify-full' },
      () => 'SslMode is only published (to the sslmode parameter), so it needs BucketName, ObjectKey and ParameterPrefix; remove SslMode to only check'],
    ['a retired CA', { ...PROPS, CertificateAuthority: 'rds-ca-2019' }, () => `CertificateAuthority: ${retired()}`],
    ['an unknown Engine', { ...PROPS, Engine: 'postgres' }, () => "Engine 'postgres' is not supported; use 'aurora-postgresql' or 'aurora-mysql'"],
    ['EngineVersion without Engine', { ...PROPS, Engine: undefined }, () => "EngineVersion '16.4' needs Engine ('aurora-postgresql' or 'aurora-mysql') to be checked"],
    ['a malformed EngineVersion', { ...PROPS, EngineVersion: 'latest' }, () => "EngineVersion 'latest' is not an engine version such as '16.4' or '8.0.mysql_aurora.3.08.0'"],
    ['negative MinimumValidityDays', { ...PROPS, MinimumValidityDays: '-1' }, () => "MinimumValidityDays '-1' must be a whole number of days from 0 to 36500, e.g. '365'"],
    ['fractional MinimumValidityDays', { ...PROPS, MinimumValidityDays: '365.5' }, () => "MinimumValidityDays '365.5' must be a whole number of days from 0 to 36500, e.g. '365'"],
    ['non-numeric MinimumValidityDays', { ...PROPS, MinimumValidityDays: 'a year' }, () => "MinimumValidityDays 'a year' must be a whole number of days from 0 to 36500, e.g. '365'"],
    ['huge MinimumValidityDays', { ...PROPS, MinimumValidityDays: '40000' }, () => "MinimumValidityDays '40000' must be a whole number of days from 0 to 36500, e.g. '365'"],
    ['a number instead of a string', { ...PROPS, MinimumValidityDays: 365 }, () => 'MinimumValidityDays must be a string (as CloudFormation delivers properties), got number 365'],
    ['a bad ExpiryBehavior', { ...PROPS, ExpiryBehavior: 'ignore' }, () => "ExpiryBehavior 'ignore' must be 'fail' or 'warn'"],
    ['a bad BucketName', { ...PROPS, BucketName: 'My_Bucket' }, () => "BucketName 'My_Bucket' is not an S3 bucket name (3 to 63 lower-case letters, digits, '.' and '-', starting and ending with a letter or digit)"],
    ['an ObjectKey with a leading slash', { ...PROPS, ObjectKey: '/certs/b.pem' }, () => "ObjectKey '/certs/b.pem' must not start with '/'; use 'certs/b.pem'"],
    ['an empty ObjectKey', { ...PROPS, ObjectKey: '' }, () => 'ObjectKey must not be empty'],
    ['a relative ParameterPrefix', { ...PROPS, ParameterPrefix: 'aurora-tls' }, () => TrustBundleLayout.checkParameterPrefix('aurora-tls').map((m) => `ParameterPrefix: ${m}`).join('; ')],
    ['a MySQL SslMode spelling', { ...PROPS, SslMode: 'VERIFY_IDENTITY' }, () => `SslMode: ${messageOf(() => SslMode.of('VERIFY_IDENTITY'))}`],
    ['a bad ExpectedBundleSha256', { ...PROPS, ExpectedBundleSha256: 'abc' }, () => "ExpectedBundleSha256 'abc' must be 64 hex digits (a SHA-256)"],
    ['an unknown property', { ...PROPS, Bundle: 'b.pem' }, () => 'unknown property Bundle; known properties: CertificateAuthority, Engine, EngineVersion, MinimumValidityDays, ExpiryBehavior, BucketName, ObjectKey, ParameterPrefix, SslMode, ExpectedBundleSha256'],
    ['P7bObjectKey (no PKCS#7 publication)', { ...PROPS, P7bObjectKey: 'b.p7b' }, () => 'P7bObjectKey is not supported: this handler publishes the PEM bundle only (ObjectKey); remove P7bObjectKey'],
  ])('%s', async (_name, props, problems) => {
    const clean = Object.fromEntries(Object.entries(props).filter(([, v]) => v !== undefined));
    const response = await create(clean);
    expect(response).toEqual({
      Status: 'FAILED',
      Reason: `Invalid ResourceProperties: ${problems()}`,
      PhysicalResourceId: FAILED_ID,
      ...envelope(),
    });
    expect(fake.calls.filter((c) => c.service !== 'cfn')).toEqual([]);
  });

  test('missing ResourceProperties', async () => {
    const response = await run(cfnEvent(fake, 'Create', undefined));
    expect(response.Reason).toBe('Invalid ResourceProperties: ResourceProperties must be an object, got undefined');
  });

  test.each([
    ['an unknown RequestType', { RequestType: 'Replace' }, 'Malformed event: RequestType "Replace" is not Create, Update or Delete', FAILED_ID],
    ['no RequestType', { RequestType: undefined }, 'Malformed event: RequestType undefined is not Create, Update or Delete', FAILED_ID],
    ['an Update without PhysicalResourceId', { RequestType: 'Update' }, 'Malformed event: PhysicalResourceId is missing from the Update event', FAILED_ID],
    ['no LogicalResourceId', { LogicalResourceId: '' }, 'Malformed event: LogicalResourceId is missing', FAILED_ID],
  ])('%s', async (_name, change, reason, physicalId) => {
    const response = await run({ ...cfnEvent(fake, 'Create', PROPS), ...change });
    expect(response.Status).toBe('FAILED');
    expect(response.Reason).toBe(reason);
    expect(response.PhysicalResourceId).toBe(physicalId);
    expect(fake.calls.filter((c) => c.service !== 'cfn')).toEqual([]);
  });

  test('an Update with malformed properties keeps its physical id', async () => {
    const response = await run(cfnEvent(fake, 'Update', { ...PROPS, ExpiryBehavior: 'never' }, { physicalId: ECC_ID, oldProps: PROPS }));
    expect(response).toEqual({
      Status: 'FAILED', Reason: "Invalid ResourceProperties: ExpiryBehavior 'never' must be 'fail' or 'warn'", PhysicalResourceId: ECC_ID, ...envelope(),
    });
  });

  test('no usable ResponseURL: nothing is sent, nothing is thrown, the signature is not logged', async () => {
    for (const url of [undefined, 'not a url', 'http://example.com/cfn/x?X-Amz-Signature=secret', 'ftp://127.0.0.1/x']) {
      await expect(handleEvent({ ...cfnEvent(fake, 'Create', PROPS), ResponseURL: url }, clock.context(), deps())).resolves.toBeUndefined();
    }
    expect(fake.calls).toEqual([]);
    expect(logs.join('\n')).not.toContain('secret');
    expect(logs[2]).toMatch(/^error: Cannot answer CloudFormation: the ResponseURL must use https, got http:\/\/example.com\./);
  });

  test('http to localhost is refused unless allowed (tests only)', async () => {
    await expect(handleEvent(cfnEvent(fake, 'Create', PROPS), clock.context(), deps({ allowHttpLocalhost: false }))).resolves.toBeUndefined();
    expect(fake.calls).toEqual([]);
  });

  test('the function without a region', async () => {
    const response = await create(PROPS, { region: '' });
    expect(response.Reason).toBe('The function does not know its region (AWS_REGION is not set)');
  });
});

describe('deadline', () => {
  test('less time left than the response reserve: FAILED at once, no AWS call', async () => {
    const response = await run(cfnEvent(fake, 'Create', PROPS), {}, clock.context(9_000));
    expect(response).toEqual({
      Status: 'FAILED',
      Reason: "Timed out during start-up: less than 10 s of the function's time was left, " +
        'which is kept for answering CloudFormation. Raise the function timeout or retry the deployment.',
      PhysicalResourceId: FAILED_ID,
      ...envelope(),
    });
    expect(fake.calls.filter((c) => c.service !== 'cfn')).toEqual([]);
  });

  test('throttled until the deadline (fake clock): gives up before the pause that would overrun it', async () => {
    fake.fail({ service: 'rds', operation: 'DescribeCertificates', status: 400, code: 'Throttling', times: 100 });
    const response = await run(cfnEvent(fake, 'Create', PROPS),
      { retry: { maxAttempts: 20, baseDelayMs: 4_000, maxDelayMs: 60_000 } }, clock.context(30_000));
    expect(response.Reason).toBe(
      "Timed out during DescribeCertificates for rds-ca-ecc384-g1 in us-east-1: less than 10 s of the function's time was left, " +
      'which is kept for answering CloudFormation. Raise the function timeout or retry the deployment.',
    );
    expect(clock.sleeps).toEqual([4_000, 8_000]);
    expect(fake.callsTo('rds')).toHaveLength(3);
  });

  test('a call still in flight at the deadline is aborted (fake clock); created items are named', async () => {
    // GIVEN 30 s are left, 10 s of them kept for answering; SSM holds the first PutParameter, and the clock reaches the
    // deadline while it is held
    fake.fail({ service: 'ssm', operation: 'PutParameter', delayMs: 60_000, onArrival: () => clock.advance(20_000) });

    // WHEN
    const response = await run(cfnEvent(fake, 'Create', PROPS), {}, clock.context(30_000));

    // THEN
    expect(response).toEqual({
      Status: 'FAILED',
      Reason: `Timed out during PutParameter ${PREFIX}/ca-identifier: less than 10 s of the function's time was left, ` +
        `which is kept for answering CloudFormation. Raise the function timeout or retry the deployment. Created before the timeout and not removed: ${URI}.`,
      // Something was written: the publication's id, so that the rollback's Delete removes it (test/handler/faults.test.ts).
      PhysicalResourceId: ECC_ID,
      ...envelope(),
    });
  });
});
