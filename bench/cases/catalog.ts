// RegionCatalog.isAvailable over every region x CA, in a fresh process: the first call (which builds the region
// index), then rounds of `iterations` calls cycling through every (region, CA) pair. Run by bench/run.ts.
import type * as AuroraTls from '../../lib';
import { caseSpec, emit, sinceStart } from '../support/case-io';

export interface CatalogSpec {
  readonly libPath: string;
  readonly iterations: number;
  readonly rounds: number;
}

export interface CatalogResult {
  readonly pairs: number;
  readonly firstCallMs: number;
  /** Calls per second, one entry per round. */
  readonly opsPerSecond: number[];
  /** How many calls answered true (keeps the loop from being optimized away; checked by the runner). */
  readonly available: number;
}

function main(): void {
  const spec = caseSpec<CatalogSpec>();
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const lib: typeof AuroraTls = require(spec.libPath);
  const { RegionCatalog, CertificateAuthority } = lib;
  const t0 = sinceStart();
  RegionCatalog.isAvailable('us-east-1', CertificateAuthority.RSA2048_G1);
  const firstCallMs = sinceStart() - t0;

  const regions = RegionCatalog.regions();
  const cas = CertificateAuthority.all();
  const pairs = regions.flatMap((region) => cas.map((ca) => [region, ca] as const));
  const opsPerSecond: number[] = [];
  let available = 0;
  for (let round = 0; round < spec.rounds; round++) {
    const start = sinceStart();
    for (let i = 0; i < spec.iterations; i++) {
      const [region, ca] = pairs[i % pairs.length];
      if (RegionCatalog.isAvailable(region, ca)) available++;
    }
    opsPerSecond.push(spec.iterations / ((sinceStart() - start) / 1000));
  }
  emit({ pairs: pairs.length, firstCallMs, opsPerSecond, available } satisfies CatalogResult);
}

if (require.main === module) main();
