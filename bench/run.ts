// aurora-tls benchmarks: synth overhead against hand-written code (AWS CDK and CDK for Terraform), deploy-time and
// install footprint, catalog and trust-store speed. Prints the tables and writes bench/RESULTS.md.
//
//   npx projen bench                     # the full run (several minutes on 2 shared cores)
//   npx projen bench -- --quick          # fewer repetitions, to try a change (RESULTS.md says so)
//   npx projen bench -- --only=cdk,tf    # some sections: cdk, tf, footprint, install, catalog, audit
//   npx projen bench -- --use-dist       # measure dist/ as it is, without compiling when lib/ is newer
//   npx projen bench -- --lib=/tmp/x/dist # measure another compiled build (e.g. a fix) instead of dist/; the
//                                        # install section still packs this repository
//   npx projen bench -- --out=/tmp/x.md  # write the results elsewhere (experiments), not bench/RESULTS.md
//
// A benchmark, not a test: CI never runs it. test/bench/bench-cases.test.ts only checks that the compared apps stay
// equivalent. Every synth measurement runs in its own node process (bench/cases/*.ts, transpiled once into a temp
// directory and run with plain node, so ts-node costs nothing to either side), against the compiled package
// (dist/, what consumers run). Nothing is written inside the repository but bench/RESULTS.md (a file left there
// would end up in `npm pack`). Variants alternate in rotating order, and the ratio of a row is the median of the
// ratios of runs made back to back.
import { execFileSync, spawnSync } from 'child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, symlinkSync, unlinkSync, writeFileSync } from 'fs';
import { cpus, freemem, loadavg, release, tmpdir, totalmem } from 'os';
import { dirname, join, relative, resolve as resolvePath } from 'path';
// typescript is a devDependency: the benchmark runs in this repository only, never in a consumer's project.
// eslint-disable-next-line import/no-extraneous-dependencies
import * as ts from 'typescript';
import type * as AuroraTls from '../lib';
import { auditTemplate, auditTemplateYaml } from './apps/audit-template';
import { benchSelection, caByRegion as caTable, CdkVariant } from './apps/cdk-apps';
import { TfVariant } from './apps/tf-apps';
import type { CatalogResult, CatalogSpec } from './cases/catalog';
import type { CdkSynthResult, CdkSynthSpec } from './cases/cdk-synth';
import type { HandlerRequireResult, HandlerRequireSpec } from './cases/handler-require';
import type { TfSynthResult, TfSynthSpec } from './cases/tf-synth';
import type { TrustStoreResult, TrustStoreSpec } from './cases/trust-store';
import { childEnv, runCase } from './support/child';
import { consumer, newestMtime, pack, packageBytes } from '../scripts/pack';
import { formatSummary, median, medianRatio, ratioRange, Summary, summarize } from './support/stats';

const ROOT = join(__dirname, '..');
const ASSET = join(ROOT, 'assets', 'lib', 'handler', 'ca-check.lambda', 'index.js');

const CDK_VERSION = '2.276.0';
const CONSTRUCTS_VERSION = '10.7.0';
const CDKTF_VERSION = '0.21.0';
const PROVIDER_AWS_VERSION = '21.22.1';
const CDKTN_VERSION = '0.24.0';
const CDKTN_PROVIDER_AWS_VERSION = '25.7.0';

/** Goals of the issue. Sizes in SI units, as npm prints them: 1 KB = 1,000 bytes, 1 MB = 1,000,000 bytes. */
const GOAL_RATIO = 1.05;
const GOAL_ASSET_BYTES = 250_000;
const GOAL_INSTALL_BYTES = 2_000_000;
const SINGLE_REGION = 'us-east-1';
const FOOTPRINT_CLUSTERS = [1, 3, 20];
const CATALOG_ITERATIONS = 100_000;
/** `aurora-tls audit` must audit a template of this many resources within GOAL_AUDIT_MS. */
const AUDIT_RESOURCES = 5_000;
const GOAL_AUDIT_MS = 2_000;

const SECTIONS = ['cdk', 'tf', 'footprint', 'install', 'catalog', 'audit'] as const;
type Section = typeof SECTIONS[number];

const args = process.argv.slice(2);
const QUICK = args.includes('--quick');
/** Measure dist/ as it is, even if lib/ is newer (to iterate on the benchmark without recompiling). */
const USE_DIST = args.includes('--use-dist');
const onlyArg = args.find((a) => a.startsWith('--only='));
const libArg = args.find((a) => a.startsWith('--lib='));
const outArg = args.find((a) => a.startsWith('--out='));
/** Where the results go: bench/RESULTS.md, or another file for an experiment (--out=). */
const RESULTS = outArg ? resolvePath(outArg.slice('--out='.length)) : join(ROOT, 'bench', 'RESULTS.md');
/** The compiled aurora-tls the cases load: dist/, or another build given with --lib= (to compare a fix). */
const LIB_PATH = libArg ? resolvePath(libArg.slice('--lib='.length)) : join(ROOT, 'dist');
const ONLY: Section[] = onlyArg ? onlyArg.slice('--only='.length).split(',') as Section[] : [...SECTIONS];
for (const s of ONLY) {
  if (!SECTIONS.includes(s)) throw new Error(`bench: unknown section '${s}' in --only; use ${SECTIONS.join(', ')}`);
}
for (const a of args) {
  if (a !== '--quick' && a !== '--use-dist' && !['--only=', '--lib=', '--out='].some((p) => a.startsWith(p))) {
    throw new Error(`bench: unknown argument '${a}'; use --quick, --use-dist, --only=${SECTIONS.join(',')}, --lib=<compiled aurora-tls> and --out=<file>`);
  }
}

/** Timed runs per variant (after one untimed warm-up run that also counts the resources). */
/** Node options of the synth case processes (see settleHeap in bench/support/case-io.ts). */
const SYNTH_NODE_ARGS = ['--expose-gc'];

const RUNS = QUICK
  ? { cdk1: 3, cdk20: 3, cdkRegions: 2, tf1: 3, tf20: 3, fresh: 5, catalogProcesses: 1, catalogRounds: 3, audit: 3 }
  : { cdk1: 9, cdk20: 7, cdkRegions: 7, tf1: 21, tf20: 13, fresh: 15, catalogProcesses: 3, catalogRounds: 5, audit: 9 };

const log = (message: string) => process.stderr.write(`bench: ${message}\n`);
const ms = (s: Summary, d = 0) => formatSummary(s, d);
const kb = (bytes: number) => `${(bytes / 1000).toFixed(1)} KB`;
const mb = (bytes: number) => `${(bytes / 1_000_000).toFixed(2)} MB`;
const load = () => loadavg().map((l) => l.toFixed(2)).join(' ');
const yesNo = (ok: boolean) => (ok ? 'met' : '**missed**');

// ---------------------------------------------------------------- preparation


function npx(args_: string[]): void {
  execFileSync('npx', args_, { cwd: ROOT, stdio: ['ignore', 'inherit', 'inherit'], env: childEnv() });
}

/** The compiled package, compiled only when dist/ is missing or older than lib/, and with the lazy `tf` export. */
function prepareLibrary(): string[] {
  const notes: string[] = [];
  if (libArg) {
    return [`**The library was loaded from ${LIB_PATH} (\`--lib\`), not from dist/.** The install section packs this repository.`];
  }
  const jsii = join(ROOT, '.jsii');
  const libMtime = newestMtime(join(ROOT, 'lib'), '.ts');
  const stale = !existsSync(join(LIB_PATH, 'index.js')) || !existsSync(jsii) || statSync(jsii).mtimeMs < libMtime;
  if (stale && USE_DIST && existsSync(join(LIB_PATH, 'index.js'))) {
    notes.push('**dist/ is older than lib/ and was measured as it is (`--use-dist`).**');
  } else if (stale) {
    log('dist/ is older than lib/: npx projen compile');
    npx(['projen', 'compile']);
    notes.push('dist/ was older than lib/, so the run compiled it first (`npx projen compile`).');
  }
  const handlerMtime = Math.max(newestMtime(join(ROOT, 'lib', 'handler'), '.ts'), newestMtime(join(ROOT, 'lib', 'core'), '.ts'));
  if (!existsSync(ASSET) || statSync(ASSET).mtimeMs < handlerMtime) {
    log('the handler asset is missing or older than lib/: npx projen bundle');
    npx(['projen', 'bundle']);
    notes.push('The handler asset was missing or older than lib/, so the run bundled it first (`npx projen bundle`).');
  }
  return notes;
}

/**
 * Transpile bench/**\/*.ts into `<build>/bench/`, so that the case processes run plain JavaScript; `<build>/node_modules`
 * links to the repository's, so they resolve aws-cdk-lib and cdktf to the same files as dist/ does.
 */
function transpileBench(build: string): void {
  mkdirSync(build, { recursive: true });
  symlinkSync(join(ROOT, 'node_modules'), join(build, 'node_modules'), 'dir');
  const walk = (dir: string): string[] => readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? walk(join(dir, e.name)) : e.name.endsWith('.ts') ? [join(dir, e.name)] : []);
  for (const file of [...walk(join(ROOT, 'bench')), join(ROOT, 'scripts', 'tf-frameworks.ts'), join(ROOT, 'scripts', 'pack.ts')]) {
    const out = join(build, relative(ROOT, file)).replace(/\.ts$/, '.js');
    const { outputText } = ts.transpileModule(readFileSync(file, 'utf8'), {
      fileName: file,
      compilerOptions: { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2022, esModuleInterop: true, sourceMap: false },
    });
    mkdirSync(dirname(out), { recursive: true });
    writeFileSync(out, outputText);
  }
}

let build = '';
const script = (name: string) => join(build, 'bench', 'cases', `${name}.js`);

// ---------------------------------------------------------------- synth comparisons

interface VariantRuns<R> {
  readonly variant: string;
  readonly label: string;
  readonly inner: number[];
  readonly construct: number[];
  readonly wall: number[];
  /** The warm-up run's result (with the resource report). */
  readonly warmup: R;
}

interface Comparison<R> {
  readonly name: string;
  readonly runs: number;
  readonly variants: Array<VariantRuns<R>>;
  readonly loadBefore: string;
  readonly loadAfter: string;
}

/**
 * Run every variant once untimed (with `report`), then `runs` rounds, each running every variant once, in an order
 * that rotates from round to round.
 */
function compare<R extends { innerMs: number; constructMs: number }>(
  name: string,
  scriptPath: string,
  runs: number,
  variants: Array<{ variant: string; label: string }>,
  spec: (variant: string, outdir: string, report: boolean) => object,
  work: string,
): Comparison<R> {
  log(`${name}: ${variants.length} variants x ${runs} runs (load ${load()})`);
  const loadBefore = load();
  const results = variants.map((v) => {
    const outdir = join(work, `${v.variant}-warmup`);
    const warmup = runCase<R>(scriptPath, spec(v.variant, outdir, true), SYNTH_NODE_ARGS).result;
    rmSync(outdir, { recursive: true, force: true });
    return { ...v, inner: [] as number[], construct: [] as number[], wall: [] as number[], warmup };
  });
  for (let round = 0; round < runs; round++) {
    for (let i = 0; i < results.length; i++) {
      const entry = results[(round + i) % results.length];
      const outdir = join(work, `${entry.variant}-${round}`);
      const { result, wallMs } = runCase<R>(scriptPath, spec(entry.variant, outdir, false), SYNTH_NODE_ARGS);
      rmSync(outdir, { recursive: true, force: true });
      entry.inner.push(result.innerMs);
      entry.construct.push(result.constructMs);
      entry.wall.push(wallMs);
    }
  }
  return { name, runs, variants: results, loadBefore, loadAfter: load() };
}

interface SynthRow {
  readonly caseName: string;
  readonly variant: string;
  readonly resources: string;
  readonly runs: number;
  readonly inner: Summary;
  readonly wall: Summary;
  readonly ratio?: number;
  /** Smallest and largest pairwise construct+synth ratio. */
  readonly range?: [number, number];
  readonly constructRatio?: number;
  readonly wallRatio?: number;
  readonly goal: string;
}

/** One row of a synth table: a variant, compared with another (its baseline) of the same rounds. */
interface RowDef {
  readonly variant: string;
  /** The variant it is compared with; none for the baseline row itself. */
  readonly baseline?: string;
  readonly label: string;
  /** `goal`: the ratio is checked against GOAL_RATIO; otherwise the text shown instead. */
  readonly goal: 'goal' | string;
}

function synthRows<R>(c: Comparison<R>, rows: RowDef[], resources: (r: R) => string): SynthRow[] {
  const runsOf = (variant: string) => {
    const found = c.variants.find((v) => v.variant === variant);
    if (!found) throw new Error(`bench: no runs of ${variant} in ${c.name}`);
    return found;
  };
  return rows.map((row) => {
    const v = runsOf(row.variant);
    const base = row.baseline === undefined ? undefined : runsOf(row.baseline);
    const ratio = base && medianRatio(base.inner, v.inner);
    const range = base && ratioRange(base.inner, v.inner);
    const wallRatio = base && medianRatio(base.wall, v.wall);
    const constructRatio = base && medianRatio(base.construct, v.construct);
    let goal = row.goal;
    if (ratio !== undefined && row.goal === 'goal') goal = `≤ ${GOAL_RATIO.toFixed(2)}×: ${yesNo(ratio <= GOAL_RATIO)}`;
    return {
      caseName: c.name,
      variant: row.label,
      resources: resources(v.warmup),
      runs: c.runs,
      inner: summarize(v.inner),
      wall: summarize(v.wall),
      ratio,
      range,
      constructRatio,
      wallRatio,
      goal,
    };
  });
}

/** `1.102× (pairs 0.951–1.200)`: the median, and how far the pairs of one round apart ranged. */
function ratioResult(row: SynthRow): string {
  return `${row.ratio!.toFixed(3)}× (pairs ${row.range![0].toFixed(3)}–${row.range![1].toFixed(3)})`;
}

function synthTable(rows: SynthRow[]): string {
  const lines = [
    '| Case | Variant | Resources | Runs | construct+synth ms (min / median / max) | process wall ms (min / median / max) | Ratio construct+synth | Ratio wall | Ratio construct only | Goal (construct+synth) |',
    '|---|---|---:|---:|---:|---:|---:|---:|---:|---|',
  ];
  const x = (v: number | undefined) => (v === undefined ? '1 (baseline)' : `${v.toFixed(3)}×`);
  for (const r of rows) {
    lines.push(`| ${r.caseName} | ${r.variant} | ${r.resources} | ${r.runs} | ${ms(r.inner)} | ${ms(r.wall)} | ` +
      `${x(r.ratio)} | ${x(r.wallRatio)} | ${x(r.constructRatio)} | ${r.goal} |`);
  }
  return lines.join('\n');
}

// ---------------------------------------------------------------- main

interface Report {
  notes: string[];
  sections: Array<{ title: string; body: string }>;
  goals: Array<{ goal: string; result: string; met: boolean | undefined }>;
}

function main(): void {
  const started = new Date();
  const report: Report = { notes: [], sections: [], goals: [] };
  const loadAtStart = load();
  report.notes.push(...prepareLibrary());
  const work = mkdtempSync(join(tmpdir(), 'aurora-tls-bench-'));
  log(`work directory ${work}`);
  build = join(work, 'js');
  try {
    transpileBench(build);
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const lib: typeof AuroraTls = require(LIB_PATH);
    const commercial = lib.RegionCatalog.regionsIn(lib.Partition.AWS);
    const caByRegion = caTable(lib, commercial);
    const thumbprint = lib.TrustStore.bundled().root(SINGLE_REGION, benchSelection(lib).resolve(SINGLE_REGION)).thumbprint;
    if (ONLY.includes('cdk')) cdkSection(report, work, commercial, caByRegion);
    if (ONLY.includes('tf')) tfSection(report, work, caByRegion, thumbprint);
    if (ONLY.includes('footprint')) footprintSection(report, work, caByRegion);
    if (ONLY.includes('catalog')) catalogSection(report);
    if (ONLY.includes('install')) installSection(report, work);
    if (ONLY.includes('audit')) auditSection(report, work);
  } finally {
    // Remove the link first, so that nothing can follow it into the repository's node_modules.
    if (existsSync(join(build, 'node_modules'))) unlinkSync(join(build, 'node_modules'));
    rmSync(work, { recursive: true, force: true });
  }

  const finished = new Date();
  const markdown = render(report, started, finished, loadAtStart);
  writeFileSync(RESULTS, markdown);
  process.stdout.write(`${markdown}\n`);
  log(`wrote ${relative(ROOT, RESULTS)} in ${((finished.getTime() - started.getTime()) / 1000).toFixed(0)} s`);
}

function cdkSection(report: Report, work: string, regions: string[], caByRegion: { [region: string]: string }): void {
  const variants = [
    { variant: CdkVariant.HAND, label: 'hand-written aws-cdk-lib' },
    { variant: CdkVariant.LIB_NO_CHECK, label: 'TlsAuroraCluster, `deployTimeCheck: false`' },
    { variant: CdkVariant.LIB, label: 'TlsAuroraCluster, defaults' },
  ];
  const rowDefs: RowDef[] = [
    { variant: CdkVariant.HAND, label: 'hand-written aws-cdk-lib', goal: 'baseline' },
    { variant: CdkVariant.LIB_NO_CHECK, baseline: CdkVariant.HAND, label: 'TlsAuroraCluster, `deployTimeCheck: false`: pure overhead', goal: 'goal' },
    { variant: CdkVariant.LIB, baseline: CdkVariant.HAND, label: 'TlsAuroraCluster, defaults: adds the deploy-time check', goal: 'info (adds resources)' },
  ];
  const resources = (r: CdkSynthResult) => {
    const total = r.report!.perStack.reduce((s, x) => s + x.resources, 0);
    const lambdas = r.report!.perStack.reduce((s, x) => s + x.lambdaFunctions, 0);
    return `${total}${lambdas > 0 ? ` (${lambdas} Lambda)` : ''}`;
  };
  const rows: SynthRow[] = [];
  const checkPresent: boolean[] = [];
  const checkAbsent: boolean[] = [];
  for (const [name, clusters, caseRegions, runs] of [
    [`CDK, 1 cluster (${SINGLE_REGION})`, 1, [SINGLE_REGION], RUNS.cdk1],
    [`CDK, 20 clusters (${SINGLE_REGION})`, 20, [SINGLE_REGION], RUNS.cdk20],
    [`CDK, ${regions.length} regions x 1 cluster (one stack per commercial region)`, 1, regions, RUNS.cdkRegions],
  ] as Array<[string, number, string[], number]>) {
    const c = compare<CdkSynthResult>(name, script('cdk-synth'), runs, variants, (variant, outdir, withReport): CdkSynthSpec => ({
      variant: variant as CdkVariant, clusters, regions: caseRegions, caByRegion, outdir, libPath: LIB_PATH, report: withReport,
    }), work);
    rows.push(...synthRows(c, rowDefs, resources));
    const stacksOf = (variant: CdkVariant) => c.variants.find((v) => v.variant === variant)!.warmup.report!.perStack;
    checkPresent.push(stacksOf(CdkVariant.LIB).every((s) => s.lambdaFunctions > 0));
    checkAbsent.push(stacksOf(CdkVariant.LIB_NO_CHECK).every((s) => s.lambdaFunctions === 0 && s.customResources === 0));
    const pure = rows[rows.length - 2];
    report.goals.push({ goal: `${name}: construct+synth ratio ≤ ${GOAL_RATIO}× (deployTimeCheck: false)`, result: ratioResult(pure), met: pure.ratio! <= GOAL_RATIO });
    report.notes.push(`${name}: load average ${c.loadBefore} before, ${c.loadAfter} after.`);
  }
  const body = [
    synthTable(rows),
    '',
    checkPresent.every(Boolean)
      ? 'Every stack of the default app has the deploy-time check (at least one Lambda function).'
      : '**The default TlsAuroraCluster app has no Lambda function in some stack: this build of the library has no deploy-time check yet, ' +
        'so the "defaults" rows measure the same app as the `deployTimeCheck: false` rows.**',
    checkAbsent.every(Boolean)
      ? 'The `deployTimeCheck: false` app has no Lambda function and no custom resource: the same resources as the hand-written app.'
      : '**The `deployTimeCheck: false` app still has a Lambda function or a custom resource in some stack: it is not the pure overhead.**',
  ].join('\n');
  report.sections.push({ title: '1. AWS CDK synth overhead', body });
}

function tfSection(report: Report, work: string, caByRegion: { [region: string]: string }, thumbprint: string): void {
  const variants = [
    { variant: TfVariant.HAND, label: 'hand-written' },
    { variant: TfVariant.HAND_CHECK, label: 'hand-written + plan-time check' },
    { variant: TfVariant.HAND_CONSTRUCT, label: 'hand-written, one Construct per cluster' },
    { variant: TfVariant.LIB_NO_CHECK, label: 'TlsAuroraCluster, `deployTimeCheck: false`' },
    { variant: TfVariant.LIB, label: 'TlsAuroraCluster, defaults' },
  ];
  const rowDefs: RowDef[] = [
    { variant: TfVariant.HAND, label: 'hand-written provider classes', goal: 'baseline' },
    { variant: TfVariant.HAND_CHECK, baseline: TfVariant.HAND, label: 'hand-written + a plan-time CA check by hand', goal: 'info (the check\'s own cost)' },
    {
      variant: TfVariant.HAND_CONSTRUCT,
      baseline: TfVariant.HAND,
      label: 'hand-written, each cluster in a Construct of its own (the tree shape of TlsAuroraCluster)',
      goal: 'info (what nesting costs in the framework)',
    },
    {
      variant: TfVariant.LIB_NO_CHECK,
      baseline: TfVariant.HAND,
      label: 'TlsAuroraCluster, `deployTimeCheck: false`, vs hand-written (like for like: the same resources)',
      goal: 'like for like',
    },
    {
      variant: TfVariant.LIB_NO_CHECK,
      baseline: TfVariant.HAND_CONSTRUCT,
      label: 'TlsAuroraCluster, `deployTimeCheck: false`, vs the hand-written Construct (like for like, same tree shape)',
      goal: 'info (aurora-tls\'s own cost)',
    },
    { variant: TfVariant.LIB, baseline: TfVariant.HAND_CHECK, label: 'TlsAuroraCluster, defaults, vs hand-written + check', goal: 'info (adds the engine-version check and the TrustBundle)' },
  ];
  const resources = (r: TfSynthResult) => {
    const entries = Object.entries(r.report ?? {});
    const data = entries.filter(([t]) => t.startsWith('data.')).reduce((s, [, n]) => s + n, 0);
    const res = entries.filter(([t]) => !t.startsWith('data.')).reduce((s, [, n]) => s + n, 0);
    return `${res} + ${data} data`;
  };
  const rows: SynthRow[] = [];
  for (const framework of ['cdktf', 'cdktn'] as const) {
    for (const [clusters, runs] of [[1, RUNS.tf1], [20, RUNS.tf20]] as Array<[number, number]>) {
      const name = `${framework}, ${clusters} cluster${clusters > 1 ? 's' : ''} (${SINGLE_REGION})`;
      const c = compare<TfSynthResult>(name, script('tf-synth'), runs, variants, (variant, outdir, withReport): TfSynthSpec => ({
        variant: variant as TfVariant,
        framework,
        clusters,
        region: SINGLE_REGION,
        caIdentifier: caByRegion[SINGLE_REGION],
        thumbprint,
        outdir,
        libPath: LIB_PATH,
        report: withReport,
      }), work);
      const caseRows = synthRows(c, rowDefs, resources);
      rows.push(...caseRows);
      const like = caseRows[3];
      const likeConstruct = caseRows[4];
      report.goals.push({
        goal: `${name}: construct+synth ratio ≤ ${GOAL_RATIO}× like for like (deployTimeCheck: false vs hand-written)`,
        result: `${ratioResult(like)}; against the hand-written Construct ${ratioResult(likeConstruct)}`,
        met: like.ratio! <= GOAL_RATIO,
      });
      report.notes.push(`${name}: load average ${c.loadBefore} before, ${c.loadAfter} after.`);
    }
  }
  const body = [
    synthTable(rows),
    '',
    'Resources: Terraform resources + data sources. `deployTimeCheck: false` creates exactly what the hand-written app ' +
      'writes (parameter group, cluster, instances with ca_cert_identifier, storage_encrypted), so that row is the construct\'s pure overhead. ' +
      'The hand-written app writes every resource in the stack itself; a construct library cannot (its resources are its children), and ' +
      'cdktf gives a nested resource a hashed logical id and a longer path: the "one Construct per cluster" row measures that cost with ' +
      'hand-written code, and the row against it is what aurora-tls itself adds. ' +
      'With the defaults the construct adds the plan-time checks (data.aws_rds_certificate, data.aws_rds_engine_version x 2, ' +
      'the preconditions) and the shared TrustBundle; the hand-written + check app writes only the CA check, so that row is information. ' +
      'CDK Terrain runs the same apps with cdktf module names mapped to cdktn (scripts/tf-frameworks.ts) and aurora-tls/cdktn.',
  ].join('\n');
  report.sections.push({ title: '2. Terraform synth overhead (CDK for Terraform and CDK Terrain)', body });
}

function footprintSection(report: Report, work: string, caByRegion: { [region: string]: string }): void {
  log(`deploy-time footprint (load ${load()})`);
  const lines = [
    '| Clusters per stack | Lambda functions | Lambda layers | Custom resources | S3 buckets | DB instances | Staged assets in cdk.out | Asset bytes |',
    '|---:|---:|---:|---:|---:|---:|---:|---:|',
  ];
  let lambdaOk = true;
  let layerOk = true;
  let assetOk = true;
  let maxAsset = 0;
  const runtimes = new Set<string>();
  for (const clusters of FOOTPRINT_CLUSTERS) {
    const outdir = join(work, `footprint-${clusters}`);
    const { result } = runCase<CdkSynthResult>(script('cdk-synth'), {
      variant: CdkVariant.LIB, clusters, regions: [SINGLE_REGION], caByRegion, outdir, libPath: LIB_PATH, report: true,
    } satisfies CdkSynthSpec);
    rmSync(outdir, { recursive: true, force: true });
    const s = result.report!.perStack[0];
    s.lambdaRuntimes.forEach((r) => runtimes.add(r));
    lambdaOk &&= s.lambdaFunctions === 1;
    layerOk &&= s.lambdaLayers === 0;
    assetOk &&= result.report!.assetBytes <= GOAL_ASSET_BYTES;
    maxAsset = Math.max(maxAsset, result.report!.assetBytes);
    lines.push(`| ${clusters} | ${s.lambdaFunctions} | ${s.lambdaLayers} | ${s.customResources} | ${s.buckets} | ${s.dbInstances} | ` +
      `${result.report!.assetCount} | ${result.report!.assetBytes.toLocaleString('en-US')} (${kb(result.report!.assetBytes)}) |`);
  }
  report.goals.push(
    { goal: 'Lambda functions per stack: 1 for N = 1, 3, 20', result: lambdaOk ? '1 for every N' : 'see the footprint table', met: lambdaOk },
    { goal: 'Lambda layers per stack: 0 for any N', result: layerOk ? '0' : 'see the footprint table', met: layerOk },
    { goal: `Total asset bytes ≤ ${kb(GOAL_ASSET_BYTES)}`, result: kb(maxAsset), met: assetOk },
  );

  // Cold require of the shipped handler, and of the SDK clients it keeps external, in fresh processes.
  const asset: number[] = [];
  const sdk: number[] = [];
  const trust: number[] = [];
  let certificates = 0;
  for (let i = 0; i < RUNS.fresh; i++) {
    for (const what of (i % 2 === 0 ? ['asset', 'sdk'] : ['sdk', 'asset']) as Array<'asset' | 'sdk'>) {
      const { result } = runCase<HandlerRequireResult>(script('handler-require'), { what, assetPath: ASSET } satisfies HandlerRequireSpec);
      if (what === 'sdk') {
        sdk.push(result.requireMs);
      } else {
        asset.push(result.requireMs);
        trust.push(result.firstTrustStoreMs!);
        certificates = result.certificates!;
      }
    }
  }
  const assetFiles = readdirSync(dirname(ASSET)).map((f) => `${f} ${kb(statSync(join(dirname(ASSET), f)).size)}`).join(', ');
  const handler = [
    '| Fresh process (Node ' + process.version + '), ms | Runs | min / median / max |',
    '|---|---:|---:|',
    `| \`require\` of the bundled handler (assets/lib/handler/ca-check.lambda/index.js) | ${asset.length} | ${ms(summarize(asset), 1)} |`,
    `| of which the external AWS SDK v3 clients (rds, s3, ssm), alone in a fresh process | ${sdk.length} | ${ms(summarize(sdk), 1)} |`,
    `| the handler's own code: difference of the medians | | ${ownCode(median(asset) - median(sdk))} |`,
    `| first \`bundledTrustStore()\` after the require (parses ${certificates} certificates, first invocation only) | ${trust.length} | ${ms(summarize(trust), 1)} |`,
  ].join('\n');
  report.sections.push({
    title: '3. Deploy-time footprint (TlsAuroraCluster with defaults, one stack)',
    body: [
      lines.join('\n'),
      '',
      `The handler asset: ${assetFiles}. \`@aws-sdk/*\` is external: the function's runtime (${[...runtimes].join(', ') || 'none found'}) provides it; here, on Node ${process.version}, ` +
        'it is resolved from the repository\'s node_modules, so the SDK row is an estimate of what the runtime pays anyway.',
      '',
      handler,
    ].join('\n'),
  });
}

/** A difference of medians; a negative one is noise (the SDK alone cannot cost more than the handler with it). */
function ownCode(difference: number): string {
  return difference >= 0 ? difference.toFixed(1) : `≈ 0 (${difference.toFixed(1)}: within the noise)`;
}

function catalogSection(report: Report): void {
  log(`catalog and trust store (load ${load()})`);
  const ops: number[] = [];
  const first: number[] = [];
  let pairs = 0;
  for (let p = 0; p < RUNS.catalogProcesses; p++) {
    const { result } = runCase<CatalogResult>(script('catalog'), {
      libPath: LIB_PATH, iterations: CATALOG_ITERATIONS, rounds: RUNS.catalogRounds,
    } satisfies CatalogSpec);
    if (result.available === 0) throw new Error('bench: isAvailable never answered true; the loop measured nothing');
    ops.push(...result.opsPerSecond);
    first.push(result.firstCallMs);
    pairs = result.pairs;
  }
  const trustRegion: number[] = [];
  const trustFull: number[] = [];
  const trustSecond: number[] = [];
  const requireMs: number[] = [];
  let same = true;
  let certificates = 0;
  for (let i = 0; i < RUNS.fresh; i++) {
    const { result } = runCase<TrustStoreResult>(script('trust-store'), { libPath: LIB_PATH, region: SINGLE_REGION } satisfies TrustStoreSpec);
    trustRegion.push(result.firstRegionMs);
    trustFull.push(result.firstRegionMs + result.restMs);
    trustSecond.push(result.secondMs);
    requireMs.push(result.requireMs);
    same &&= result.sameObject;
    certificates = result.certificates;
  }
  const opsSummary = summarize(ops);
  const body = [
    '| Measure | Runs | min / median / max |',
    '|---|---:|---:|',
    `| \`RegionCatalog.isAvailable\`, ${CATALOG_ITERATIONS.toLocaleString('en-US')} calls cycling through ${pairs} region x CA pairs, ops/s ` +
      `| ${ops.length} rounds in ${RUNS.catalogProcesses} processes | ${[opsSummary.min, opsSummary.median, opsSummary.max].map((v) => Math.round(v).toLocaleString('en-US')).join(' / ')} |`,
    `| first \`isAvailable\` in a fresh process (builds the region index), ms | ${first.length} | ${ms(summarize(first), 3)} |`,
    `| \`require('aurora-tls')\` (dist/, core + AWS CDK constructs, tf lazy), ms | ${requireMs.length} | ${ms(summarize(requireMs), 1)} |`,
    `| first \`TrustStore.bundled().rootsFor('${SINGLE_REGION}')\` in a fresh process (what a construct needs), ms | ${trustRegion.length} | ${ms(summarize(trustRegion), 1)} |`,
    `| first full parse in a fresh process (the above, then \`.certificates\`: all ${certificates} certificates), ms | ${trustFull.length} | ${ms(summarize(trustFull), 1)} |`,
    `| second \`TrustStore.bundled()\`, ms | ${trustSecond.length} | ${ms(summarize(trustSecond), 4)} |`,
    '',
    `The second call returned the same TrustStore object in ${same ? 'every' : '**not every**'} process (parsed once per process).`,
  ].join('\n');
  report.goals.push({ goal: 'TrustStore parsed once per process (second call free, same object)', result: `second call median ${median(trustSecond).toFixed(4)} ms`, met: same && median(trustSecond) < 0.1 });
  report.sections.push({ title: '5. Catalog and trust store', body });
}

function auditSection(report: Report, work: string): void {
  const clusters = AUDIT_RESOURCES / 5;
  const json = join(work, 'audit-5000.template.json');
  const yaml = join(work, 'audit-5000.template.yaml');
  writeFileSync(json, JSON.stringify(auditTemplate(clusters), undefined, 1));
  writeFileSync(yaml, auditTemplateYaml(clusters));
  const cli = join(LIB_PATH, 'cli', 'aurora-tls.js');
  log(`audit: ${AUDIT_RESOURCES} resources, JSON and YAML, ${RUNS.audit} runs each (load ${load()})`);
  const rows: string[] = [];
  for (const [label, file] of [['JSON', json], ['YAML (short forms)', yaml]] as const) {
    const wall: number[] = [];
    let findings = 0;
    for (let i = 0; i < RUNS.audit; i++) {
      const started = process.hrtime.bigint();
      const result = spawnSync(process.execPath, [cli, 'audit', file, '--region', 'ap-south-1', '--json'], {
        encoding: 'utf8', maxBuffer: 256 * 1024 * 1024, env: childEnv(),
      });
      wall.push(Number(process.hrtime.bigint() - started) / 1e6);
      if (result.status !== 1) throw new Error(`bench: aurora-tls audit ${file} exited ${result.status}, expected 1 (findings): ${result.stderr}`);
      findings = JSON.parse(result.stdout).findings.length;
    }
    const s = summarize(wall);
    rows.push(`| ${label} | ${(statSync(file).size / 1_000_000).toFixed(2)} MB | ${findings.toLocaleString('en-US')} | ${wall.length} | ${ms(s)} |`);
    report.goals.push({
      goal: `\`aurora-tls audit\` of a ${AUDIT_RESOURCES.toLocaleString('en-US')}-resource ${label} template within ${GOAL_AUDIT_MS / 1000} s`,
      result: `median ${(s.median / 1000).toFixed(2)} s (max ${(s.max / 1000).toFixed(2)} s)`,
      met: s.max < GOAL_AUDIT_MS,
    });
  }
  const body = [
    `A generated template of ${AUDIT_RESOURCES.toLocaleString('en-US')} resources (${clusters.toLocaleString('en-US')} Aurora clusters, each with its ` +
      'parameter group and three DB instances, with weak TLS, unpinned, retired, unavailable and parameter-given CAs spread over them; ' +
      'bench/apps/audit-template.ts). Each run is a fresh `node dist/cli/aurora-tls.js audit FILE --region ap-south-1 --json` process, ' +
      'timed from spawn to exit: what a CI step pays.',
    '',
    '| Template | Size | Findings | Runs | process wall ms (min / median / max) |',
    '|---|---:|---:|---:|---:|',
    ...rows,
  ].join('\n');
  report.sections.push({ title: '6. Audit speed', body });
}

function installSection(report: Report, work: string): void {
  log(`install footprint: npm pack and six npm installs into ${work} (load ${load()})`);
  const packed = pack(ROOT, work);
  const cdkDeps = [`aws-cdk-lib@${CDK_VERSION}`, `constructs@${CONSTRUCTS_VERSION}`];
  const tfDeps = [`cdktf@${CDKTF_VERSION}`, `@cdktf/provider-aws@${PROVIDER_AWS_VERSION}`, `constructs@${CONSTRUCTS_VERSION}`];
  const tnDeps = [`cdktn@${CDKTN_VERSION}`, `@cdktn/provider-aws@${CDKTN_PROVIDER_AWS_VERSION}`, `constructs@${CONSTRUCTS_VERSION}`];
  const cdkBase = consumer(work, 'cdk-baseline', cdkDeps);
  const cdkOnly = consumer(work, 'cdk-only', [packed.tarball, ...cdkDeps]);
  const tfBase = consumer(work, 'cdktf-baseline', tfDeps);
  const tfUser = consumer(work, 'cdktf-only', [packed.tarball, ...tfDeps]);
  const tnBase = consumer(work, 'cdktn-baseline', tnDeps);
  const tnUser = consumer(work, 'cdktn-only', [packed.tarball, ...tnDeps]);

  const works = (c: typeof cdkBase, entry: string, member: string): string => {
    try {
      execFileSync(process.execPath, ['-e',
        `const at = require('${entry}'); if (typeof at.${member} !== 'function') process.exit(3); ` +
        "if (Object.keys(require.cache).some((k) => /node_modules[\\\\/]aws-cdk-lib[\\\\/]/.test(k)) && !'" + entry + "'.endsWith('aurora-tls')) process.exit(4);"],
      { cwd: c.dir, stdio: ['ignore', 'pipe', 'pipe'], env: childEnv() });
      return 'yes';
    } catch (e) {
      return `**no**: ${String((e as { stderr?: Buffer }).stderr ?? e).split('\n').find((l) => /Error/.test(l)) ?? 'see stderr'}`;
    }
  };
  const auroraBytes = packageBytes(cdkOnly, 'aurora-tls');
  const noTerraform = !['cdktf', '@cdktf/provider-aws', 'cdktn', '@cdktn/provider-aws'].some((p) => cdkOnly.has[p]);
  const noCdkLib = !tfUser.has['aws-cdk-lib'] && !tnUser.has['aws-cdk-lib'];
  const row = (c: typeof cdkBase, base?: typeof cdkBase) =>
    `| ${c.name} | ${c.deps.map((d) => (d.endsWith('.tgz') ? 'aurora-tls (packed)' : d)).join(', ')} | ${c.bytes.toLocaleString('en-US')} (${mb(c.bytes)}) | ` +
    `${base ? `+${(c.bytes - base.bytes).toLocaleString('en-US')} (${mb(c.bytes - base.bytes)})` : 'baseline'} | ` +
    `${['aws-cdk-lib', 'cdktf', '@cdktf/provider-aws', 'cdktn', '@cdktn/provider-aws'].filter((p) => c.has[p]).join(', ') || '-'} | ${c.installSeconds.toFixed(0)} s |`;
  const body = [
    '| Consumer | Installs | `du -sb node_modules` | Δ | Frameworks present | npm install |',
    '|---|---|---:|---:|---|---:|',
    row(cdkBase),
    row(cdkOnly, cdkBase),
    row(tfBase),
    row(tfUser, tfBase),
    row(tnBase),
    row(tnUser, tnBase),
    '',
    `\`require('aurora-tls')\` in the CDK-only consumer works: ${works(cdkOnly, 'aurora-tls', 'TlsAuroraCluster')}. ` +
      `\`require('aurora-tls/tf')\` in the cdktf-only consumer works without loading aws-cdk-lib: ${works(tfUser, 'aurora-tls/tf', 'TlsAuroraCluster')}. ` +
      `\`require('aurora-tls/cdktn')\` in the cdktn-only consumer: ${works(tnUser, 'aurora-tls/cdktn', 'TlsAuroraCluster')}. ` +
      `node_modules/aurora-tls itself: ${auroraBytes.toLocaleString('en-US')} bytes (${mb(auroraBytes)}).`,
    '',
    `The tarball: ${packed.files.length} files, ${kb(packed.size)} packed, ${kb(packed.unpackedSize)} unpacked. By top-level path (unpacked):`,
    '',
    '| Path | Bytes |',
    '|---|---:|',
    ...packed.byTopLevel.map(([p, b]) => `| \`${p}\` | ${b.toLocaleString('en-US')} |`),
  ].join('\n');
  const cdkDelta = cdkOnly.bytes - cdkBase.bytes;
  report.goals.push(
    { goal: `CDK-only consumer: node_modules within ${mb(GOAL_INSTALL_BYTES)} of aws-cdk-lib + constructs alone`, result: `+${mb(cdkDelta)}`, met: cdkDelta <= GOAL_INSTALL_BYTES },
    { goal: 'CDK-only consumer: no Terraform framework installed', result: noTerraform ? 'none' : 'a Terraform framework installed', met: noTerraform },
    { goal: 'Terraform-only consumers (cdktf, CDK Terrain): no aws-cdk-lib installed', result: noCdkLib ? 'none' : 'aws-cdk-lib installed', met: noCdkLib },
    { goal: 'cdktf-only consumer (information)', result: `+${mb(tfUser.bytes - tfBase.bytes)} over cdktf + provider-aws + constructs`, met: undefined },
    { goal: 'cdktn-only consumer (information)', result: `+${mb(tnUser.bytes - tnBase.bytes)} over cdktn + provider-aws + constructs`, met: undefined },
  );
  report.sections.push({ title: '4. Install footprint', body });
}

function render(report: Report, started: Date, finished: Date, loadAtStart: string): string {
  const cpu = cpus();
  let commit = 'unknown';
  let dirty = '';
  try {
    commit = execFileSync('git', ['rev-parse', '--short', 'HEAD'], { cwd: ROOT, encoding: 'utf8' }).trim();
    dirty = execFileSync('git', ['status', '--porcelain', '--', 'lib'], { cwd: ROOT, encoding: 'utf8' }).trim() ? ' (lib/ has uncommitted changes)' : '';
  } catch {
    // not a git checkout
  }
  const goalLines = report.goals.map((g) => `| ${g.goal} | ${g.result} | ${g.met === undefined ? 'info' : yesNo(g.met)} |`);
  return [
    '# aurora-tls benchmark results',
    '',
    `Written by \`npx projen bench\` (bench/run.ts${args.length ? ` ${args.join(' ')}` : ''}); do not edit by hand.${QUICK ? ' **Quick run: few repetitions.**' : ''}`,
    '',
    '## Machine',
    '',
    `- CPU: ${cpu[0]?.model ?? 'unknown'}, ${cpu.length} cores (shared with other work: load average ${loadAtStart} at the start, ${load()} at the end)`,
    `- Memory: ${(totalmem() / 2 ** 30).toFixed(1)} GiB (${(freemem() / 2 ** 30).toFixed(1)} GiB free at the end)`,
    `- Node ${process.version} on ${process.platform} ${release()}`,
    `- Date: ${started.toISOString()} to ${finished.toISOString()}`,
    `- Commit: ${commit}${dirty}; library loaded from ${relative(ROOT, LIB_PATH) || LIB_PATH} (the compiled package)`,
    '',
    '## Method',
    '',
    '- Each synth measurement is a separate `node` process running a bench/cases script (transpiled once, no ts-node): ' +
      '"construct+synth" is timed inside the process around building the app and `app.synth()`; "process wall" is spawn to exit ' +
      '(node start-up, module loading, writing the assembly). Synth cases run with `node --expose-gc` and collect the garbage of ' +
      'module loading just before the timer starts, so that its collection does not fall at random inside one variant\'s timed window.',
    '- Every variant runs once untimed (warm-up, also counting the resources), then in rounds whose order rotates. ' +
      'A ratio is the median, over the rounds, of library time / hand-written time of the same round.',
    '- The apps (bench/apps/) use the same engine (Aurora PostgreSQL 16.4), two provisioned instances per cluster (writer and reader), ' +
      'the same imported VPC and the same CA per region (`CaSelection.preferred([ECC384_G1, RSA2048_G1])` resolved; the hand-written apps ' +
      'use the literal). test/bench/bench-cases.test.ts checks that they stay equivalent.',
    '- aws-cdk-lib 2.276 runs its built-in CloudFormation validation (a WebAssembly engine) inside `app.synth()`, in every variant, as ' +
      '`cdk synth` does for users; profiled here, it is most of the CDK synth time (about 1.1 s to start per process, then more per resource). ' +
      'The "construct only" ratio leaves it out.',
    '- Sizes: 1 KB = 1,000 bytes, 1 MB = 1,000,000 bytes.',
    '',
    ...[...report.sections].sort((a, b) => a.title.localeCompare(b.title)).flatMap((s) => [`## ${s.title}`, '', s.body, '']),
    '## Goals',
    '',
    '| Goal | Result | Status |',
    '|---|---|---|',
    ...goalLines,
    '',
    'A synth ratio is the median of the pairwise ratios; "pairs" is their range over the rounds. Where the range straddles the goal, ' +
      'the verdict is within the run-to-run noise of this shared machine.',
    '',
    ...(report.notes.length ? ['## Notes', '', ...report.notes.map((n) => `- ${n}`), ''] : []),
  ].join('\n');
}

main();
