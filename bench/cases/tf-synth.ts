// One CDK for Terraform synth measurement, in its own process: build the app (hand-written or with
// tf.TlsAuroraCluster) and synthesize it, timed around construct + synth. Run by bench/run.ts.
import { readFileSync } from 'fs';
import { join } from 'path';
import { buildTfApp, TfVariant } from '../apps/tf-apps';
import { caseSpec, emit, sinceStart } from '../support/case-io';

export interface TfSynthSpec {
  readonly variant: TfVariant;
  readonly clusters: number;
  readonly region: string;
  readonly caIdentifier: string;
  readonly thumbprint: string;
  readonly outdir: string;
  readonly libPath: string;
  /** Count the resources and data sources of the synthesized stack. */
  readonly report?: boolean;
}

export interface TfSynthResult {
  readonly readyMs: number;
  readonly constructMs: number;
  readonly synthMs: number;
  readonly innerMs: number;
  /** Resources and data sources by Terraform type (with `report`). */
  readonly report?: { readonly [type: string]: number };
}

function main(): void {
  const spec = caseSpec<TfSynthSpec>();
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  // The Terraform layer is loaded now (it is not exported from the package root), as the hand-written app loads
  // @cdktf/provider-aws by its imports: module loading stays outside the construct+synth timer on both sides.
  const lib = spec.variant === TfVariant.HAND || spec.variant === TfVariant.HAND_CHECK
    ? undefined : { ...require(spec.libPath), tf: require(join(spec.libPath, 'tf')) };
  if (lib !== undefined && typeof lib.tf.TlsAuroraCluster !== 'function') throw new Error('bench: aurora-tls has no tf.TlsAuroraCluster');

  const t0 = sinceStart();
  const app = buildTfApp({ ...spec, lib });
  const t1 = sinceStart();
  app.synth();
  const t2 = sinceStart();

  let report: { [type: string]: number } | undefined;
  if (spec.report) {
    const config = JSON.parse(readFileSync(join(spec.outdir, 'stacks', 'Bench', 'cdk.tf.json'), 'utf8'));
    report = {};
    for (const [kind, blocks] of [['resource', config.resource ?? {}], ['data', config.data ?? {}]] as const) {
      for (const [type, byName] of Object.entries(blocks as { [type: string]: object })) {
        report[kind === 'data' ? `data.${type}` : type] = Object.keys(byName).length;
      }
    }
  }
  const result: TfSynthResult = { readyMs: t0, constructMs: t1 - t0, synthMs: t2 - t1, innerMs: t2 - t0, report };
  emit(result);
}

if (require.main === module) main();
