// The vendored RDS trust-store snapshot and its manifest: what each file is, where it came from, and the
// SHA-256 it must have. Used by scripts/truststore.ts (update / verify) and by the test suite.
import { createHash } from 'crypto';
import { existsSync, readdirSync, readFileSync, statSync } from 'fs';
import { join, relative } from 'path';

export const DATA_DIR = join(__dirname, '..', 'data', 'rds-truststore');
export const MANIFEST_FILE = 'manifest.json';

/**
 * A file the library ships, pinned to the bytes recorded in SOURCES.md (the collection's provenance record, vendored
 * as test/fixtures/rds-truststore/SOURCES.md).
 */
export interface PinnedFile {
  /** Path inside data/rds-truststore. */
  readonly file: string;
  /** Path inside the shared source folder it is copied from. */
  readonly source: string;
  readonly sha256: string;
  readonly format: 'pem' | 'p7b';
  /** Certificates in the file (for PKCS#7, as recorded in SOURCES.md: no ASN.1 parser here). */
  readonly certificateCount: number;
  readonly officialUrl?: string;
  readonly provenance: string;
}

export const PINNED: readonly PinnedFile[] = [
  {
    file: 'global-bundle.pem',
    source: 'global-bundle.pem',
    sha256: 'e5bb2084ccf45087bda1c9bffdea0eb15ee67f0b91646106e466714f9de3c7e3',
    format: 'pem',
    certificateCount: 108,
    officialUrl: 'https://truststore.pki.rds.amazonaws.com/global/global-bundle.pem',
    provenance: 'AWS global bundle (108 G1 roots). Copied from colindavis787/RxAi@8d27cb3e; SHA-256 matches independent pins of the official URL.',
  },
  {
    file: 'global-bundle.p7b',
    source: 'global-bundle.p7b',
    sha256: 'ef62d1320cbd413ad2edb46d58b544c75db6bf3ec986c68525800afb283811ed',
    format: 'p7b',
    certificateCount: 108,
    officialUrl: 'https://truststore.pki.rds.amazonaws.com/global/global-bundle.p7b',
    provenance: 'AWS global bundle, PEM-armored PKCS#7 (BER set order, as AWS produces it). Copied from IVY-CHRISTOPHER/Portfolio@0359f87a; same certificates and order as global-bundle.pem.',
  },
  {
    file: 'govcloud-bundle.pem',
    source: 'govcloud-roots-derived/govcloud-bundle.pem',
    sha256: '5333c631902fb3515a4a8de6ae93951080100455c5cc58d9cc98632b37350eee',
    format: 'pem',
    certificateCount: 6,
    provenance: 'NOT an AWS file: the 6 GovCloud (US) G1 roots extracted by voltone/aws_rds_castore@c7f9d0fe. The AWS GovCloud bundle also has 4 intermediates.',
  },
  ...[
    ['us-east-1', 'b1711d12bae51838581281e23b6cb97b1074016873b4dafc80ed14002462dd77', 'colindavis787/RxAi@8d27cb3e; matches pins of the official URL'],
    ['eu-north-1', '8d8dc42958c7b9351846609d552b4b38f3b19c92c9d4816b2f814fd148fe18be', 'AlphaCodant/gestreb@e7956b85; matches pins of the official URL'],
    ['eu-south-1', '00adfd11173589929fe6ed4bce883142778c5ab5200ad3cec7717be9f4aabc24', 'musofr/dinevo-auth@2c6477ee; probably AWS bytes (no pin found)'],
    ['af-south-1', '336dbbf461c56858cca5d6bc1f0abb389d9999bf8f2ded0cbb040d8675bb5d47', 'okoyobrian/traderemit@2566aa16; probably AWS bytes (no pin found)'],
    ['ap-southeast-5', 'b1ad96375cc30f4f5d348241366a664ddff85ef1767f50f4afbb459125d94331', 'Gged3210/sl-medusa-core@07f3ab82; probably AWS bytes (no pin found)'],
  ].map(([region, sha256, provenance]): PinnedFile => ({
    file: `regional/${region}-bundle.pem`,
    source: `regional/${region}-bundle.pem`,
    sha256,
    format: 'pem',
    certificateCount: 3,
    officialUrl: `https://truststore.pki.rds.amazonaws.com/${region}/${region}-bundle.pem`,
    provenance: `AWS regional bundle (3 G1 roots). Copied from ${provenance}.`,
  })),
];

/** Where the collection lives when it is checked out beside the repository (never needed by the tests). */
export const DEFAULT_SOURCE_DIR = join(__dirname, '..', '..', 'shared', 'data', 'rds-truststore');
export const REPO_ROOT = join(__dirname, '..');

/**
 * A test fixture copied byte for byte from the same collection: not shipped, but pinned like the shipped files so
 * that `truststore:update` refreshes it and `truststore:verify` (and the test suite) catch a changed byte.
 */
export interface PinnedFixture {
  /** Path inside the repository. */
  readonly file: string;
  /** Path inside the collection's folder it is copied from. */
  readonly source: string;
  readonly sha256: string;
  readonly provenance: string;
}

export const PINNED_FIXTURES: readonly PinnedFixture[] = [
  {
    file: 'test/fixtures/rds-truststore/SOURCES.md',
    source: 'SOURCES.md',
    sha256: '65e3f00a70c2db2d01704e6bc98fcad138147d38812b468ff411fd778fd9536b',
    provenance: 'The provenance record of every trust-store file: source repository, path, commit and cross-checks (collected 2026-11-24).',
  },
  {
    file: 'test/fixtures/rds-truststore/inventory.json',
    source: 'inventory.json',
    sha256: 'b8e3fb2d38a07b82fb4742dec1ba439a51775dc1bee137495357c18e833b0c11',
    provenance: 'Every certificate of global-bundle.pem as parsed independently (openssl, Python cryptography) when it was collected: ' +
      'thumbprints, SHA-256, validity, parsed CN. test/core/trust-store.test.ts compares lib/core with it.',
  },
  ...[
    ['us-east-1-bundle.pem', 'a1254ecbefc57ce9c46ab25772bd3b2abc028112765230982ad3b5ca68f11722', 'oslabs-beta/Hyperion@76c5c193'],
    ['us-east-1-bundle.p7b', '162d6bd97f3d9b25e706c151add00205891479ee770f72ae61a48e96e299f04f', 'Brett-Abramson/TOP_backend@634362c9'],
    ['us-west-1-bundle.pem', '79026e254988a2ed621a5e7ea2bce50b464e2bf492a49d907acce14492cddd43', 'oslabs-beta/Hyperion@76efbcde'],
    ['ap-southeast-1-bundle.pem', '0d61e350100280def5935d738143d927aaab00ba6b84841f9e629dc32dd879a4', 'turmind/doc-test@03cdbfaa (no trailing newline)'],
  ].map(([name, sha256, from]): PinnedFixture => ({
    file: `test/fixtures/rds-truststore-2019/${name}`,
    source: `historical-rds-ca-2019-era/${name}`,
    sha256,
    provenance: `A 2019-era regional bundle (rds-ca-2019 root and intermediate, expired 2024-08-22, plus the G1 roots), for tests of expired certificates. Copied from ${from}.`,
  })),
];

/** Every vendored test fixture whose bytes differ from its pin, or that is missing (paths relative to `root`). */
export function verifyFixtures(root: string = REPO_ROOT): string[] {
  return PINNED_FIXTURES.flatMap((pin) => {
    const path = join(root, pin.file);
    if (!existsSync(path)) return [`${pin.file}: missing; run \`npx projen truststore:update\` with the collection beside the repository`];
    const actual = sha256Of(readFileSync(path));
    return actual === pin.sha256 ? [] : [`${pin.file}: SHA-256 is ${actual}, expected ${pin.sha256}`];
  });
}

export interface ManifestEntry extends PinnedFile {
  readonly bytes: number;
}

export interface Manifest {
  readonly description: string;
  readonly files: readonly ManifestEntry[];
}

export function sha256Of(bytes: Buffer): string {
  return createHash('sha256').update(bytes).digest('hex');
}

export function countPemCertificates(text: string): number {
  return (text.match(/-----BEGIN CERTIFICATE-----/g) ?? []).length;
}

/** The manifest describing the files in `dir`, or the reasons it cannot be written (a file differs from its pin). */
export function buildManifest(dir: string): { manifest: Manifest; problems: string[] } {
  const problems: string[] = [];
  const files = PINNED.map((pin) => {
    const path = join(dir, pin.file);
    if (!existsSync(path)) {
      problems.push(`${pin.file}: missing`);
      return { ...pin, bytes: 0 };
    }
    const bytes = readFileSync(path);
    problems.push(...checkBytes(pin, bytes));
    return { ...pin, bytes: bytes.length };
  });
  return {
    manifest: {
      description:
        'RDS trust-store snapshot shipped with aurora-tls. Regenerate with `npx projen truststore:update`; never edit by hand. Provenance: test/fixtures/rds-truststore/SOURCES.md in the aurora-tls repository.',
      files,
    },
    problems,
  };
}

function checkBytes(expected: PinnedFile, bytes: Buffer): string[] {
  const problems: string[] = [];
  const actual = sha256Of(bytes);
  if (actual !== expected.sha256) {
    problems.push(`${expected.file}: SHA-256 is ${actual}, expected ${expected.sha256}`);
  }
  if (expected.format === 'pem') {
    const count = countPemCertificates(bytes.toString('utf8'));
    if (count !== expected.certificateCount) {
      problems.push(`${expected.file}: ${count} certificates, expected ${expected.certificateCount}`);
    }
  }
  return problems;
}

/** Every difference between the files in `dir` and its manifest.json: changed bytes, missing or unlisted files. */
export function verifyManifest(dir: string = DATA_DIR): string[] {
  const manifestPath = join(dir, MANIFEST_FILE);
  if (!existsSync(manifestPath)) return [`${MANIFEST_FILE}: missing; run \`npx projen truststore:update\``];
  const manifest = JSON.parse(readFileSync(manifestPath, 'utf8')) as Manifest;
  const problems: string[] = [];
  const listed = new Set(manifest.files.map((f) => f.file));
  for (const entry of manifest.files) {
    const pin = PINNED.find((p) => p.file === entry.file);
    if (!pin || pin.sha256 !== entry.sha256) {
      problems.push(`${entry.file}: manifest entry does not match the pinned SHA-256 in scripts/truststore-manifest.ts`);
    }
    const path = join(dir, entry.file);
    if (!existsSync(path)) {
      problems.push(`${entry.file}: missing`);
      continue;
    }
    const bytes = readFileSync(path);
    problems.push(...checkBytes(entry, bytes));
    if (bytes.length !== entry.bytes) problems.push(`${entry.file}: ${bytes.length} bytes, expected ${entry.bytes}`);
  }
  for (const pin of PINNED) {
    if (!listed.has(pin.file)) problems.push(`${pin.file}: not in ${MANIFEST_FILE}`);
  }
  for (const file of listFiles(dir)) {
    if (file !== MANIFEST_FILE && !listed.has(file)) problems.push(`${file}: not in ${MANIFEST_FILE} (unreviewed file)`);
  }
  return problems;
}

function listFiles(dir: string, root: string = dir): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? listFiles(path, root) : [relative(root, path).split('\\').join('/')];
  });
}
