// Build the `aurora-tls` executable, dist/cli/aurora-tls.js (package.json "bin"): lib/cli bundled with esbuild into one
// minified file, with core and the YAML parser it reads CloudFormation templates with (yaml, ISC License) inlined.
//
// The CLI is not part of the jsii assembly (.projenrc.ts excludeTypescript), so the package has no runtime dependency
// for it: nothing for the Python, Java, .NET and Go packages to install, and a 0.2 MB file instead of a bundled 0.7 MB
// node_modules/yaml. yaml's copyright and permission notice is kept at the top of the file, as its license asks.
// The trust store is read from <package>/data as by dist/core (dist/cli is as deep as dist/core).
import { readFileSync } from 'fs';
import { join } from 'path';
import { buildSync } from 'esbuild';

const root = join(__dirname, '..');
const OUTFILE = join(root, 'dist', 'cli', 'aurora-tls.js');

function main(): void {
  // yaml's "exports" hide its LICENSE and package.json from require.resolve: read them from its folder.
  const yaml = join(root, 'node_modules', 'yaml');
  const yamlLicense = readFileSync(join(yaml, 'LICENSE'), 'utf8').trim();
  const yamlVersion = (JSON.parse(readFileSync(join(yaml, 'package.json'), 'utf8')) as { version: string }).version;
  buildSync({
    entryPoints: [join(root, 'lib', 'cli', 'aurora-tls.ts')],
    outfile: OUTFILE,
    bundle: true,
    platform: 'node',
    target: 'node18',
    minify: true,
    legalComments: 'inline',
    // esbuild keeps the entry's `#!/usr/bin/env node` line first, then this banner.
    banner: { js: `/*! aurora-tls CLI (lib/cli, built by scripts/build-cli.ts). It includes yaml ${yamlVersion} (https://github.com/eemeli/yaml):\n\n${yamlLicense}\n*/` },
    logLevel: 'warning',
  });
  process.stdout.write(`build-cli: ${OUTFILE.slice(root.length + 1)} (lib/cli with core and yaml ${yamlVersion})\n`);
}

if (require.main === module) main();
