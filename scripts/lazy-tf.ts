// Make the `tf` submodule of the compiled package load on first access, so that `require('aurora-tls')` works, and
// costs nothing extra, without the optional peer dependencies cdktf and @cdktf/provider-aws.
//
// jsii needs the submodule declared as `export * as tf from './tf';` in lib/index.ts, which TypeScript compiles to an
// eager `exports.tf = __importStar(require("./tf"));` in dist/index.js. This script rewrites that one statement into
// a getter that requires ./tf on first access, caches it, and explains a missing peer dependency (the technique
// aws-cdk-lib uses for its submodules). `exports.tf = void 0;` stays, so ESM named imports still see `tf`.
//
// Run after every jsii compile (see the compile task); idempotent; fails loudly if the statement is not found.
//   ts-node --transpile-only --project tsconfig.tools.json scripts/lazy-tf.ts [dist/index.js]
import { readFileSync, writeFileSync } from 'fs';
import { join } from 'path';

/** Marks a file already rewritten. */
export const LAZY_MARKER = '/* aurora-tls: lazy tf submodule (scripts/lazy-tf.ts) */';

const EAGER = /^exports\.tf = (__importStar\()?require\("\.\/tf"\)\)?;$/gm;

/**
 * The compiled index with the eager `tf` export replaced by a lazy getter.
 * @param source the contents of dist/index.js
 * @param peers the peer dependency ranges of cdktf and @cdktf/provider-aws, for the error message
 * @throws if the eager statement is not there exactly once (and the file is not already rewritten)
 */
export function makeTfLazy(source: string, peers: { cdktf: string; providerAws: string }): string {
  if (source.includes(LAZY_MARKER)) return source;
  const matches = source.match(EAGER) ?? [];
  if (matches.length !== 1) {
    throw new Error(
      `lazy-tf: expected exactly one 'exports.tf = __importStar(require("./tf"));' in dist/index.js, found ${matches.length}; ` +
        'did the TypeScript output change? Update scripts/lazy-tf.ts',
    );
  }
  const install = `npm install cdktf@${peers.cdktf} @cdktf/provider-aws@${peers.providerAws}`;
  const message =
    "aurora-tls: the 'tf' submodule (CDK for Terraform constructs) needs the optional peer dependencies cdktf and " +
    `@cdktf/provider-aws, which are not installed; run: ${install}. The core API and the AWS CDK constructs do not need them.`;
  const importer = matches[0].startsWith('exports.tf = __importStar(') ? '__importStar(require("./tf"))' : 'require("./tf")';
  const lazy = [
    LAZY_MARKER,
    'Object.defineProperty(exports, "tf", {',
    '    enumerable: true,',
    '    configurable: true,',
    '    get: function () {',
    '        let value;',
    '        try {',
    `            value = ${importer};`,
    '        }',
    '        catch (e) {',
    '            if (e && e.code === "MODULE_NOT_FOUND" && /Cannot find module \'(cdktf|@cdktf\\/provider-aws)([/\'])/.test(String(e.message))) {',
    `                throw new Error(${JSON.stringify(message)}, { cause: e });`,
    '            }',
    '            throw e;',
    '        }',
    '        Object.defineProperty(exports, "tf", { enumerable: true, configurable: true, writable: false, value: value });',
    '        return value;',
    '    },',
    '});',
  ].join('\n');
  EAGER.lastIndex = 0;
  return source.replace(EAGER, () => lazy);
}

function main(): void {
  const root = join(__dirname, '..');
  const file = process.argv[2] ?? join(root, 'dist', 'index.js');
  const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
  const peers = { cdktf: pkg.peerDependencies?.cdktf ?? '', providerAws: pkg.peerDependencies?.['@cdktf/provider-aws'] ?? '' };
  if (!peers.cdktf || !peers.providerAws) {
    throw new Error('lazy-tf: package.json must list cdktf and @cdktf/provider-aws in peerDependencies');
  }
  const before = readFileSync(file, 'utf8');
  const after = makeTfLazy(before, peers);
  if (after !== before) writeFileSync(file, after);
  process.stdout.write(`lazy-tf: ${after === before ? 'already lazy' : 'made the tf submodule lazy'} in ${file}\n`);
}

if (require.main === module) {
  main();
}
