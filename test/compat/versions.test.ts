// Which aws-cdk-lib and constructs the tests run against: the development versions (package.json devDependencies),
// or, under `npx projen test:compat`, exactly the peer-range minimums (scripts/test-compat.ts sets
// AURORA_TLS_COMPAT_VERSIONS and maps the imports). Without this test a broken mapping would silently test the
// development versions twice.
import { readFileSync } from 'fs';
import { join } from 'path';

const pkg = JSON.parse(readFileSync(join(__dirname, '..', '..', 'package.json'), 'utf8'));
const compat: { [name: string]: string } | undefined = process.env.AURORA_TLS_COMPAT_VERSIONS
  ? JSON.parse(process.env.AURORA_TLS_COMPAT_VERSIONS)
  : undefined;

test.each(['aws-cdk-lib', 'constructs'])('%s is the version under test (the development one, or the peer minimum under test:compat)', (name) => {
  // GIVEN the version the run is meant to test
  const expected = compat ? compat[name] : pkg.devDependencies[name];
  // WHEN the package is loaded the way lib/ loads it
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const loaded = require(`${name}/package.json`).version;
  // THEN
  expect(loaded).toBe(expected);
});

test('under test:compat, the minimums are the lower bounds of the peer ranges', () => {
  // GIVEN / WHEN the peer ranges
  const minimums = {
    'aws-cdk-lib': pkg.peerDependencies['aws-cdk-lib'].replace(/^\^/, ''),
    'constructs': pkg.peerDependencies.constructs.replace(/^\^/, ''),
  };
  // THEN (outside test:compat: the ranges are caret ranges and the development versions are inside them)
  if (compat) {
    expect(compat).toEqual(minimums);
  } else {
    expect(pkg.peerDependencies['aws-cdk-lib']).toMatch(/^\^2\.\d+\.\d+$/);
    expect(pkg.peerDependencies.constructs).toMatch(/^\^10\.\d+\.\d+$/);
  }
});
