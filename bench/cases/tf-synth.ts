// One CDK for Terraform synth measurement, in its own process: build the app (hand-written or with
// tf.TlsAuroraCluster) and synthesize it, timed around construct + synth. Run by bench/run.ts.
import { readFileSync } from 'fs';
import { join } from 'path';
import type { buildTfApp as BuildTfApp } from '../apps/tf-apps';
import { TfVariant } from '../apps/tf-apps-variant';
import { caseSpec, emit, settleHeap, sinceStart } from '../support/case-io';
import { CDKTN, mapSpecifier } from '../../scripts/tf-frameworks';

export interface TfSynthSpec {
  readonly variant: TfVariant;
  /** cdktf, or CDK Terrain: the same apps with every cdktf module resolved to cdktn, and aurora-tls/cdktn. */
  readonly framework: 'cdktf' | 'cdktn';
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
  if (spec.framework === 'cdktn') {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const Module = require('module') as { _resolveFilename: (request: string, ...rest: unknown[]) => string };
    const resolve = Module._resolveFilename;
    Module._resolveFilename = function (request: string, ...rest: unknown[]): string {
      return resolve.call(this, mapSpecifier(request, CDKTN) ?? request, ...rest);
    };
  }
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const buildTfApp: typeof BuildTfApp = require('../apps/tf-apps').buildTfApp;
  // The library's Terraform entry (no aws-cdk-lib), loaded before the timer as the hand-written app loads the provider.
  const entry = join(spec.libPath, spec.framework === 'cdktn' ? 'cdktn' : 'tf');
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const lib = spec.variant === TfVariant.HAND || spec.variant === TfVariant.HAND_CHECK ? undefined : require(entry);
  if (lib !== undefined && typeof lib.TlsAuroraCluster !== 'function') throw new Error(`bench: ${entry} has no TlsAuroraCluster`);

  settleHeap();
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
