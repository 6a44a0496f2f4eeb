// The shipped asset (assets/lib/handler/ca-check.lambda/, built by `npx projen bundle`, which `npx projen test`
// runs first): it loads, reads the trust store copied beside it, and answers a Create end to end against the fake.

import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { FakeAws } from './fake-aws';
import { cfnEvent, envelope, FakeClock, PROPS, rdsCertificates, vendoredRoot } from './harness';

const ASSET_DIR = join(__dirname, '..', '..', 'assets', 'lib', 'handler', 'ca-check.lambda');

function loadAsset(): any {
  if (!existsSync(join(ASSET_DIR, 'index.js'))) {
    throw new Error(`${ASSET_DIR}/index.js is missing: run 'npx projen bundle' first`);
  }
  // The asset is plain CommonJS built outside the TypeScript program: load it as Lambda does.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return require(join(ASSET_DIR, 'index.js'));
}

test('the bundled handler exports handler and handleEvent, and reads the trust store beside it', () => {
  const asset = loadAsset();
  expect(typeof asset.handler).toBe('function');
  expect(typeof asset.handleEvent).toBe('function');
  const store = asset.bundledTrustStore();
  expect(store.rootsFor('us-east-1').map((r: any) => r.thumbprint).sort())
    .toEqual(rdsCertificates('us-east-1').map((c) => c.thumbprint).sort());
  expect(store.root('us-gov-east-1', store.rootsFor('us-gov-east-1')[0].certificateAuthority).region).toBe('us-gov-east-1');
});

test('the bundled handler answers a Create end to end', async () => {
  const asset = loadAsset();
  const fake = await FakeAws.start();
  try {
    fake.certificates = rdsCertificates('us-east-1');
    fake.engineVersions = [{ engine: 'aurora-postgresql', version: '16.4', supportedCas: ['rds-ca-ecc384-g1'], rotationWithoutRestart: true }];
    fake.addBucket(PROPS.BucketName);
    const clock = new FakeClock(Date.parse('2026-06-01T12:00:00Z'));
    const deps = {
      ...asset.defaultDeps(),
      region: 'us-east-1',
      aws: { endpoint: fake.endpoint, credentials: { accessKeyId: 'AKIAFAKE', secretAccessKey: 'fake-secret' }, forcePathStyle: true },
      now: clock.now,
      sleep: clock.sleep,
      log: () => undefined,
      allowHttpLocalhost: true,
    };

    await asset.handleEvent(cfnEvent(fake, 'Create', PROPS), clock.context(), deps);

    expect(fake.uploads).toHaveLength(1);
    expect(fake.uploads[0].body).toMatchObject({
      Status: 'SUCCESS',
      PhysicalResourceId: 'aurora-tls:us-east-1:rds-ca-ecc384-g1:a047016dc53a49600f7a1f0f',
      Data: { Thumbprint: vendoredRoot('us-east-1', 'rds-ca-ecc384-g1').thumbprint, SupportsRotationWithoutRestart: 'true' },
      ...envelope(),
    });
    expect(fake.parameters.size).toBe(6);
  } finally {
    await fake.close();
  }
});

test('the bundled handler knows the check-only mode (the asset is not stale)', async () => {
  const asset = loadAsset();
  const fake = await FakeAws.start();
  try {
    fake.certificates = rdsCertificates('us-east-1');
    const clock = new FakeClock(Date.parse('2026-06-01T12:00:00Z'));
    const deps = {
      ...asset.defaultDeps(),
      region: 'us-east-1',
      aws: { endpoint: fake.endpoint, credentials: { accessKeyId: 'AKIAFAKE', secretAccessKey: 'fake-secret' }, forcePathStyle: true },
      now: clock.now,
      sleep: clock.sleep,
      log: () => undefined,
      allowHttpLocalhost: true,
    };

    await asset.handleEvent(cfnEvent(fake, 'Create', { CertificateAuthority: 'rds-ca-rsa2048-g1' }), clock.context(), deps);

    expect(fake.uploads).toHaveLength(1);
    expect(fake.uploads[0].body).toEqual({
      Status: 'SUCCESS',
      PhysicalResourceId: 'aurora-tls-check:us-east-1:rds-ca-rsa2048-g1',
      Data: {
        CertificateAuthority: 'rds-ca-rsa2048-g1',
        Thumbprint: vendoredRoot('us-east-1', 'rds-ca-rsa2048-g1').thumbprint,
        ValidTill: vendoredRoot('us-east-1', 'rds-ca-rsa2048-g1').notAfter.toISOString(),
      },
      ...envelope(),
    });
    expect(fake.calls.filter((c) => c.service === 's3' || c.service === 'ssm')).toEqual([]);
  } finally {
    await fake.close();
  }
});
