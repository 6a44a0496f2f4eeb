// AuroraTlsValidationPlugin beside cdk-nag 3 in one app: both plugins run at synth, and the validation report holds
// cdk-nag's findings and aurora-tls's, with the same ids as the AuroraTlsChecks aspect.
import { mkdtempSync, readFileSync, rmSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import { App, Validations } from 'aws-cdk-lib';
import * as rds from 'aws-cdk-lib/aws-rds';
import { AwsSolutionsChecks } from 'cdk-nag';
import { AuroraTlsCheckLevel, AuroraTlsFinding, AuroraTlsValidationPlugin } from '../../lib/cdk';
import { plainCluster, stackIn } from '../support/cdk';

const RETIRED = "Certificate authority 'rds-ca-2019' expired on 2024-08-22 and can no longer be chosen";
const UNPINNED = 'DB instance has no CACertificateIdentifier, so RDS gives it the account default CA (aws rds modify-certificates), ' +
  'which can differ between accounts and change over time';

/** An app with a plain cluster in ap-south-1: default parameter group, writer unpinned, readers on rds-ca-2019 and ECC384. */
function plainApp(outdir: string): App {
  const { app, stack, vpc } = stackIn('Orders', 'ap-south-1', { outdir });
  plainCluster(stack, vpc, rds.ClusterInstance.provisioned('Writer'), [
    rds.ClusterInstance.provisioned('Old', { caCertificate: rds.CaCertificate.RDS_CA_2019 }),
    rds.ClusterInstance.provisioned('Ecc', { caCertificate: rds.CaCertificate.RDS_CA_ECC384_G1 }),
  ]);
  return app;
}

interface ReportedViolation {
  ruleName: string;
  description: string;
  suggestedFix?: string;
  severity: string;
  violatingConstructs: Array<{ constructPath: string; cloudFormationResource?: { logicalId: string; propertyPaths?: string[] } }>;
}

interface PluginReport {
  pluginName: string;
  conclusion: string;
  violations: ReportedViolation[];
}

function synthReport(app: App, outdir: string): { error: string; plugins: PluginReport[] } {
  let error = '';
  try {
    app.synth();
  } catch (e) {
    error = (e as Error).message;
  }
  const report = JSON.parse(readFileSync(join(outdir, 'validation-report.json'), 'utf8'));
  return { error, plugins: report.pluginReports };
}

describe('AuroraTlsValidationPlugin with cdk-nag', () => {
  let outdir: string;
  beforeEach(() => {
    outdir = mkdtempSync(join(tmpdir(), 'aurora-tls-plugin-'));
  });
  afterEach(() => rmSync(outdir, { recursive: true, force: true }));

  test('both plugins report in one validation report; error-level findings fail synth', () => {
    // GIVEN
    const app = plainApp(outdir);
    // WHEN
    Validations.of(app).addPlugins(new AwsSolutionsChecks(), new AuroraTlsValidationPlugin());
    const { error, plugins } = synthReport(app, outdir);

    // THEN synth fails, naming our findings
    expect(error).toContain('aurora-tls:retired-ca');
    // cdk-nag ran and reported its own rules on the same cluster
    const nag = plugins.find((p) => p.pluginName !== 'aurora-tls')!;
    expect(nag.violations.map((v) => v.ruleName)).toEqual(expect.arrayContaining(['AwsSolutions-RDS10']));
    // aurora-tls: every finding, on the resource and property concerned
    const ours = plugins.find((p) => p.pluginName === 'aurora-tls')!;
    expect(ours.conclusion).toBe('failure');
    expect(ours.violations.map((v) => [
      v.ruleName,
      v.severity,
      v.violatingConstructs.map((c) => [c.constructPath, c.cloudFormationResource?.propertyPaths]),
      v.description,
    ])).toEqual([
      ['aurora-tls:default-parameter-group', 'error', [['Orders/Db/Resource', ['Properties/DBClusterParameterGroupName']]],
        "DB cluster uses 'default.aurora-postgresql16', the engine's default cluster parameter group, which cannot be changed: " +
          'rds.force_ssl is not set, so clients can connect without TLS (the default is 0 up to Aurora PostgreSQL 16); set rds.force_ssl=1; ' +
          'ssl_min_protocol_version is not set, so the engine default applies (TLSv1 on PostgreSQL 12); ' +
          'set ssl_min_protocol_version=TLSv1.2 (Aurora PostgreSQL 12 and later)'],
      ['aurora-tls:unpinned-ca', 'warning', [['Orders/Db/Writer/Resource', ['Properties/CACertificateIdentifier']]], UNPINNED],
      ['aurora-tls:retired-ca', 'error', [['Orders/Db/Old/Resource', ['Properties/CACertificateIdentifier']]], RETIRED],
      ['aurora-tls:ca-unavailable', 'error', [['Orders/Db/Ecc/Resource', ['Properties/CACertificateIdentifier']]],
        'rds-ca-ecc384-g1 is not offered in ap-south-1 (AWS Aurora user guide)'],
    ]);
    expect(ours.violations.map((v) => v.suggestedFix)).toEqual([
      'Give the cluster its own parameter group that enforces TLS (TlsAuroraCluster does)',
      'pin it, e.g. caCertificate: rds.CaCertificate.RDS_CA_RSA2048_G1, or use TlsAuroraCluster',
      'use rds-ca-rsa2048-g1, rds-ca-rsa4096-g1, rds-ca-ecc384-g1 (rds-ca-rsa2048-g1 is offered in every region)',
      'choose rds-ca-rsa2048-g1 or CaSelection.preferred([CertificateAuthority.ECC384_G1, CertificateAuthority.RSA2048_G1]) to fall back where it is missing',
    ]);
  });

  test('levels as for the aspect: all warnings, synth passes and the report still lists them', () => {
    const app = plainApp(outdir);
    Validations.of(app).addPlugins(new AuroraTlsValidationPlugin({
      level: AuroraTlsCheckLevel.WARNING,
      levels: { [AuroraTlsFinding.UNPINNED_CA]: AuroraTlsCheckLevel.OFF },
    }));
    const { error, plugins } = synthReport(app, outdir);
    expect(error).toBe('');
    const ours = plugins.find((p) => p.pluginName === 'aurora-tls')!;
    expect(ours.conclusion).toBe('success');
    expect(ours.violations.map((v) => [v.ruleName, v.severity])).toEqual([
      ['aurora-tls:default-parameter-group', 'warning'],
      ['aurora-tls:retired-ca', 'warning'],
      ['aurora-tls:ca-unavailable', 'warning'],
    ]);
  });

  test('bad levels are refused with the same messages as the aspect', () => {
    expect(() => new AuroraTlsValidationPlugin({ levels: { 'aurora-tls:unpinned': AuroraTlsCheckLevel.ERROR } })).toThrow(
      'AuroraTlsValidationPlugin initialization failed due to the following validation error(s):\n' +
        "- levels names an unknown finding 'aurora-tls:unpinned'; use one of aurora-tls:unpinned-ca, aurora-tls:retired-ca, " +
        'aurora-tls:ca-unavailable, aurora-tls:unknown-region, aurora-tls:default-parameter-group, aurora-tls:weak-tls, ' +
        'aurora-tls:unverifiable-parameter-group, aurora-tls:unverifiable-ca',
    );
  });
});
