// npx projen truststore:update  - copy the snapshot from ../shared/data/rds-truststore into data/, check every
//                                 file against its pinned SHA-256, and rewrite data/rds-truststore/manifest.json.
// npx projen truststore:verify  - check data/rds-truststore against its manifest (also run by the test suite).
// Nothing is downloaded: the snapshot's provenance is in ../shared/data/rds-truststore/SOURCES.md.
import { copyFileSync, mkdirSync, writeFileSync } from 'fs';
import { dirname, join, resolve } from 'path';
import { buildManifest, DATA_DIR, MANIFEST_FILE, PINNED, verifyManifest } from './truststore-manifest';

function fail(problems: string[]): never {
  for (const p of problems) process.stderr.write(`truststore: ${p}\n`);
  process.exit(1);
}

const command = process.argv[2];
if (command === 'update') {
  const source = resolve(process.env.AURORA_TLS_TRUSTSTORE_SOURCE ?? join(__dirname, '..', '..', 'shared', 'data', 'rds-truststore'));
  for (const pin of PINNED) {
    mkdirSync(dirname(join(DATA_DIR, pin.file)), { recursive: true });
    copyFileSync(join(source, pin.source), join(DATA_DIR, pin.file));
  }
  const { manifest, problems } = buildManifest(DATA_DIR);
  if (problems.length > 0) fail(problems);
  writeFileSync(join(DATA_DIR, MANIFEST_FILE), `${JSON.stringify(manifest, null, 2)}\n`);
  process.stdout.write(`truststore: ${manifest.files.length} files copied from ${source} and verified; ${MANIFEST_FILE} written\n`);
} else if (command === 'verify') {
  const problems = verifyManifest(DATA_DIR);
  if (problems.length > 0) fail(problems);
  process.stdout.write(`truststore: ${PINNED.length} files match ${MANIFEST_FILE}\n`);
} else {
  fail([`unknown command '${command ?? ''}'; use 'update' or 'verify'`]);
}
