// The Terraform layer costs nothing to AWS CDK users: the packed package installs and works in a CDK-only project
// without cdktf and @cdktf/provider-aws (not dependencies of the package), and the Terraform layer (TypeScript-only,
// `aurora-tls/dist/tf`, not exported from the root) needs them only when loaded. A second project with cdktf proves
// the packed layer works. Both install sizes are reported.
//
// Needs the jsii compile: compiles (`npx projen compile`) when dist/ is missing or older than lib/ (scripts/pack.ts).
// Uses the npm registry through the local cache (`--prefer-offline`). Takes about 20-60 s on 2 cores.
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import { ensureCompiled, installConsumer, pack, REPO_ROOT as ROOT, sh } from '../../scripts/pack';

const PKG = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8'));
const CDK_VERSION = '2.276.0';
const CDKTF_VERSION = '0.21.0';
const PROVIDER_AWS_VERSION = '21.22.1';

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

const run = sh;

/** A fresh npm project in `work` with the packed aurora-tls and `deps`; returns its directory. */
function consumer(name: string, deps: string[]): string {
  const dir = timed(`npm install (${name})`, () => installConsumer(work, name, [tarball, ...deps]));
  sizes[name] = run('du', ['-sh', 'node_modules'], dir).split('\t')[0];
  return dir;
}

beforeAll(() => {
  // GIVEN the compiled package (compiled now if dist/ is older than lib/)
  timed('npx projen compile (if needed)', () => ensureCompiled(ROOT));

  // WHEN it is packed as npm would publish it
  work = mkdtempSync(join(tmpdir(), 'aurora-tls-pack-'));
  const result = timed('npm pack', () => pack(ROOT, work));
  tarball = result.tarball;
  packed = result.files;
}, 300_000);

afterAll(() => {
  if (work) rmSync(work, { recursive: true, force: true });
  process.stdout.write(`no-cdktf: timings (s) ${JSON.stringify(timings)}; node_modules sizes ${JSON.stringify(sizes)}\n`);
});

test('the package ships the compiled code, the Terraform layer included, and declares no cdktf dependency', () => {
  expect(packed).toContain(PKG.main);
  expect(packed).toContain('dist/tf/index.js');
  expect(packed).toContain('data/rds-truststore/global-bundle.pem');
  expect(packed.filter((p) => p.startsWith('lib/') || p.startsWith('test/') || p.startsWith('cdk.out/'))).toEqual([]);
  // jsii puts every peer dependency into the assembly (and so into the Python, Java, .NET and Go packages).
  expect(Object.keys({ ...PKG.dependencies, ...PKG.peerDependencies }).filter((d) => /cdktf/.test(d))).toEqual([]);
});

describe('consumers of the packed package', () => {
  test('a CDK-only project (no cdktf): require works, the CDK construct works, the Terraform layer needs cdktf', () => {
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
      try { require('aurora-tls/dist/tf'); out.tf = 'loaded'; } catch (e) { out.tfError = e.message.split('\\n')[0]; }
      out.cdktfModulesAfterTf = cdktfModules();
      process.stdout.write(JSON.stringify(out));
    `);
    const out = JSON.parse(run('node', ['app.js'], dir));

    // THEN
    expect(out).toEqual({
      regions: expect.any(Number),
      exportsTf: false,
      ca: 'rds-ca-rsa2048-g1',
      cdktfModulesBeforeTf: 0,
      tfError: expect.stringMatching(/^Cannot find module '(cdktf|@cdktf\/provider-aws\/lib\/[a-z-]+)'$/),
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
      const { AuroraEngine, CaSelection, CertificateAuthority } = require('aurora-tls');
      const tf = require('aurora-tls/dist/tf');
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
