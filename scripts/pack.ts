// Packing aurora-tls as npm would publish it, and installing the tarball into fresh consumer projects in a temporary
// folder (never into the repository), weighing their node_modules. Shared by the tests that use the packed package
// (test/package/tarball.test.ts, test/package/jsii-targets.test.ts, test/readme, test/tf/consumers.test.ts) and by the
// install-footprint benchmark (bench/run.ts).
import { execFileSync } from 'child_process';
import { mkdirSync, readdirSync, statSync, writeFileSync, existsSync } from 'fs';
import { join } from 'path';

export const REPO_ROOT = join(__dirname, '..');

/** This process's environment without npm's per-script variables (a parent `npm test`'s), with jsii kept quiet. */
export function childEnv(): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [k, v] of Object.entries(process.env)) {
    if (!k.startsWith('npm_package_') && !k.startsWith('npm_lifecycle_')) env[k] = v;
  }
  env.JSII_SILENCE_WARNING_END_OF_LIFE_NODE_VERSION = '20';
  return env;
}

/** Run a command; its stdout, or an error with its stdout and stderr. */
export function sh(cmd: string, args: string[], cwd: string): string {
  try {
    return execFileSync(cmd, args, { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], env: childEnv(), maxBuffer: 64 * 1024 * 1024 });
  } catch (e) {
    const err = e as { stdout?: string; stderr?: string; message: string };
    throw new Error(`${cmd} ${args.join(' ')} failed in ${cwd}:\n${err.stderr ?? ''}\n${err.stdout ?? ''}\n${err.message}`);
  }
}

/** Newest modification time of the files under `dir` whose names end with `suffix` (0 when none). */
export function newestMtime(dir: string, suffix: string): number {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) newest = Math.max(newest, newestMtime(path, suffix));
    else if (entry.name.endsWith(suffix)) newest = Math.max(newest, statSync(path).mtimeMs);
  }
  return newest;
}

/**
 * `npx projen compile` (which bundles the handler too) unless dist/, the assembly and the handler asset are newer
 * than lib/, README.md and package.json. Returns whether it compiled.
 */
export function ensureCompiled(root: string = REPO_ROOT): boolean {
  // The compile makes the assembly, the Terraform constructs for cdktf and CDK Terrain, the CLI and the handler asset.
  const outputs = ['dist/index.js', 'dist/tf/index.js', 'dist/cdktn/index.js', 'dist/cli/aurora-tls.js', '.jsii', 'assets/lib/handler/ca-check.lambda/index.js']
    .map((f) => join(root, f));
  // The assembly also holds the README (rosetta translates its snippets) and package.json's metadata.
  const sources = Math.max(newestMtime(join(root, 'lib'), '.ts'), ...['README.md', 'package.json'].map((f) => statSync(join(root, f)).mtimeMs));
  if (outputs.every((f) => existsSync(f) && statSync(f).mtimeMs >= sources)) return false;
  sh('npx', ['projen', 'compile'], root);
  return true;
}

/** One `npm pack` result. */
export interface Packed {
  readonly tarball: string;
  /** Paths inside the package, e.g. `dist/index.js`. */
  readonly files: string[];
  /** Bytes of the tarball. */
  readonly size: number;
  readonly unpackedSize: number;
  /** Unpacked bytes by top-level path (`dist`, `.jsii`, `data`, ...), largest first. */
  readonly byTopLevel: Array<[string, number]>;
}

/** `npm pack` of `root` into `destination` (runs the prepack check, scripts/check-package.ts). */
export function pack(root: string, destination: string): Packed {
  const [result] = JSON.parse(sh('npm', ['pack', '--json', '--pack-destination', destination], root));
  const files = result.files as Array<{ path: string; size: number }>;
  const byTop = new Map<string, number>();
  for (const f of files) {
    const top = f.path.split('/')[0];
    byTop.set(top, (byTop.get(top) ?? 0) + f.size);
  }
  return {
    tarball: join(destination, result.filename),
    files: files.map((f) => f.path),
    size: result.size,
    unpackedSize: result.unpackedSize,
    byTopLevel: [...byTop.entries()].sort((a, b) => b[1] - a[1]),
  };
}

/** A fresh npm project `work/name` with `deps` installed (from the local npm cache when it can); its folder. */
export function installConsumer(work: string, name: string, deps: string[]): string {
  const dir = join(work, name);
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'package.json'), JSON.stringify({ name, version: '1.0.0', private: true }));
  sh('npm', ['install', '--prefer-offline', '--no-audit', '--no-fund', ...deps], dir);
  return dir;
}

/** The packages whose presence in a consumer's node_modules the bench and the consumer tests report. */
export const WATCHED = ['aurora-tls', 'aws-cdk-lib', 'constructs', 'cdktf', '@cdktf/provider-aws', 'cdktn', '@cdktn/provider-aws'];

/** One consumer project. */
export interface Consumer {
  readonly name: string;
  readonly dir: string;
  readonly deps: string[];
  /** `du -sb node_modules`. */
  readonly bytes: number;
  /** Which of WATCHED ended up installed. */
  readonly has: { [pkg: string]: boolean };
  readonly installSeconds: number;
}

/** A consumer project `work/name` with `deps` installed, weighed. */
export function consumer(work: string, name: string, deps: string[]): Consumer {
  const start = Date.now();
  const dir = installConsumer(work, name, deps);
  const installSeconds = (Date.now() - start) / 1000;
  const bytes = Number(sh('du', ['-sb', 'node_modules'], dir).split('\t')[0]);
  const has: { [pkg: string]: boolean } = {};
  for (const pkg of WATCHED) has[pkg] = existsSync(join(dir, 'node_modules', pkg, 'package.json'));
  return { name, dir, deps, bytes, has, installSeconds };
}

/** `du -sb` of one installed package. */
export function packageBytes(c: Consumer, pkg: string): number {
  return Number(sh('du', ['-sb', join('node_modules', pkg)], c.dir).split('\t')[0]);
}

// `ts-node scripts/pack.ts ensure-compiled`: the test task's step before jest, so that the suites that use the
// compiled package (the tarball, the jsii targets, the README snippets) find it fresh and never compile in parallel.
if (require.main === module) {
  if (process.argv[2] !== 'ensure-compiled') {
    process.stderr.write(`pack: unknown command '${process.argv[2] ?? ''}'; use 'ensure-compiled'\n`);
    process.exit(1);
  }
  process.stderr.write(ensureCompiled() ? 'pack: compiled (dist/ was older than lib/)\n' : 'pack: dist/ is up to date\n');
}
