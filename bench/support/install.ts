// Install footprint: pack aurora-tls as npm would publish it, install it into fresh consumer projects in a temp
// directory (never into the repository), and weigh node_modules against the same projects without aurora-tls.
// Packing and installing are shared with the tests (scripts/pack.ts).
import { existsSync } from 'fs';
import { join } from 'path';
import { installConsumer, sh } from '../../scripts/pack';

export { pack, sh } from '../../scripts/pack';
export type { Packed } from '../../scripts/pack';

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

const WATCHED = ['aurora-tls', 'aws-cdk-lib', 'constructs', 'cdktf', '@cdktf/provider-aws'];

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
