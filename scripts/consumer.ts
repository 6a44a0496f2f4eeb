// Consumers of the packed package: pack aurora-tls as npm would publish it, install it into fresh consumer projects in
// a temporary directory (never into the repository), and weigh node_modules. Shared by the install-footprint bench
// (bench/run.ts) and the packed-package tests (test/tf/consumers.test.ts).
import { execFileSync, spawnSync } from 'child_process';
import { existsSync, mkdirSync, readdirSync, statSync, writeFileSync } from 'fs';
import { join } from 'path';

/** Child-process environment without the npm_package_* / npm_lifecycle_* variables of a parent `npm test`. */
export function childEnv(): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [k, v] of Object.entries(process.env)) {
    if (!k.startsWith('npm_package_') && !k.startsWith('npm_lifecycle_')) env[k] = v;
  }
  env.JSII_SILENCE_WARNING_END_OF_LIFE_NODE_VERSION = '20';
  return env;
}

/** One `npm pack` result. */
export interface Packed {
  readonly tarball: string;
  /** Bytes of the tarball. */
  readonly size: number;
  readonly unpackedSize: number;
  /** Unpacked bytes by top-level path (`dist`, `.jsii`, `data`, ...), largest first. */
  readonly byTopLevel: Array<[string, number]>;
  readonly files: number;
}

/** One consumer project. */
export interface Consumer {
  readonly name: string;
  readonly dir: string;
  readonly deps: string[];
  /** `du -sb node_modules`. */
  readonly bytes: number;
  /** Top-level packages that ended up installed, of those worth knowing about. */
  readonly has: { [pkg: string]: boolean };
  readonly installSeconds: number;
}

export function sh(cmd: string, args: string[], cwd: string): string {
  try {
    return execFileSync(cmd, args, { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], env: childEnv(), maxBuffer: 64 * 1024 * 1024 });
  } catch (e) {
    const err = e as { stdout?: string; stderr?: string; message: string };
    throw new Error(`${cmd} ${args.join(' ')} failed in ${cwd}:\n${err.stderr ?? ''}\n${err.stdout ?? ''}\n${err.message}`);
  }
}

export function pack(root: string, destination: string): Packed {
  const [result] = JSON.parse(sh('npm', ['pack', '--json', '--pack-destination', destination], root));
  const byTop = new Map<string, number>();
  for (const f of result.files as Array<{ path: string; size: number }>) {
    const top = f.path.split('/')[0];
    byTop.set(top, (byTop.get(top) ?? 0) + f.size);
  }
  return {
    tarball: join(destination, result.filename),
    size: result.size,
    unpackedSize: result.unpackedSize,
    byTopLevel: [...byTop.entries()].sort((a, b) => b[1] - a[1]),
    files: result.files.length,
  };
}

export const WATCHED = ['aurora-tls', 'aws-cdk-lib', 'constructs', 'cdktf', '@cdktf/provider-aws', 'cdktn', '@cdktn/provider-aws'];

export function consumer(work: string, name: string, deps: string[]): Consumer {
  const dir = join(work, name);
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'package.json'), JSON.stringify({ name, version: '1.0.0', private: true }));
  const start = Date.now();
  sh('npm', ['install', '--prefer-offline', '--no-audit', '--no-fund', ...deps], dir);
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

/** The newest modification time under a folder (ms), 0 when it does not exist. */
function newest(path: string): number {
  if (!existsSync(path)) return 0;
  const stat = statSync(path);
  if (!stat.isDirectory()) return stat.mtimeMs;
  return readdirSync(path).reduce((m, name) => Math.max(m, newest(join(path, name))), stat.mtimeMs);
}

/**
 * Bundle the handler when its asset is missing, and compile the package (`npx projen compile`: jsii, then the
 * Terraform constructs) when dist/ is missing or older than lib/; returns whether it compiled.
 */
export function ensureCompiled(root: string): boolean {
  if (!existsSync(join(root, 'assets', 'lib', 'handler', 'ca-check.lambda', 'index.js'))) {
    // The AWS CDK constructs ship the bundled handler (npm test bundles it first; a lone run may not have).
    const bundled = spawnSync('npx', ['projen', 'bundle'], { cwd: root, encoding: 'utf8', env: childEnv() });
    if (bundled.status !== 0) throw new Error(`npx projen bundle failed:\n${bundled.stdout}\n${bundled.stderr}`);
  }
  const built = ['index.js', 'tf/index.js', 'cdktn/index.js'].map((f) => join(root, 'dist', f));
  if (built.every(existsSync) && newest(join(root, 'dist')) >= newest(join(root, 'lib'))) return false;
  const result = spawnSync('npx', ['projen', 'compile'], { cwd: root, encoding: 'utf8', env: childEnv() });
  if (result.status !== 0) throw new Error(`npx projen compile failed:\n${result.stdout}\n${result.stderr}`);
  return true;
}
