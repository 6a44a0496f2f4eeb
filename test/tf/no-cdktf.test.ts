// The packed Terraform layer (TypeScript-only, `aurora-tls/dist/tf`, not exported from the root) works in a cdktf
// project. That a CDK-only project needs no cdktf is tested with the tarball (test/package/tarball.test.ts).
//
// Needs the jsii compile: compiles (`npx projen compile`) when dist/ is missing or older than lib/ (scripts/pack.ts).
// Uses the npm registry through the local cache (`--prefer-offline`). Takes about 20-60 s on 2 cores.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import { ensureCompiled, installConsumer, pack, REPO_ROOT as ROOT, sh } from '../../scripts/pack';

const PKG = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8'));
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
