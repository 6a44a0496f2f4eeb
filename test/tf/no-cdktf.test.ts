// The `tf` submodule costs nothing to AWS CDK users: the packed package installs and works in a CDK-only project
// without cdktf and @cdktf/provider-aws (optional peer dependencies), and `tf` fails with a clear message only when
// accessed. A second project with cdktf proves the packed `tf` works. Both install sizes are reported.
//
// Needs the jsii compile: compiles (`npx projen compile`) when dist/ is missing or older than lib/. Uses the npm
// registry through the local cache (`--prefer-offline`). Takes about 20-60 s on 2 cores (more when it compiles).
import { execFileSync } from 'child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import { LAZY_MARKER, makeTfLazy } from '../../scripts/lazy-tf';

const ROOT = join(__dirname, '..', '..');
const PKG = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8'));
const CDK_VERSION = '2.276.0';
const CDKTF_VERSION = '0.21.0';
const PROVIDER_AWS_VERSION = '21.22.1';
const TF_MESSAGE =
  "aurora-tls: the 'tf' submodule (CDK for Terraform constructs) needs the optional peer dependencies cdktf and @cdktf/provider-aws, " +
  `which are not installed; run: npm install cdktf@${PKG.peerDependencies.cdktf} @cdktf/provider-aws@${PKG.peerDependencies['@cdktf/provider-aws']}. ` +
  'The core API and the AWS CDK constructs do not need them.';

/** What the lead adds to .projenrc.ts for the package to be right; quoted in failure messages. */
const PROJENRC_FIX =
  "in .projenrc.ts: `entrypoint: 'dist/index.js'` in the project options; `project.npmignore?.removePatterns('dist');` " +
  "(projen's jsii-pacmak convention drops libdir 'dist' from the package; today only the bin entry keeps it); " +
  "`project.addPackageIgnore('/cdk.out'); project.addPackageIgnore('/cdk.json');` and " +
  "`project.compileTask.exec('ts-node --transpile-only --project tsconfig.tools.json scripts/lazy-tf.ts');`";

const timings: { [step: string]: number } = {};
const sizes: { [consumer: string]: string } = {};
let work: string;
let tarball: string;
let packed: string[];

function timed<T>(step: string, fn: () => T): T {
  const start = Date.now();
  try {
    return fn();
  } finally {
    timings[step] = Math.round((Date.now() - start) / 100) / 10;
  }
}

/** Child-process environment without the npm_package_* / npm_lifecycle_* variables of a parent `npm test`. */
function cleanEnv(): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { JSII_SILENCE_WARNING_END_OF_LIFE_NODE_VERSION: '20' };
  for (const [k, v] of Object.entries(process.env)) {
    if (!k.startsWith('npm_package_') && !k.startsWith('npm_lifecycle_')) env[k] = v;
  }
  return env;
}

function run(cmd: string, args: string[], cwd: string): string {
  try {
    return execFileSync(cmd, args, { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], env: cleanEnv(), maxBuffer: 64 * 1024 * 1024 });
  } catch (e) {
    const err = e as { stdout?: string; stderr?: string; message: string };
    throw new Error(`${cmd} ${args.join(' ')} failed in ${cwd}:\n${err.stderr ?? ''}\n${err.stdout ?? ''}\n${err.message}`);
  }
}

function newestMtime(dir: string): number {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) newest = Math.max(newest, newestMtime(path));
    else if (entry.name.endsWith('.ts')) newest = Math.max(newest, statSync(path).mtimeMs);
  }
  return newest;
}

/** A fresh npm project in `work` with the packed aurora-tls and `deps`; returns its directory. */
function consumer(name: string, deps: string[]): string {
  const dir = join(work, name);
  run('mkdir', ['-p', dir], work);
  writeFileSync(join(dir, 'package.json'), JSON.stringify({ name, version: '1.0.0', private: true }));
  timed(`npm install (${name})`, () => run('npm', ['install', '--no-audit', '--no-fund', '--prefer-offline', tarball, ...deps], dir));
  sizes[name] = run('du', ['-sh', 'node_modules'], dir).split('\t')[0];
  return dir;
}

beforeAll(() => {
  // GIVEN the compiled package, made lazy as the compile task does
  const jsii = join(ROOT, '.jsii');
  if (!existsSync(join(ROOT, 'dist', 'index.js')) || !existsSync(jsii) || statSync(jsii).mtimeMs < newestMtime(join(ROOT, 'lib'))) {
    timed('npx projen compile', () => run('npx', ['projen', 'compile'], ROOT));
  }
  const index = join(ROOT, 'dist', 'index.js');
  const source = readFileSync(index, 'utf8');
  const lazy = makeTfLazy(source, { cdktf: PKG.peerDependencies.cdktf, providerAws: PKG.peerDependencies['@cdktf/provider-aws'] });
  if (lazy !== source) writeFileSync(index, lazy);

  // WHEN it is packed as npm would publish it
  work = mkdtempSync(join(tmpdir(), 'aurora-tls-pack-'));
  const [result] = JSON.parse(timed('npm pack', () => run('npm', ['pack', '--json', '--pack-destination', work], ROOT)));
  tarball = join(work, result.filename);
  packed = result.files.map((f: { path: string }) => f.path);
}, 300_000);

afterAll(() => {
  if (work) rmSync(work, { recursive: true, force: true });
  process.stdout.write(`no-cdktf: timings (s) ${JSON.stringify(timings)}; node_modules sizes ${JSON.stringify(sizes)}\n`);
});

test('the compile task makes the tf submodule lazy (scripts/lazy-tf.ts)', () => {
  const tasks = JSON.parse(readFileSync(join(ROOT, '.projen', 'tasks.json'), 'utf8')).tasks;
  const steps: Array<{ exec?: string }> = tasks.compile.steps;
  if (!steps.some((s) => s.exec?.includes('scripts/lazy-tf.ts'))) {
    throw new Error(`The compile task does not run scripts/lazy-tf.ts, so dist/index.js requires cdktf eagerly; add ${PROJENRC_FIX}`);
  }
});

test('the package ships the compiled code, and main points into it', () => {
  const main: string = PKG.main;
  if (!packed.includes(main) || !packed.includes('dist/tf/index.js')) {
    throw new Error(
      `npm pack does not ship ${main} (package.json "main") and dist/tf/index.js (it has ${packed.filter((p) => p.startsWith('dist/')).length} ` +
        `files under dist/): the package cannot be required; ${PROJENRC_FIX}`,
    );
  }
  expect(readFileSync(join(ROOT, 'dist', 'index.js'), 'utf8')).toContain(LAZY_MARKER);
  expect(packed).toContain('data/rds-truststore/global-bundle.pem');
  expect(packed.filter((p) => p.startsWith('lib/') || p.startsWith('test/') || p.startsWith('cdk.out/'))).toEqual([]);
});

describe('consumers of the packed package', () => {
  test('a CDK-only project (no cdktf): require works, the CDK construct works, tf fails clearly only on access', () => {
    // GIVEN
    const dir = consumer('cdk-only', [`aws-cdk-lib@${CDK_VERSION}`, 'constructs@^10.5.1']);
    expect(existsSync(join(dir, 'node_modules', 'cdktf'))).toBe(false);
    expect(existsSync(join(dir, 'node_modules', '@cdktf'))).toBe(false);

    // WHEN
    writeFileSync(join(dir, 'app.js'), `
      const cdktfModules = () => Object.keys(require.cache).filter((k) => /node_modules[\\\\/](cdktf|@cdktf)[\\\\/]/.test(k)).length;
      const at = require('aurora-tls');
      const out = { regions: at.RegionCatalog.regions().length, exportsTf: Object.keys(at).includes('tf') };
      const { App, Stack } = require('aws-cdk-lib');
      const ec2 = require('aws-cdk-lib/aws-ec2');
      const rds = require('aws-cdk-lib/aws-rds');
      const app = new App({ outdir: require('path').join(__dirname, 'cdk.out') });
      const stack = new Stack(app, 'S', { env: { account: '111111111111', region: 'eu-central-2' } });
      const vpc = ec2.Vpc.fromVpcAttributes(stack, 'Vpc', {
        vpcId: 'vpc-1', availabilityZones: ['eu-central-2a', 'eu-central-2b'], privateSubnetIds: ['subnet-1', 'subnet-2'],
      });
      const db = new at.TlsAuroraCluster(stack, 'Db', {
        engine: rds.DatabaseClusterEngine.auroraPostgres({ version: rds.AuroraPostgresEngineVersion.VER_16_4 }),
        writer: rds.ClusterInstance.provisioned('Writer'),
        vpc,
        certificateAuthority: at.CaSelection.preferred([at.CertificateAuthority.ECC384_G1, at.CertificateAuthority.RSA2048_G1]),
      });
      app.synth();
      out.ca = db.certificateAuthorityIdentifier;
      out.cdktfModulesBeforeTf = cdktfModules();
      try { at.tf; out.tf = 'loaded'; } catch (e) { out.tfError = e.message; }
      out.cdktfModulesAfterTf = cdktfModules();
      process.stdout.write(JSON.stringify(out));
    `);
    const out = JSON.parse(run('node', ['app.js'], dir));

    // THEN
    expect(out).toEqual({
      regions: expect.any(Number),
      exportsTf: true,
      ca: 'rds-ca-rsa2048-g1',
      cdktfModulesBeforeTf: 0,
      tfError: TF_MESSAGE,
      cdktfModulesAfterTf: 0,
    });

    // AND a TypeScript app with the `cdk init` compiler settings (skipLibCheck) type-checks
    writeFileSync(join(dir, 'app.ts'), "import { CaSelection, CertificateAuthority, RegionCatalog } from 'aurora-tls';\n" +
      'export const ca: string = CaSelection.preferred([CertificateAuthority.ECC384_G1]).resolve(RegionCatalog.regions()[0]).identifier;\n');
    run(join(ROOT, 'node_modules', '.bin', 'tsc'), ['--noEmit', '--strict', '--skipLibCheck', '--module', 'node16', '--moduleResolution', 'node16',
      '--types', 'node', '--typeRoots', join(ROOT, 'node_modules', '@types'), 'app.ts'], dir);
  }, 300_000);

  test('a cdktf project: tf.TlsAuroraCluster synthesizes from the packed package', () => {
    // GIVEN
    const dir = consumer('cdktf', [`cdktf@${CDKTF_VERSION}`, `@cdktf/provider-aws@${PROVIDER_AWS_VERSION}`, 'constructs@^10.5.1']);

    // WHEN
    writeFileSync(join(dir, 'main.js'), `
      const { tf, AuroraEngine, CaSelection, CertificateAuthority } = require('aurora-tls');
      const { App, TerraformStack } = require('cdktf');
      const { AwsProvider } = require('@cdktf/provider-aws/lib/provider');
      const app = new App({ outdir: require('path').join(__dirname, 'cdktf.out') });
      const stack = new TerraformStack(app, 'Db');
      new AwsProvider(stack, 'aws', { region: 'ap-south-1' });
      const db = new tf.TlsAuroraCluster(stack, 'Db', {
        engine: AuroraEngine.AURORA_POSTGRESQL, engineVersion: '16.4', instanceClass: 'db.r6g.large',
        certificateAuthority: CaSelection.preferred([CertificateAuthority.ECC384_G1, CertificateAuthority.RSA2048_G1]),
      });
      app.synth();
      process.stdout.write(JSON.stringify({ ca: db.certificateAuthorityIdentifier }));
    `);
    const out = JSON.parse(run('node', ['main.js'], dir));

    // THEN
    expect(out).toEqual({ ca: 'rds-ca-rsa2048-g1' });
    const config = JSON.parse(readFileSync(join(dir, 'cdktf.out', 'stacks', 'Db', 'cdk.tf.json'), 'utf8'));
    for (const instance of Object.values(config.resource.aws_rds_cluster_instance) as Array<{ ca_cert_identifier: string }>) {
      expect(instance.ca_cert_identifier).toBe('rds-ca-rsa2048-g1');
    }
  }, 300_000);
});
