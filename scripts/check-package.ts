// npx projen check-package (and `npm pack` / `npm publish`, as the prepack script): fail unless the package is
// complete. A package compiled without the handler bundle would deploy a custom resource with no code.
import { existsSync } from 'fs';
import { join } from 'path';
import { PINNED } from './truststore-manifest';

/** The handler asset: the bundled function and the trust store it reads (see .projenrc.ts). */
export const HANDLER_ASSET_FILES = [
  'assets/lib/handler/ca-check.lambda/index.js',
  'assets/lib/handler/ca-check.lambda/global-bundle.pem',
  'assets/lib/handler/ca-check.lambda/govcloud-bundle.pem',
];

/** Every file the package must ship, relative to the repository root. */
export function requiredPackageFiles(): string[] {
  return [
    'dist/index.js',
    'dist/index.d.ts',
    'dist/cli/aurora-tls.js',
    '.jsii',
    ...HANDLER_ASSET_FILES,
    'data/rds-truststore/manifest.json',
    ...PINNED.map((pin) => `data/rds-truststore/${pin.file}`),
  ];
}

/** What is missing from the package in `root`, with the command that makes it. */
export function packageProblems(root: string): string[] {
  return requiredPackageFiles().filter((file) => !existsSync(join(root, file))).map((file) => {
    const fix = file.startsWith('assets/') ? 'npx projen bundle' : file.startsWith('data/') ? 'npx projen truststore:update' : 'npx projen compile';
    return `${file} is missing; run \`${fix}\` (\`npx projen build\` makes everything)`;
  });
}

if (require.main === module) {
  const problems = packageProblems(join(__dirname, '..'));
  for (const p of problems) process.stderr.write(`check-package: ${p}\n`);
  if (problems.length > 0) {
    process.stderr.write('check-package: refusing to pack an incomplete aurora-tls package\n');
    process.exit(1);
  }
  // stderr: `npm pack --json` prints its JSON on stdout after this script.
  process.stderr.write(`check-package: ${requiredPackageFiles().length} required files present\n`);
}
