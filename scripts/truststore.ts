// npx projen truststore:update  - copy the snapshot from the collection (../shared/data/rds-truststore, or
//                                 $AURORA_TLS_TRUSTSTORE_SOURCE) into data/ and test/fixtures/, check every file
//                                 against its pinned SHA-256, and rewrite data/rds-truststore/manifest.json.
// npx projen truststore:verify  - check data/rds-truststore against its manifest and the vendored test fixtures
//                                 against their pins (also done by the test suite); when the collection is present,
//                                 also that every vendored file is still byte-identical to it.
// Nothing is downloaded, and the tests never read the collection: its provenance record is vendored as
// test/fixtures/rds-truststore/SOURCES.md.
import { copyFileSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'fs';
import { dirname, join, resolve } from 'path';
import {
  buildManifest, DATA_DIR, DEFAULT_SOURCE_DIR, MANIFEST_FILE, PINNED, PINNED_FIXTURES, REPO_ROOT, verifyFixtures, verifyManifest,
} from './truststore-manifest';

function fail(problems: string[]): never {
  for (const p of problems) process.stderr.write(`truststore: ${p}\n`);
  process.exit(1);
}

/** [vendored path, path in the collection] of every file taken from the collection. */
function copies(source: string): Array<[string, string]> {
  return [
    ...PINNED.map((pin): [string, string] => [join(DATA_DIR, pin.file), join(source, pin.source)]),
    ...PINNED_FIXTURES.map((pin): [string, string] => [join(REPO_ROOT, pin.file), join(source, pin.source)]),
  ];
}

const source = resolve(process.env.AURORA_TLS_TRUSTSTORE_SOURCE ?? DEFAULT_SOURCE_DIR);
const command = process.argv[2];
if (command === 'update') {
  if (!existsSync(source)) {
    fail([`the collection ${source} does not exist; set AURORA_TLS_TRUSTSTORE_SOURCE to its folder`]);
  }
  for (const [target, from] of copies(source)) {
    mkdirSync(dirname(target), { recursive: true });
    copyFileSync(from, target);
  }
  const { manifest, problems } = buildManifest(DATA_DIR);
  problems.push(...verifyFixtures());
  if (problems.length > 0) fail(problems);
  writeFileSync(join(DATA_DIR, MANIFEST_FILE), `${JSON.stringify(manifest, null, 2)}\n`);
  process.stdout.write(`truststore: ${PINNED.length} data files and ${PINNED_FIXTURES.length} test fixtures copied from ${source} and verified; ${MANIFEST_FILE} written\n`);
} else if (command === 'verify') {
  const problems = [...verifyManifest(DATA_DIR), ...verifyFixtures()];
  const compared = existsSync(source);
  if (compared) {
    for (const [target, from] of copies(source)) {
      if (!existsSync(from)) problems.push(`${from}: missing from the collection`);
      else if (existsSync(target) && !readFileSync(from).equals(readFileSync(target))) {
        problems.push(`${target}: differs from ${from}; run \`npx projen truststore:update\``);
      }
    }
  }
  if (problems.length > 0) fail(problems);
  process.stdout.write(`truststore: ${PINNED.length} files match ${MANIFEST_FILE}, ${PINNED_FIXTURES.length} test fixtures match their pins` +
    `${compared ? `, all identical to ${source}` : ` (no collection at ${source} to compare with)`}\n`);
} else {
  fail([`unknown command '${command ?? ''}'; use 'update' or 'verify'`]);
}
