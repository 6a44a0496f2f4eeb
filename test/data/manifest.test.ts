import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import { dirname, join } from 'path';
import { DATA_DIR, PINNED, PINNED_FIXTURES, REPO_ROOT, verifyFixtures, verifyManifest } from '../../scripts/truststore-manifest';

describe('vendored trust store manifest', () => {
  let copy: string;
  beforeEach(() => {
    copy = mkdtempSync(join(tmpdir(), 'aurora-tls-data-'));
    cpSync(DATA_DIR, copy, { recursive: true });
  });
  afterEach(() => rmSync(copy, { recursive: true, force: true }));

  test('every shipped file matches manifest.json and its pinned SHA-256', () => {
    expect(verifyManifest(DATA_DIR)).toEqual([]);
    const manifest = JSON.parse(readFileSync(join(DATA_DIR, 'manifest.json'), 'utf8'));
    expect(manifest.files.map((f: { file: string }) => f.file)).toEqual(PINNED.map((p) => p.file));
  });

  test.each(PINNED.map((p) => p.file))('one byte changed in %s fails the check', (file) => {
    const path = join(copy, file);
    const bytes = readFileSync(path);
    const at = Math.floor(bytes.length / 2);
    bytes[at] = bytes[at] === 0x41 ? 0x42 : 0x41;
    writeFileSync(path, bytes);
    const problems = verifyManifest(copy);
    expect(problems[0]).toMatch(new RegExp(`^${file.replace(/[.]/g, '\\.')}: SHA-256 is [0-9a-f]{64}, expected ${PINNED.find((p) => p.file === file)!.sha256}$`));
  });

  test('a missing file, an unlisted file and a missing manifest are reported', () => {
    rmSync(join(copy, 'regional', 'us-east-1-bundle.pem'));
    writeFileSync(join(copy, 'regional', 'xx-east-1-bundle.pem'), 'x');
    expect(verifyManifest(copy)).toEqual([
      'regional/us-east-1-bundle.pem: missing',
      'regional/xx-east-1-bundle.pem: not in manifest.json (unreviewed file)',
    ]);
    rmSync(join(copy, 'manifest.json'));
    expect(verifyManifest(copy)).toEqual(['manifest.json: missing; run `npx projen truststore:update`']);
  });
});

describe('vendored trust-store test fixtures (copied from the same collection; the tests never read outside the repository)', () => {
  test('every fixture matches its pinned SHA-256', () => {
    expect(verifyFixtures(REPO_ROOT)).toEqual([]);
  });

  test('a changed byte and a missing fixture are reported, naming the file and the fix', () => {
    // GIVEN a copy of the fixtures with one byte of inventory.json changed and the p7b removed
    const root = mkdtempSync(join(tmpdir(), 'aurora-tls-fixtures-'));
    try {
      for (const pin of PINNED_FIXTURES) {
        mkdirSync(dirname(join(root, pin.file)), { recursive: true });
        cpSync(join(REPO_ROOT, pin.file), join(root, pin.file));
      }
      const inventory = join(root, 'test/fixtures/rds-truststore/inventory.json');
      const bytes = readFileSync(inventory);
      bytes[10] = bytes[10] === 0x41 ? 0x42 : 0x41;
      writeFileSync(inventory, bytes);
      rmSync(join(root, 'test/fixtures/rds-truststore-2019/us-east-1-bundle.p7b'));

      // WHEN
      const problems = verifyFixtures(root);

      // THEN
      expect(problems).toEqual([
        expect.stringMatching(/^test\/fixtures\/rds-truststore\/inventory\.json: SHA-256 is [0-9a-f]{64}, expected b8e3fb2d38a07b82fb4742dec1ba439a51775dc1bee137495357c18e833b0c11$/),
        'test/fixtures/rds-truststore-2019/us-east-1-bundle.p7b: missing; run `npx projen truststore:update` with the collection beside the repository',
      ]);
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });
});
