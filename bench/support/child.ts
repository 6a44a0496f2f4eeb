// Run one case script in a fresh node process and read its result line; the wall time is measured around the
// whole process (spawn to exit).
import { spawnSync } from 'child_process';
import { RESULT_PREFIX } from './case-io';
import { childEnv } from '../../scripts/pack';

export interface ChildRun<T> {
  readonly result: T;
  /** Spawn to exit, in ms. */
  readonly wallMs: number;
}

/** Environment of the case processes: this one's, without npm's per-script variables, and jsii kept quiet. */
export { childEnv };

export function runCase<T>(script: string, spec: object, nodeArgs: string[] = []): ChildRun<T> {
  const start = process.hrtime.bigint();
  const child = spawnSync(process.execPath, [...nodeArgs, script, JSON.stringify(spec)], {
    encoding: 'utf8',
    env: childEnv(),
    maxBuffer: 64 * 1024 * 1024,
  });
  const wallMs = Number(process.hrtime.bigint() - start) / 1e6;
  const line = (child.stdout ?? '').split('\n').find((l) => l.startsWith(RESULT_PREFIX));
  if (child.status !== 0 || line === undefined) {
    throw new Error(`bench: ${script} failed (exit ${child.status ?? child.signal}):\n${child.stderr}\n${child.stdout}`);
  }
  return { result: JSON.parse(line.slice(RESULT_PREFIX.length)) as T, wallMs };
}
