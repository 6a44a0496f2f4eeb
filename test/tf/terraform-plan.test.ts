// Real Terraform on the synthesized examples of BOTH frameworks (examples/cdktf.out from cdktf, examples/cdktn.out
// from CDK Terrain, written by `npx projen examples`): `terraform init`, `validate` and `plan`, offline, with the AWS
// provider's RDS endpoint pointed at a local server speaking the RDS Query API (test/handler/fake-aws.ts).
// The plan succeeds with the true thumbprint and validity, and fails with aurora-tls's own message on a wrong
// thumbprint, a CA expiring inside minimumValidity, and an engine version RDS does not offer.
// One initialized folder per framework: init copies the provider once, each case rewrites main.tf.json.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { CertificateAuthority, TrustStore } from '../../lib/core';
import { FakeAws } from '../handler/fake-aws';
import { TerraformDir } from '../support/terraform';

const ROOT = join(__dirname, '..', '..');
const EXAMPLES = [
  {
    framework: 'cdktf',
    stack: 'AuroraTlsTerraformExample',
    region: 'eu-central-2',
    ca: CertificateAuthority.RSA2048_G1,
    engine: 'aurora-postgresql',
    version: '16.4',
    days: 365,
  },
  {
    framework: 'cdktn',
    stack: 'AuroraTlsCdkTerrainExample',
    region: 'us-east-1',
    ca: CertificateAuthority.ECC384_G1,
    engine: 'aurora-mysql',
    version: '8.0.mysql_aurora.3.08.0',
    days: 180,
  },
];
const DAY = 86_400_000;
// terraform starts the AWS provider (~10 s on 2 busy cores) for validate and for each plan.
jest.setTimeout(180_000);

describe.each(EXAMPLES)('terraform plan of the $framework example ($stack)', (example) => {
  let fake: FakeAws;
  let dir: TerraformDir;
  let synthesized: string;
  const root = TrustStore.bundled().root(example.region, example.ca);

  beforeAll(async () => {
    const file = join(ROOT, 'examples', `${example.framework}.out`, 'stacks', example.stack, 'cdk.tf.json');
    if (!existsSync(file)) throw new Error(`${file} is missing: run \`npx projen examples\` first (CI does)`);
    synthesized = readFileSync(file, 'utf8');
    fake = await FakeAws.start();
    dir = TerraformDir.fromJson(synthesized, { rdsEndpoint: fake.endpoint });
    dir.init();
  }, 120_000);

  afterAll(async () => {
    dir?.dispose();
    await fake?.close();
  });

  /** RDS as the fake answers it: the CA (thumbprint, validity) and the engine versions it offers. */
  function rds(options: { thumbprint?: string; validTill?: Date; versions?: string[] } = {}): void {
    fake.certificates = [{
      identifier: example.ca.identifier,
      thumbprint: options.thumbprint ?? root.thumbprint.toUpperCase(),
      validFrom: root.notBefore,
      validTill: options.validTill ?? root.notAfter,
    }];
    const versions = options.versions ?? [example.version];
    fake.engineVersions = versions.map((version, i) => ({
      engine: example.engine, version, supportedCas: [example.ca.identifier], isDefault: i === versions.length - 1,
    }));
  }

  test('validate passes and plan succeeds with the true thumbprint and validity', async () => {
    // GIVEN RDS reports the vendored root
    rds({ versions: [example.version, 'default-version'] });
    // WHEN
    dir.validate();
    const plan = await dir.planAsync();
    // THEN
    expect(plan.output).toContain('Plan:');
    expect(plan.code).toBe(0);
    expect(fake.callsTo('rds', 'DescribeCertificates').length).toBeGreaterThan(0);
    expect(fake.callsTo('rds', 'DescribeDBEngineVersions').length).toBeGreaterThan(0);
  });

  // One plan for the three refusals (Terraform evaluates every precondition of a resource and reports each failing one):
  // each plan starts the AWS provider, the bulk of this suite's time.
  test('plan fails with aurora-tls\'s message on a wrong thumbprint, a CA expiring inside minimumValidity and an unknown engine version', async () => {
    // GIVEN RDS reports another root, expiring in minimumValidity - 10 days, and offers only its default engine version
    const validTill = new Date(Math.floor((Date.now() + (example.days - 10) * DAY) / 1000) * 1000);
    rds({ thumbprint: '0000000000000000000000000000000000000000', validTill, versions: ['default-version'] });
    // WHEN
    const plan = await dir.planAsync();
    // THEN
    expect(plan.code).not.toBe(0);
    const output = oneLine(plan.output);
    expect(output).toContain(
      `aurora-tls: Thumbprint mismatch in ${example.region}: RDS reports ${example.ca.identifier} with thumbprint ` +
      `0000000000000000000000000000000000000000, but the vendored ${example.region} bundle's ${example.ca.identifier} root ` +
      `has thumbprint ${root.thumbprint}.`);
    expect(output).toContain(
      `aurora-tls: ${example.ca.identifier} in ${example.region} is valid until ${validTill.toISOString().replace('.000Z', 'Z')}, ` +
      `less than minimumValidity (${example.days} days) from now`);
    expect(output).toContain(
      `aurora-tls: RDS does not offer ${example.engine} ${example.version} in ${example.region} (DescribeDBEngineVersions)`);
    expect(output.match(/Resource precondition failed/g)).toHaveLength(3);
  });
});

/** Terraform wraps long messages: join the lines. */
function oneLine(text: string): string {
  return text.split('\n').map((l) => l.trim()).join(' ').replace(/\s+/g, ' ');
}
