// TrustStore.bundled() in a fresh process: the first use reads and parses the vendored PEM bundles; a second call
// must be free (the store is parsed once per process). Also times `require('aurora-tls')` itself. Run by
// bench/run.ts.
import type * as AuroraTls from '../../lib';
import { caseSpec, emit, sinceStart } from '../support/case-io';

export interface TrustStoreSpec {
  readonly libPath: string;
  /** The region whose roots are asked for first (what a synth needs). */
  readonly region: string;
}

export interface TrustStoreResult {
  /** `require` of the compiled package (core and the AWS CDK constructs; `tf` is lazy). */
  readonly requireMs: number;
  /** First `TrustStore.bundled().rootsFor(region)`: what a construct pays for one region's roots. */
  readonly firstRegionMs: number;
  /** Then `.certificates` (every certificate parsed): the rest of a full parse, since the store parses lazily. */
  readonly restMs: number;
  /** A second `TrustStore.bundled()`. */
  readonly secondMs: number;
  /** Whether the second call returned the same object. */
  readonly sameObject: boolean;
  readonly certificates: number;
}

function main(): void {
  const spec = caseSpec<TrustStoreSpec>();
  const t0 = sinceStart();
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const lib: typeof AuroraTls = require(spec.libPath);
  const t1 = sinceStart();
  const first = lib.TrustStore.bundled();
  first.rootsFor(spec.region);
  const t2 = sinceStart();
  const certificates = first.certificates.length;
  const t3 = sinceStart();
  const second = lib.TrustStore.bundled();
  const t4 = sinceStart();
  emit({
    requireMs: t1 - t0,
    firstRegionMs: t2 - t1,
    restMs: t3 - t2,
    secondMs: t4 - t3,
    sameObject: first === second,
    certificates,
  } satisfies TrustStoreResult);
}

if (require.main === module) main();
