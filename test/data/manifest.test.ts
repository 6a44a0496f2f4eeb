import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import { DATA_DIR, PINNED, verifyManifest } from '../../scripts/truststore-manifest';

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
