// rules/aurora-tls.guard with the real cfn-guard binary that @cdklabs/cdk-validator-cfnguard ships (offline), on
// templates that pass and templates that fail, asserting the rules that fail and the properties they point at.
import { execFileSync, spawnSync } from 'child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import { dirname, join } from 'path';
import { CfnGuardValidator } from '@cdklabs/cdk-validator-cfnguard';
import * as rds from 'aws-cdk-lib/aws-rds';
import { TlsAuroraCluster } from '../../lib/cdk';
import { plainCluster, stackIn } from '../support/cdk';

const ROOT = join(__dirname, '..', '..');
const RULES = join(ROOT, 'rules', 'aurora-tls.guard');
const FIXTURES = join(ROOT, 'test', 'cli', 'fixtures', 'audit');

/** The cfn-guard binary of @cdklabs/cdk-validator-cfnguard for this machine. */
function cfnGuard(): string {
  const pkg = dirname(require.resolve('@cdklabs/cdk-validator-cfnguard/package.json'));
  const os = process.platform === 'darwin' ? 'macos' : 'ubuntu';
  const arch = process.arch === 'arm64' ? 'aarch64' : 'x86_64';
  return join(pkg, 'bin', os, arch, 'cfn-guard');
}

interface GuardResult {
  readonly code: number;
  /** Failing rule -> the template paths of the failing properties, sorted. */
  readonly failing: { [rule: string]: string[] };
  readonly notApplicable: string[];
}

function validate(template: string): GuardResult {
  const result = spawnSync(cfnGuard(), ['validate', '--rules', RULES, '--data', template, '--output-format', 'json', '--structured',
    '--show-summary', 'none'], { encoding: 'utf8' });
  if (result.error) throw result.error;
  const [report] = JSON.parse(result.stdout);
  const failing: { [rule: string]: string[] } = {};
  for (const entry of report.not_compliant) {
    const paths = new Set<string>();
    collectPaths(entry.Rule.checks, paths);
    failing[entry.Rule.name] = [...paths].sort();
  }
  return { code: result.status ?? -1, failing, notApplicable: [...report.not_applicable].sort() };
}

/** Every `/Resources/...` path in a guard check tree, cut after the property (e.g. `/Resources/Db/Properties/X`). */
function collectPaths(node: unknown, out: Set<string>): void {
  if (Array.isArray(node)) {
    node.forEach((n) => collectPaths(n, out));
  } else if (node !== null && typeof node === 'object') {
    for (const [key, value] of Object.entries(node)) {
      if (key === 'path' && typeof value === 'string' && value.startsWith('/Resources/')) out.add(value);
      else collectPaths(value, out);
    }
  }
}

describe('rules/aurora-tls.guard with cfn-guard', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'aurora-tls-guard-'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  test('the binary runs offline', () => {
    expect(execFileSync(cfnGuard(), ['--version'], { encoding: 'utf8' })).toMatch(/^cfn-guard 3\./);
  });

  test('the hand-written template fails the CA, default-group and PostgreSQL TLS rules, at the resources concerned', () => {
    const result = validate(join(FIXTURES, 'hand-written.yaml'));
    expect(result.code).toBe(19); // cfn-guard: non-compliant
    expect(result.failing).toEqual({
      aurora_tls_unpinned_ca: ['/Resources/OrdersWriter/Properties'],
      aurora_tls_retired_ca: ['/Resources/OrdersReaderOld/Properties/CACertificateIdentifier'],
      aurora_tls_default_parameter_group: ['/Resources/ReportsCluster/Properties'],
      aurora_tls_weak_tls_postgresql: ['/Resources/OrdersParams/Properties/Parameters/rds.force_ssl'],
    });
    expect(result.notApplicable).toEqual(['aurora_tls_weak_tls_mysql']);
  });

  test('the clean template passes every rule', () => {
    const result = validate(join(FIXTURES, 'clean.yaml'));
    expect(result).toEqual({ code: 0, failing: {}, notApplicable: ['aurora_tls_weak_tls_postgresql'] });
  });

  test('Aurora MySQL: a default.* group, require_secure_transport=OFF and TLSv1.1 allowed fail', () => {
    const file = join(dir, 'mysql.json');
    writeFileSync(file, JSON.stringify({
      Resources: {
        Weak: {
          Type: 'AWS::RDS::DBClusterParameterGroup',
          Properties: { Family: 'aurora-mysql8.0', Description: 'weak', Parameters: { require_secure_transport: 'OFF', tls_version: 'TLSv1.1,TLSv1.2' } },
        },
        OnDefault: { Type: 'AWS::RDS::DBCluster', Properties: { Engine: 'aurora-mysql', DBClusterParameterGroupName: 'default.aurora-mysql8.0' } },
        Writer: {
          Type: 'AWS::RDS::DBInstance',
          Properties: { Engine: 'aurora-mysql', DBClusterIdentifier: { Ref: 'OnDefault' }, DBInstanceClass: 'db.r6g.large', CACertificateIdentifier: 'rds-ca-rsa4096-g1' },
        },
      },
    }));
    const result = validate(file);
    expect(result.code).toBe(19);
    expect(result.failing).toEqual({
      aurora_tls_default_parameter_group: ['/Resources/OnDefault/Properties/DBClusterParameterGroupName'],
      aurora_tls_weak_tls_mysql: [
        '/Resources/Weak/Properties/Parameters/require_secure_transport',
        '/Resources/Weak/Properties/Parameters/tls_version',
      ],
    });
  });

  test('a template synthesized from TlsAuroraCluster passes', () => {
    const { app, stack, vpc } = stackIn('Tls', 'eu-west-1', { outdir: join(dir, 'cdk.out') });
    new TlsAuroraCluster(stack, 'Db', {
      engine: rds.DatabaseClusterEngine.auroraMysql({ version: rds.AuroraMysqlEngineVersion.VER_3_08_0 }),
      vpc,
      writer: rds.ClusterInstance.provisioned('Writer'),
      readers: [rds.ClusterInstance.serverlessV2('Reader', { scaleWithWriter: true })],
      deployTimeCheck: false,
    });
    const template = app.synth().getStackByName('Tls').templateFullPath;
    expect(validate(template)).toEqual({ code: 0, failing: {}, notApplicable: ['aurora_tls_weak_tls_postgresql'] });
  });

  test("as rules of @cdklabs/cdk-validator-cfnguard's CfnGuardValidator plugin, they fail the synth of a plain cluster", () => {
    // GIVEN a plain cluster (default.aurora-postgresql16 group, unpinned writer) and the plugin with only these rules
    const outdir = join(dir, 'plugin.out');
    const { app, stack, vpc } = stackIn('Plain', 'eu-west-1', {
      outdir,
      policyValidationBeta1: [new CfnGuardValidator({ controlTowerRulesEnabled: false, rules: [RULES] })],
    });
    plainCluster(stack, vpc, rds.ClusterInstance.provisioned('Writer'));
    // WHEN
    expect(() => app.synth()).toThrow(/Acknowledge with 'cdk-validator-cfnguard::aurora_tls_unpinned_ca'/);
    // THEN the report names our rules
    const report = JSON.parse(readFileSync(join(outdir, 'validation-report.json'), 'utf8'));
    const guard = report.pluginReports.find((r: { pluginName: string }) => r.pluginName === 'cdk-validator-cfnguard');
    expect(guard.violations.map((v: { ruleName: string }) => v.ruleName).sort()).toEqual([
      'aurora_tls_default_parameter_group', 'aurora_tls_unpinned_ca',
    ]);
  });

  test('the rules are in the npm package', () => {
    const [packed] = JSON.parse(execFileSync('npm', ['pack', '--dry-run', '--json', '--ignore-scripts'], { cwd: ROOT, encoding: 'utf8' }));
    expect(packed.files.map((f: { path: string }) => f.path)).toContain('rules/aurora-tls.guard');
  });
});
