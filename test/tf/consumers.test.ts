// The packed package, as npm would publish it, installed into fresh projects (scripts/pack.ts, shared with the
// install-footprint bench):
// - a CDK-only project installs neither Terraform framework, and `aurora-tls` works there, its executable too;
// - a Terraform-only project (cdktf and CDK Terrain, no aws-cdk-lib) uses `aurora-tls/tf` and `aurora-tls/cdktn`:
//   each synthesizes, loads only its own framework and no aws-cdk-lib module, and type-checks with TypeScript's
//   moduleResolution node10 and node16.
// Compiles first when dist/ is missing or older than lib/. Uses the npm registry through the local cache.
import { spawnSync } from 'child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import { consumer, Consumer, ensureCompiled, pack, Packed, sh } from '../../scripts/pack';

const ROOT = join(__dirname, '..', '..');
const CDK = 'aws-cdk-lib@2.276.0';
const CONSTRUCTS = 'constructs@10.7.0';
const TERRAFORM = ['cdktf@0.21.0', '@cdktf/provider-aws@21.22.1', 'cdktn@0.24.0', '@cdktn/provider-aws@25.7.0'];
const TSC = join(ROOT, 'node_modules', '.bin', 'tsc');

let work: string;
let packed: Packed;
let files: string[];

beforeAll(() => {
  ensureCompiled(ROOT);
  work = mkdtempSync(join(tmpdir(), 'aurora-tls-consumers-'));
  packed = pack(ROOT, work);
  files = sh('tar', ['-tzf', packed.tarball], work).split('\n');
}, 600_000);

afterAll(() => {
  if (work) rmSync(work, { recursive: true, force: true });
});

test('the package ships both Terraform builds and their subpath entries, and no source', () => {
  for (const file of ['dist/index.js', 'dist/tf/index.js', 'dist/tf/index.d.ts', 'dist/cdktn/index.js', 'dist/cdktn/index.d.ts', 'tf/package.json', 'cdktn/package.json']) {
    expect(files).toContain(`package/${file}`);
  }
  expect(files.filter((f) => /^package\/(lib|test|examples)\//.test(f))).toEqual([]);
  // The CDK Terrain build names only CDK Terrain packages.
  const cdktn = readFileSync(join(ROOT, 'dist', 'cdktn', 'tls-aurora-cluster.js'), 'utf8');
  expect(cdktn).toContain('require("@cdktn/provider-aws/lib/rds-cluster")');
  expect(cdktn).not.toMatch(/["'](cdktf|@cdktf\/provider-aws)(\/[^"']*)?["']/);
});

describe('consumers of the packed package', () => {
  test('a CDK-only project installs neither Terraform framework, and the CDK construct works', () => {
    // GIVEN
    const c = consumer(work, 'cdk-only', [packed.tarball, CDK, CONSTRUCTS]);
    expect(installed(c)).toEqual(['aurora-tls', 'aws-cdk-lib', 'constructs']);

    // WHEN
    writeFileSync(join(c.dir, 'app.js'), `
      const at = require('aurora-tls');
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
      process.stdout.write(JSON.stringify({ ca: db.certificateAuthorityIdentifier, tf: 'tf' in at }));
    `);

    // THEN
    expect(JSON.parse(sh('node', ['app.js'], c.dir))).toEqual({ ca: 'rds-ca-rsa2048-g1', tf: false });
    writeFileSync(join(c.dir, 'app.ts'), "import { CaSelection, CertificateAuthority, RegionCatalog } from 'aurora-tls';\n" +
      'export const ca: string = CaSelection.preferred([CertificateAuthority.ECC384_G1]).resolve(RegionCatalog.regions()[0]).identifier;\n');
    typeCheck(c, 'node16');

    // AND the installed executable audits a YAML template with no YAML parser installed (it is bundled into the CLI)
    expect(existsSync(join(c.dir, 'node_modules', 'yaml'))).toBe(false);
    const template = join(ROOT, 'test', 'cli', 'fixtures', 'audit', 'hand-written.yaml');
    const audit = spawnSync(join(c.dir, 'node_modules', '.bin', 'aurora-tls'), ['audit', template, '--region', 'ap-south-1'], { cwd: c.dir, encoding: 'utf8' });
    expect({ code: audit.status, stderr: audit.stderr }).toEqual({ code: 1, stderr: '' });
    expect(audit.stdout).toContain(`${template}:23: error OrdersCluster (AWS::RDS::DBCluster): Cluster parameter group 'OrdersParams': `);
    expect(audit.stdout).toContain('aurora-tls audit: 4 errors, 2 warnings in 1 file (2 Aurora clusters, 5 DB instances)');
    // and reads the vendored trust store from the package's data/
    const bundle = spawnSync(join(c.dir, 'node_modules', '.bin', 'aurora-tls'), ['bundle', 'us-east-1'], { cwd: c.dir, encoding: 'utf8' });
    expect(bundle.status).toBe(0);
    expect(bundle.stdout).toMatch(/^-----BEGIN CERTIFICATE-----\n/);
    expect(bundle.stdout).toBe(sh('node', [join(ROOT, 'dist', 'cli', 'aurora-tls.js'), 'bundle', 'us-east-1'], ROOT));
  }, 600_000);

  test('a Terraform-only project (cdktf and CDK Terrain): aurora-tls/tf and aurora-tls/cdktn synthesize without aws-cdk-lib', () => {
    // GIVEN
    const c = consumer(work, 'terraform-only', [packed.tarball, ...TERRAFORM, CONSTRUCTS]);
    expect(installed(c)).toEqual(['@cdktf/provider-aws', '@cdktn/provider-aws', 'aurora-tls', 'cdktf', 'cdktn', 'constructs']);

    for (const [entry, framework, other] of [['aurora-tls/tf', 'cdktf', 'cdktn'], ['aurora-tls/cdktn', 'cdktn', 'cdktf']]) {
      // WHEN
      writeFileSync(join(c.dir, `${framework}.js`), `
        const tf = require('${entry}');
        // The provider classes of the plan-time check and the trust bundle load on first use only.
        const atRequire = Object.keys(require.cache).map((k) => /provider-aws[\\\\/]lib[\\\\/]([^\\\\/]+)[\\\\/]/.exec(k)?.[1]).filter(Boolean).sort();
        const { App, TerraformStack } = require('${framework}');
        const { AwsProvider } = require('@${framework}/provider-aws/lib/provider');
        const app = new App({ outdir: require('path').join(__dirname, '${framework}.out') });
        const stack = new TerraformStack(app, 'Db');
        new AwsProvider(stack, 'aws', { region: 'ap-south-1' });
        const db = new tf.TlsAuroraCluster(stack, 'Db', {
          engine: tf.AuroraEngine.AURORA_POSTGRESQL, engineVersion: '16.4', instanceClass: 'db.r6g.large',
          certificateAuthority: tf.CaSelection.preferred([tf.CertificateAuthority.ECC384_G1, tf.CertificateAuthority.RSA2048_G1]),
        });
        app.synth();
        const loaded = (re) => Object.keys(require.cache).filter((k) => re.test(k)).length;
        process.stdout.write(JSON.stringify({
          atRequire,
          ca: db.certificateAuthorityIdentifier,
          awsCdkLib: loaded(/node_modules[\\\\/]aws-cdk-lib[\\\\/]/),
          own: loaded(/node_modules[\\\\/]@?${framework}[\\\\/]/) > 0,
          other: loaded(/node_modules[\\\\/]@?${other}[\\\\/]/),
        }));
      `);
      // THEN
      expect(JSON.parse(sh('node', [`${framework}.js`], c.dir))).toEqual({
        atRequire: ['rds-cluster', 'rds-cluster-instance', 'rds-cluster-parameter-group'],
        ca: 'rds-ca-rsa2048-g1',
        awsCdkLib: 0,
        own: true,
        other: 0,
      });
      const config = JSON.parse(readFileSync(join(c.dir, `${framework}.out`, 'stacks', 'Db', 'cdk.tf.json'), 'utf8'));
      for (const instance of Object.values(config.resource.aws_rds_cluster_instance) as Array<{ ca_cert_identifier: string }>) {
        expect(instance.ca_cert_identifier).toBe('rds-ca-rsa2048-g1');
      }
    }

    // AND TypeScript finds both subpaths with moduleResolution node10 and node16
    writeFileSync(join(c.dir, 'app.ts'), [
      "import * as tf from 'aurora-tls/tf';",
      "import { TlsAuroraCluster, AuroraEngine } from 'aurora-tls/cdktn';",
      "import { TerraformStack as CdktfStack } from 'cdktf';",
      "import { TerraformStack as CdktnStack } from 'cdktn';",
      'export function build(a: CdktfStack, b: CdktnStack): string[] {',
      "  const props = { engine: AuroraEngine.AURORA_POSTGRESQL, engineVersion: '16.4', instanceClass: 'db.r6g.large' };",
      "  return [new tf.TlsAuroraCluster(a, 'Db', props).certificateAuthorityIdentifier, new TlsAuroraCluster(b, 'Db', props).certificateAuthorityIdentifier];",
      '}',
      '',
    ].join('\n'));
    typeCheck(c, 'node10');
    typeCheck(c, 'node16');
  }, 600_000);
});

/** The watched packages installed at the top level, sorted. */
function installed(c: Consumer): string[] {
  return Object.entries(c.has).filter(([, has]) => has).map(([pkg]) => pkg).sort();
}

/** `tsc --noEmit` of the consumer's app.ts with the `cdk init` settings (strict, skipLibCheck). */
function typeCheck(c: Consumer, moduleResolution: 'node10' | 'node16'): void {
  const module = moduleResolution === 'node16' ? 'node16' : 'commonjs';
  expect(existsSync(join(c.dir, 'app.ts'))).toBe(true);
  // TypeScript 6 deprecates node10 resolution; consumers on older settings still use it.
  const deprecated = moduleResolution === 'node10' ? ['--ignoreDeprecations', '6.0'] : [];
  sh(TSC, [...deprecated, '--noEmit', '--strict', '--skipLibCheck', '--module', module, '--moduleResolution', moduleResolution,
    '--types', 'node', '--typeRoots', join(ROOT, 'node_modules', '@types'), 'app.ts'], c.dir);
}
