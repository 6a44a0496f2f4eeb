import { mkdtempSync, readFileSync, rmSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import { EXAMPLE_STACK, synth } from '../../examples/cdktf/main';
import { EXAMPLE_STACK as CDKTN_STACK } from '../../examples/cdktn/main';
import { synthCdkTerrainExample } from '../../examples/synth-all';
import { CaSelection } from '../../lib/core/ca-selection';
import { CertificateAuthority } from '../../lib/core/certificate-authority';

describe('examples/cdktf', () => {
  let outdir: string;
  beforeAll(() => {
    outdir = mkdtempSync(join(tmpdir(), 'aurora-tls-cdktf-example-'));
  });
  afterAll(() => rmSync(outdir, { recursive: true, force: true }));

  test('synth(outdir) writes the Terraform JSON of the example stack, with preferred() fallen back to rsa2048 in eu-central-2', () => {
    // GIVEN eu-central-2 does not offer ECC384 (else the example would show no fallback)
    expect(CaSelection.exactly(CertificateAuthority.ECC384_G1).problemIn('eu-central-2')).toBeDefined();

    // WHEN
    const stacks = synth(outdir);

    // THEN
    expect(stacks).toEqual([EXAMPLE_STACK]);
    const config = JSON.parse(readFileSync(join(outdir, 'stacks', EXAMPLE_STACK, 'cdk.tf.json'), 'utf8'));
    expect(config.provider.aws).toEqual([{ region: 'eu-central-2' }]);
    const instances = Object.values(config.resource.aws_rds_cluster_instance) as Array<{ ca_cert_identifier: string }>;
    expect(instances.map((i) => i.ca_cert_identifier)).toEqual(['rds-ca-rsa2048-g1', 'rds-ca-rsa2048-g1']);
    expect(config.output.certificate_authority.value).toBe('rds-ca-rsa2048-g1');
    expect(Object.values(config.data.aws_rds_certificate)).toEqual([expect.objectContaining({ id: 'rds-ca-rsa2048-g1' })]);
  });
});

describe('examples/cdktn (CDK Terrain), synthesized as `npx projen examples` does', () => {
  let outdir: string;
  beforeAll(() => {
    outdir = mkdtempSync(join(tmpdir(), 'aurora-tls-cdktn-example-'));
  });
  afterAll(() => rmSync(outdir, { recursive: true, force: true }));

  test('runs on cdktn (not cdktf) and pins rds-ca-ecc384-g1 with the plan-time checks', () => {
    // WHEN
    synthCdkTerrainExample(outdir);

    // THEN the synthesizer was CDK Terrain's
    const config = JSON.parse(readFileSync(join(outdir, 'stacks', CDKTN_STACK, 'cdk.tf.json'), 'utf8'));
    expect(config['//'].metadata.version).toBe(JSON.parse(readFileSync(require.resolve('cdktn/package.json'), 'utf8')).version);
    const instances = Object.values(config.resource.aws_rds_cluster_instance) as Array<{ ca_cert_identifier: string }>;
    expect(instances.map((i) => i.ca_cert_identifier)).toEqual(['rds-ca-ecc384-g1', 'rds-ca-ecc384-g1']);
    expect(Object.keys(config.data).sort()).toEqual(['aws_rds_certificate', 'aws_rds_engine_version']);
    expect(Object.values(config.resource.aws_rds_cluster)).toEqual([expect.objectContaining({ engine_version: '8.0.mysql_aurora.3.08.0' })]);
  });
});
