// Run the AWS CDK construct tests against the OLDEST aws-cdk-lib and constructs of the peer ranges
// (package.json peerDependencies), to prove that the range aurora-tls declares truly works.
//
// Installs exactly `aws-cdk-lib@<min>` and `constructs@<min>` into a scratch folder (.tmp/compat-<versions>, kept
// between runs: a second run installs nothing), then runs jest over test/cdk and test/compat with every
// `aws-cdk-lib` and `constructs` import (ours, the tests', and aws-cdk-lib's own) mapped to that folder.
// test/compat/versions.test.ts fails if the versions loaded are not exactly the minimums.
//
//   ts-node --transpile-only --project tsconfig.tools.json scripts/test-compat.ts
import { execFileSync } from 'child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'fs';
import { join } from 'path';

const ROOT = join(__dirname, '..');

/** The minimum version of a caret peer range, e.g. `^2.220.0` -> `2.220.0`. */
export function minimumOf(range: string | undefined, name: string): string {
  const match = /^\^(\d+\.\d+\.\d+)$/.exec(range ?? '');
  if (!match) throw new Error(`test-compat: expected a caret range such as ^1.2.3 for the peer dependency ${name}, got ${range}`);
  return match[1];
}

function installedVersion(folder: string, name: string): string | undefined {
  const file = join(folder, 'node_modules', name, 'package.json');
  return existsSync(file) ? (JSON.parse(readFileSync(file, 'utf8')) as { version: string }).version : undefined;
}

function main(): void {
  const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8'));
  const versions: { [name: string]: string } = {
    'aws-cdk-lib': minimumOf(pkg.peerDependencies?.['aws-cdk-lib'], 'aws-cdk-lib'),
    'constructs': minimumOf(pkg.peerDependencies?.constructs, 'constructs'),
  };
  const folder = join(ROOT, '.tmp', `compat-aws-cdk-lib-${versions['aws-cdk-lib']}-constructs-${versions.constructs}`);

  // 1. The scratch install (skipped when already there).
  const missing = Object.entries(versions).filter(([name, version]) => installedVersion(folder, name) !== version);
  if (missing.length > 0) {
    mkdirSync(folder, { recursive: true });
    writeFileSync(join(folder, 'package.json'), JSON.stringify({ name: 'aurora-tls-compat', private: true, dependencies: versions }, null, 2));
    console.log(`test-compat: installing ${Object.entries(versions).map(([n, v]) => `${n}@${v}`).join(' ')} into ${folder}`);
    execFileSync('npm', ['install', '--no-audit', '--no-fund', '--ignore-scripts', '--no-package-lock', '--loglevel=error'], {
      cwd: folder,
      stdio: 'inherit',
    });
  }

  // 2. The CDK construct tests, every aws-cdk-lib and constructs import mapped into the scratch folder.
  const modules = join(folder, 'node_modules');
  // The package's jest settings without its projects (the cdktf/cdktn split is about the Terraform layer): one run.
  const { projects: _projects, ...jestSettings } = pkg.jest;
  const config = {
    ...jestSettings,
    rootDir: ROOT,
    testMatch: ['<rootDir>/test/cdk/**/*.test.ts', '<rootDir>/test/compat/**/*.test.ts'],
    moduleNameMapper: {
      '^aws-cdk-lib$': join(modules, 'aws-cdk-lib'),
      '^aws-cdk-lib/(.*)$': `${join(modules, 'aws-cdk-lib')}/$1`,
      '^constructs$': join(modules, 'constructs'),
      '^constructs/(.*)$': `${join(modules, 'constructs')}/$1`,
    },
    modulePathIgnorePatterns: [],
    // cdk-nag 3, which that suite runs beside the plugin, needs aws-cdk-lib 2.257.0 or newer (Validations.of);
    // test/compat/validation-plugin.test.ts runs the plugin on every version of the range.
    testPathIgnorePatterns: ['/node_modules/', '<rootDir>/test/cdk/aurora-tls-validation-plugin.test.ts'],
    collectCoverage: false,
    reporters: ['default'],
  };
  const configFile = join(folder, 'jest.config.json');
  writeFileSync(configFile, JSON.stringify(config, null, 2));
  console.log(`test-compat: running the CDK construct tests against ${Object.entries(versions).map(([n, v]) => `${n}@${v}`).join(' and ')}`);
  execFileSync('npx', ['jest', '--config', configFile, '--ci', ...process.argv.slice(2)], {
    cwd: ROOT,
    stdio: 'inherit',
    env: { ...process.env, AURORA_TLS_COMPAT_VERSIONS: JSON.stringify(versions) },
  });
}

if (require.main === module) {
  try {
    main();
  } catch (e) {
    // execFileSync has printed the child's output already; exit with its status.
    process.exit((e as { status?: number }).status ?? 1);
  }
}
