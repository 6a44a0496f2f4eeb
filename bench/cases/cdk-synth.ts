// One AWS CDK synth measurement, in its own process: build the app (hand-written or with TlsAuroraCluster) and
// synthesize it, timed around construct + synth. With `report`, also count what the cloud assembly holds (after the
// timing). Run by bench/run.ts.
import { readdirSync, statSync } from 'fs';
import { join } from 'path';
import { buildCdkApp, CdkVariant } from '../apps/cdk-apps';
import { caseSpec, emit, settleHeap, sinceStart } from '../support/case-io';

export interface CdkSynthSpec {
  readonly variant: CdkVariant;
  readonly clusters: number;
  readonly regions: string[];
  readonly caByRegion: { [region: string]: string };
  readonly outdir: string;
  /** The compiled aurora-tls to require (library variants only). */
  readonly libPath: string;
  /** Count resources and asset bytes in the assembly. */
  readonly report?: boolean;
}

/** What one stack's template holds (counted by resource type). */
export interface StackCounts {
  readonly resources: number;
  readonly lambdaFunctions: number;
  readonly lambdaLayers: number;
  readonly customResources: number;
  readonly buckets: number;
  readonly dbInstances: number;
  /** `Runtime` of every Lambda function. */
  readonly lambdaRuntimes: string[];
}

export interface CdkSynthResult {
  /** From process start to just before construct: node start-up and module loading. */
  readonly readyMs: number;
  readonly constructMs: number;
  readonly synthMs: number;
  /** construct + synth. */
  readonly innerMs: number;
  readonly stacks: number;
  readonly report?: {
    readonly perStack: StackCounts[];
    /** Bytes of every staged asset (`asset.*`) in the cloud assembly. */
    readonly assetBytes: number;
    readonly assetCount: number;
  };
}

function main(): void {
  const spec = caseSpec<CdkSynthSpec>();
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const lib = spec.variant === CdkVariant.HAND ? undefined : require(spec.libPath);

  settleHeap();
  const t0 = sinceStart();
  const app = buildCdkApp({ ...spec, lib });
  const t1 = sinceStart();
  const assembly = app.synth();
  const t2 = sinceStart();

  const result: CdkSynthResult = {
    readyMs: t0,
    constructMs: t1 - t0,
    synthMs: t2 - t1,
    innerMs: t2 - t0,
    stacks: assembly.stacks.length,
    report: spec.report ? report(assembly.directory, assembly.stacks.map((s) => s.template)) : undefined,
  };
  emit(result);
}

interface Template {
  readonly Resources?: { [id: string]: { Type: string; Properties?: { Runtime?: string } } };
}

function report(outdir: string, templates: Template[]): NonNullable<CdkSynthResult['report']> {
  const perStack = templates.map((template): StackCounts => {
    const resources = Object.values(template.Resources ?? {});
    const types = resources.map((r) => r.Type);
    const count = (test: (type: string) => boolean) => types.filter(test).length;
    return {
      resources: types.length,
      lambdaFunctions: count((t) => t === 'AWS::Lambda::Function'),
      lambdaLayers: count((t) => t === 'AWS::Lambda::LayerVersion'),
      customResources: count((t) => t.startsWith('Custom::') || t === 'AWS::CloudFormation::CustomResource'),
      buckets: count((t) => t === 'AWS::S3::Bucket'),
      dbInstances: count((t) => t === 'AWS::RDS::DBInstance'),
      lambdaRuntimes: resources.filter((r) => r.Type === 'AWS::Lambda::Function').map((r) => String(r.Properties?.Runtime)),
    };
  });
  const assets = readdirSync(outdir).filter((name) => name.startsWith('asset.'));
  return { perStack, assetBytes: assets.reduce((sum, name) => sum + bytes(join(outdir, name)), 0), assetCount: assets.length };
}

function bytes(path: string): number {
  const stat = statSync(path);
  if (!stat.isDirectory()) return stat.size;
  return readdirSync(path).reduce((sum, name) => sum + bytes(join(path, name)), 0);
}

if (require.main === module) main();
