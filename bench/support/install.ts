// Install footprint: pack aurora-tls as npm would publish it, install it into fresh consumer projects in a temp
// directory (never into the repository), and weigh node_modules against the same projects without aurora-tls.
//
// test/tf/no-cdktf.test.ts packs and installs the same way, but its helpers live inside the test file (with jest's
// beforeAll), so they cannot be imported here; the only shared piece, the lazy `tf` rewrite, is reused from
// scripts/lazy-tf.ts by the runner.
import { execFileSync } from 'child_process';
import { existsSync, mkdirSync, writeFileSync } from 'fs';
import { join } from 'path';
import { childEnv } from './child';

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
    throw new Error(`bench: ${cmd} ${args.join(' ')} failed in ${cwd}:\n${err.stderr ?? ''}\n${err.stdout ?? ''}\n${err.message}`);
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

const WATCHED = ['aurora-tls', 'aws-cdk-lib', 'constructs', 'cdktf', '@cdktf/provider-aws'];

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
