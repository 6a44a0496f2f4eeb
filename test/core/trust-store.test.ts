import { readFileSync } from 'fs';
import { join } from 'path';
import { CertificateAuthority, RdsCertificate, RdsEnvironment, RegionCatalog, TrustStore } from '../../lib';

interface InventoryCert {
  subjectCN: string;
  sha1Fingerprint: string;
  sha256Fingerprint: string;
  notAfter: string;
  parsedCN?: { environment: string; region: string; rdsCaIdentifier: string };
}
// Vendored from the trust-store collection (pinned in scripts/truststore-manifest.ts, provenance in its SOURCES.md).
const inventory = JSON.parse(readFileSync(join(__dirname, '..', 'fixtures', 'rds-truststore', 'inventory.json'), 'utf8')) as {
  certificates: InventoryCert[];
};
const FIXTURES = join(__dirname, '..', 'fixtures', 'rds-truststore-2019');
const store = TrustStore.bundled();

describe('TrustStore.bundled()', () => {
  test('holds the 108 roots of the global bundle plus the 6 GovCloud roots', () => {
    expect(TrustStore.fromPem(store.globalBundlePem()).size).toBe(108);
    expect(store.size).toBe(114);
    expect(store.certificates.every((c) => c.selfSigned && c.isCa)).toBe(true);
  });

  test('is parsed once per process', () => {
    expect(TrustStore.bundled()).toBe(store);
  });

  test('globalBundlePem() is the vendored AWS file byte for byte', () => {
    expect(store.globalBundlePem()).toBe(readFileSync(join(TrustStore.bundledDirectory(), 'global-bundle.pem'), 'utf8'));
  });

  test('every thumbprint and SHA-256 equals inventory.json (108 certificates)', () => {
    expect(inventory.certificates).toHaveLength(108);
    for (const expected of inventory.certificates) {
      const cert = store.findByThumbprint(expected.sha1Fingerprint);
      expect(cert?.commonName).toBe(expected.subjectCN);
      expect(cert?.sha256).toBe(expected.sha256Fingerprint);
      expect(cert?.notAfter.toISOString()).toBe(new Date(expected.notAfter).toISOString());
      if (expected.parsedCN) {
        expect(cert?.region).toBe(expected.parsedCN.region);
        expect(cert?.environment).toBe(expected.parsedCN.environment.toLowerCase());
        expect(cert?.certificateAuthority?.identifier).toBe(expected.parsedCN.rdsCaIdentifier);
      }
    }
  });

  test.each(RegionCatalog.regions().filter((r) => !r.startsWith('cn-')))('%s: its three G1 roots, in CA order', (region) => {
    const roots = store.rootsFor(region);
    expect(roots.map((r) => r.commonName)).toEqual([
      `Amazon RDS ${region} Root CA RSA2048 G1`,
      `Amazon RDS ${region} Root CA RSA4096 G1`,
      `Amazon RDS ${region} Root CA ECC384 G1`,
    ]);
    expect(roots.map((r) => r.certificateAuthority)).toEqual(CertificateAuthority.all());
    expect(roots.every((r) => r.environment === RdsEnvironment.PRODUCTION && !r.isExpired())).toBe(true);
    expect(store.bundlePem(region)).toBe(roots.map((r) => r.pem).join(''));
  });

  test.each(['af-south-1', 'ap-southeast-5', 'eu-north-1', 'eu-south-1', 'us-east-1'])(
    '%s: the derived bundle has the same certificates as the AWS regional file', (region) => {
      const aws = TrustStore.fromPem(readFileSync(join(TrustStore.bundledDirectory(), 'regional', `${region}-bundle.pem`), 'utf8'));
      const ours = TrustStore.fromPem(store.bundlePem(region));
      expect(ours.certificates.map((c) => c.sha256).sort()).toEqual(aws.certificates.map((c) => c.sha256).sort());
    });

  test('root() gives one CA\'s root with its facts', () => {
    const root = store.root('us-east-1', CertificateAuthority.ECC384_G1);
    expect(root.commonName).toBe('Amazon RDS us-east-1 Root CA ECC384 G1');
    expect(root.thumbprint).toMatch(/^[0-9a-f]{40}$/);
    expect(root.pem.startsWith('-----BEGIN CERTIFICATE-----\n')).toBe(true);
    expect(root.pem.endsWith('-----END CERTIFICATE-----\n')).toBe(true);
    expect(Buffer.byteLength(root.pem)).toBeLessThan(4096); // fits an SSM Standard parameter
  });

  test('beta and preview roots are in the store but never returned for a region', () => {
    const beta = store.certificates.filter((c) => c.environment === RdsEnvironment.BETA);
    const preview = store.certificates.filter((c) => c.environment === RdsEnvironment.PREVIEW);
    expect(beta.map((c) => c.region)).toEqual(['us-east-1', 'us-east-1', 'us-east-1']);
    expect(preview.map((c) => c.region)).toEqual(['us-east-2', 'us-east-2', 'us-east-2']);
    expect(store.rootsFor('us-east-1').some((c) => c.environment !== RdsEnvironment.PRODUCTION)).toBe(false);
  });

  test('findByThumbprint accepts the colon/upper-case form node prints', () => {
    const root = store.root('eu-west-1', CertificateAuthority.RSA2048_G1);
    const colon = root.thumbprint.toUpperCase().match(/../g)!.join(':');
    expect(store.findByThumbprint(colon)).toBe(root);
    expect(store.findByThumbprint('00'.repeat(20))).toBeUndefined();
  });

  test('errors name the region and the fix', () => {
    expect(() => store.rootsFor('cn-north-1')).toThrow(
      'The trust store has no RDS root for cn-north-1; download the bundle from https://rds-truststore.s3.cn-north-1.amazonaws.com.cn/cn-north-1/cn-north-1-bundle.pem instead',
    );
    expect(() => store.rootsFor('xx-east-1')).toThrow("Unknown region 'xx-east-1'");
    const govOnly = TrustStore.fromPem(readFileSync(join(TrustStore.bundledDirectory(), 'govcloud-bundle.pem'), 'utf8'));
    expect(() => govOnly.root('us-east-1', CertificateAuthority.RSA2048_G1)).toThrow(
      'The trust store has no RDS root for us-east-1; download the bundle from https://truststore.pki.rds.amazonaws.com/us-east-1/us-east-1-bundle.pem instead',
    );
    expect(() => govOnly.globalBundlePem()).toThrow('globalBundlePem() is only available on TrustStore.bundled()');
  });
});

describe('2019-era bundles (expired certificates)', () => {
  const old = TrustStore.fromPem(readFileSync(join(FIXTURES, 'us-east-1-bundle.pem'), 'utf8'));

  test('the rds-ca-2019 root and intermediate are recognised as expired since 2024-08-22', () => {
    const expired = old.expired(new Date('2026-11-24T00:00:00Z'));
    expect(expired.map((c) => c.commonName)).toEqual(['Amazon RDS Root 2019 CA', 'Amazon RDS us-east-1 2019 CA']);
    expect(expired.every((c) => c.notAfter.toISOString().startsWith('2024-08-22'))).toBe(true);
    expect(old.expired(new Date('2024-08-01T00:00:00Z'))).toEqual([]);
  });

  test('the intermediate is not self-signed and anchors no G1 CA', () => {
    const intermediate = old.certificates.find((c) => c.commonName === 'Amazon RDS us-east-1 2019 CA')!;
    expect(intermediate.selfSigned).toBe(false);
    expect(intermediate.issuerCommonName).toBe('Amazon RDS Root 2019 CA');
    expect(intermediate.certificateAuthority).toBeUndefined();
  });

  test('the G1 roots in the old file are the same as in the current bundle', () => {
    expect(old.rootsFor('us-east-1').map((c) => c.sha256)).toEqual(store.rootsFor('us-east-1').map((c) => c.sha256));
  });

  test('isValidFor measures the horizon', () => {
    const root2019 = old.certificates[0];
    expect(root2019.isValidFor(30, new Date('2024-07-01T00:00:00Z'))).toBe(true);
    expect(root2019.isValidFor(365, new Date('2024-07-01T00:00:00Z'))).toBe(false);
  });

  test('the file without a trailing newline parses too', () => {
    expect(TrustStore.fromPem(readFileSync(join(FIXTURES, 'ap-southeast-1-bundle.pem'), 'utf8')).size).toBe(5);
  });
});

describe('parsing errors', () => {
  test.each([
    ['', 'PEM bundle #1 contains no certificate'],
    ['hello', 'PEM bundle #1 contains no certificate'],
    ['-----BEGIN CERTIFICATE-----\nnot base64\n-----END CERTIFICATE-----\n', 'Certificate #1 of PEM bundle #1 does not parse'],
  ])('%j', (pem, message) => {
    expect(() => TrustStore.fromPem(pem)).toThrow(message);
  });

  test('RdsCertificate.fromPem takes exactly one certificate', () => {
    expect(() => RdsCertificate.fromPem(store.bundlePem('us-east-1'))).toThrow('Expected exactly one PEM certificate, found 3');
  });

  test('duplicates across bundles are kept once', () => {
    expect(TrustStore.fromPems([store.bundlePem('us-east-1'), store.bundlePem('us-east-1')]).size).toBe(3);
  });
});
