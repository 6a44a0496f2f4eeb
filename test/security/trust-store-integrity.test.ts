// Integrity of the trust material aurora-tls ships, end to end:
//  - every certificate file in the package is pinned: the vendored snapshot (data/rds-truststore/, checked against its
//    manifest by test/data/manifest.test.ts, which also changes one byte of each file) and the copies the handler
//    asset ships beside index.js (assets/lib/handler/ca-check.lambda/, checked here against the same pins);
//  - at deploy time, a vendored root that lacks (or changes) the thumbprint RDS reports fails the deployment with a
//    message naming both, before anything is published; a byte changed elsewhere in the region's bundle fails on the
//    SHA-256 the construct synthesized from data/.
import { createHash, X509Certificate } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { CaCheckFunction } from '../../lib/cdk/ca-check-function';
import { TrustStore } from '../../lib/core';
import { handleEvent } from '../../lib/handler/ca-check.lambda';
import { DATA_DIR, PINNED, sha256Of, verifyManifest } from '../../scripts/truststore-manifest';
import { FakeAws } from '../handler/fake-aws';
import { cfnEvent, envelope, FakeClock, GLOBAL_PEM, GOVCLOUD_PEM, PROPS, rdsCertificates, testDeps, vendoredRoot } from '../handler/harness';

const ECC384_US_EAST_1 = vendoredRoot('us-east-1', 'rds-ca-ecc384-g1');
const RSA4096_US_EAST_1 = vendoredRoot('us-east-1', 'rds-ca-rsa4096-g1');
const FAILED_ID = 'aurora-tls-failed:req-1';
const US_EAST_1_SHA256 = sha256(TrustStore.bundled().bundlePem('us-east-1'));

function sha256(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('hex');
}

/** The PEM of `pem` with the last byte of its DER changed: still a certificate that parses, with another thumbprint. */
function withOneByteChanged(pem: string): string {
  const der = Buffer.from(pem.replace(/-----[A-Z ]+-----|\s/g, ''), 'base64');
  der[der.length - 1] = der[der.length - 1] === 0x41 ? 0x42 : 0x41; // inside the signature value: the DER structure stays valid
  const body = der.toString('base64').match(/.{1,64}/g)!.join('\n');
  return `-----BEGIN CERTIFICATE-----\n${body}\n-----END CERTIFICATE-----\n`;
}

describe('every certificate file the package ships is pinned', () => {
  test('data/rds-truststore: every file is in the manifest and matches its pinned SHA-256 (one byte changed: test/data/manifest.test.ts)', () => {
    expect(verifyManifest(DATA_DIR)).toEqual([]);
  });

  test('the handler asset ships exactly the files its bundle task copies, byte for byte the pinned ones', () => {
    const assetDir = CaCheckFunction.ASSET_PATH;
    const shipped = readdirSync(assetDir).filter((f) => f !== 'index.js').sort();
    expect(shipped).toEqual(['global-bundle.pem', 'govcloud-bundle.pem']);
    for (const file of shipped) {
      expect([file, sha256Of(readFileSync(join(assetDir, file)))]).toEqual([file, PINNED.find((p) => p.file === file)!.sha256]);
    }
  });

  test('(control) one byte changed in an asset copy is told apart from its pin', () => {
    const bytes = readFileSync(join(CaCheckFunction.ASSET_PATH, 'global-bundle.pem'));
    const at = Math.floor(bytes.length / 2);
    bytes[at] = bytes[at] === 0x41 ? 0x42 : 0x41;
    expect(sha256Of(bytes)).not.toBe(PINNED.find((p) => p.file === 'global-bundle.pem')!.sha256);
  });
});

describe('the deploy-time cross-check against RDS', () => {
  let fake: FakeAws;
  let clock: FakeClock;

  beforeEach(async () => {
    fake = await FakeAws.start();
    fake.certificates = rdsCertificates('us-east-1');
    fake.engineVersions = [{ engine: 'aurora-postgresql', version: '16.4', supportedCas: ['rds-ca-rsa2048-g1', 'rds-ca-ecc384-g1'] }];
    fake.addBucket(PROPS.BucketName);
    clock = new FakeClock(Date.parse('2026-06-01T12:00:00Z'));
  });

  afterEach(async () => {
    await fake.close();
  });

  /** A Create against a trust store built from the given global bundle, as the handler builds it beside index.js. */
  async function createWith(globalPem: string, props: Record<string, unknown> = PROPS): Promise<any> {
    const deps = testDeps(fake, clock, [], TrustStore.fromPems([globalPem, GOVCLOUD_PEM]), {
      log: () => undefined,
      retry: { maxAttempts: 2, baseDelayMs: 100, maxDelayMs: 100 },
      responseRetryDelaysMs: [],
    });
    const response = await handleEvent(cfnEvent(fake, 'Create', props), clock.context(), deps);
    expect(fake.uploads.map((u) => u.body)).toEqual([response]);
    return response;
  }

  function nothingPublished(): void {
    expect(fake.calls.filter((c) => c.service === 's3' || c.service === 'ssm')).toEqual([]);
    expect(fake.parameters.size).toBe(0);
  }

  test('(control) the vendored bundle publishes', async () => {
    expect((await createWith(GLOBAL_PEM, { ...PROPS, ExpectedBundleSha256: US_EAST_1_SHA256 })).Status).toBe('SUCCESS');
  });

  test('one byte changed in the root of the chosen CA: the root no longer verifies, so it is missing: FAILED, naming RDS\'s thumbprint', async () => {
    // GIVEN the global bundle with one byte of the us-east-1 ECC384 root changed (another thumbprint, a broken signature)
    const tampered = withOneByteChanged(ECC384_US_EAST_1.pem);
    expect(createHash('sha1').update(new X509Certificate(tampered).raw).digest('hex')).not.toBe(ECC384_US_EAST_1.thumbprint);

    // WHEN
    const response = await createWith(GLOBAL_PEM.replace(ECC384_US_EAST_1.pem, tampered));

    // THEN
    expect(response).toEqual({
      Status: 'FAILED',
      Reason: `Thumbprint mismatch in us-east-1: RDS reports rds-ca-ecc384-g1 with thumbprint ${ECC384_US_EAST_1.thumbprint}, ` +
        'but the vendored us-east-1 bundle has no rds-ca-ecc384-g1 root (missing, or changed so that it no longer verifies with its own key). ' +
        'The vendored trust store is out of date or RDS rotated the CA: upgrade aurora-tls before deploying',
      PhysicalResourceId: FAILED_ID,
      ...envelope(),
    });
    nothingPublished();
  });

  test('a bundle that lacks the root RDS reports: FAILED, naming RDS\'s thumbprint and the missing root', async () => {
    const response = await createWith(GLOBAL_PEM.replace(ECC384_US_EAST_1.pem, ''));
    expect(response).toEqual({
      Status: 'FAILED',
      Reason: `Thumbprint mismatch in us-east-1: RDS reports rds-ca-ecc384-g1 with thumbprint ${ECC384_US_EAST_1.thumbprint}, ` +
        'but the vendored us-east-1 bundle has no rds-ca-ecc384-g1 root (missing, or changed so that it no longer verifies with its own key). ' +
        'The vendored trust store is out of date or RDS rotated the CA: upgrade aurora-tls before deploying',
      PhysicalResourceId: FAILED_ID,
      ...envelope(),
    });
    nothingPublished();
  });

  test('a bundle whose root for the CA is another region\'s: FAILED, naming both thumbprints', async () => {
    // GIVEN RDS reports, for the us-east-1 ECC384 CA, the thumbprint of the (vendored) us-west-2 ECC384 root
    const other = vendoredRoot('us-west-2', 'rds-ca-ecc384-g1');
    fake.certificates = fake.certificates.map((c) => (c.identifier === 'rds-ca-ecc384-g1' ? { ...c, thumbprint: other.thumbprint } : c));
    const response = await createWith(GLOBAL_PEM);
    expect(response.Reason).toBe(
      `Thumbprint mismatch in us-east-1: RDS reports rds-ca-ecc384-g1 with thumbprint ${other.thumbprint}, ` +
      `but the vendored us-east-1 bundle's rds-ca-ecc384-g1 root has thumbprint ${ECC384_US_EAST_1.thumbprint}. ` +
      'The vendored trust store is out of date or RDS rotated the CA: upgrade aurora-tls before deploying',
    );
    nothingPublished();
  });

  test('a second root for a CA of the region (an impostor with the same name): FAILED before anything is asked or published', async () => {
    // GIVEN a self-signed "Amazon RDS us-east-1 Root CA RSA4096 G1" added to the vendored global bundle (not the chosen CA)
    const impostor = readFileSync(join(__dirname, 'fixtures', 'impostor-us-east-1-rsa4096-root.pem'), 'utf8');
    const impostorThumbprint = createHash('sha1').update(new X509Certificate(impostor).raw).digest('hex');
    const tamperedPem = `${GLOBAL_PEM}${impostor}`;
    expect(TrustStore.fromPems([tamperedPem]).bundlePem('us-east-1')).toContain(impostor.trim());

    // WHEN, even with the SHA-256 of that same tampered bundle (data/ changed the same way)
    const response = await createWith(tamperedPem, { ...PROPS, ExpectedBundleSha256: sha256(TrustStore.fromPems([tamperedPem]).bundlePem('us-east-1')) });

    // THEN
    expect(response).toEqual({
      Status: 'FAILED',
      Reason: `The vendored us-east-1 bundle has 2 rds-ca-rsa4096-g1 roots (thumbprints ${RSA4096_US_EAST_1.thumbprint}, ${impostorThumbprint}), ` +
        'where RDS has one: the trust store was changed after it was vendored. Reinstall aurora-tls from the registry before deploying',
      PhysicalResourceId: FAILED_ID,
      ...envelope(),
    });
    expect(fake.calls.filter((c) => c.service !== 'cfn')).toEqual([]);
  });

  test('one byte changed in another root of the region: FAILED on the SHA-256 the construct synthesized, naming both', async () => {
    // GIVEN the us-east-1 RSA4096 root changed (the chosen ECC384 root is intact, so its thumbprint matches)
    const tamperedPem = GLOBAL_PEM.replace(RSA4096_US_EAST_1.pem, withOneByteChanged(RSA4096_US_EAST_1.pem));
    const tamperedSha256 = sha256(TrustStore.fromPems([tamperedPem, GOVCLOUD_PEM]).bundlePem('us-east-1'));

    // WHEN the construct passed the SHA-256 of the bundle it synthesized from data/
    const response = await createWith(tamperedPem, { ...PROPS, ExpectedBundleSha256: US_EAST_1_SHA256 });

    // THEN
    expect(response).toEqual({
      Status: 'FAILED',
      Reason: `The us-east-1 bundle derived from the vendored trust store has SHA-256 ${tamperedSha256}, but ExpectedBundleSha256 is ` +
        `${US_EAST_1_SHA256}; the handler and the construct come from different aurora-tls versions: redeploy with one version`,
      PhysicalResourceId: FAILED_ID,
      ...envelope(),
    });
    nothingPublished();
  });
});

