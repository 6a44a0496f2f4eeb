// `aurora-tls audit` on CloudFormation templates not produced by aurora-tls: a hand-written YAML template, a JSON one
// synthesized by plain aws-cdk-lib, and bad input of every kind. (Terraform plans: audit-terraform.test.ts.)
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import { join, relative } from 'path';
import * as rds from 'aws-cdk-lib/aws-rds';
import { run } from './run-cli';
import { TlsAuroraCluster } from '../../lib/cdk';
import { ExitCode } from '../../lib/cli/cli';
import { CaSelection, CertificateAuthority } from '../../lib/core';
import { plainCluster, stackIn } from '../support/cdk';


const FIXTURES = relative(process.cwd(), join(__dirname, 'fixtures', 'audit'));
const HAND_WRITTEN = join(FIXTURES, 'hand-written.yaml');
const CLEAN = join(FIXTURES, 'clean.yaml');

const RETIRED = "Certificate authority 'rds-ca-2019' expired on 2024-08-22 and can no longer be chosen; use rds-ca-rsa2048-g1, " +
  'rds-ca-rsa4096-g1, rds-ca-ecc384-g1 (rds-ca-rsa2048-g1 is offered in every region)';
const UNPINNED = 'DB instance has no CACertificateIdentifier, so RDS gives it the account default CA (aws rds modify-certificates), ' +
  'which can differ between accounts and change over time; pin it, e.g. CACertificateIdentifier: rds-ca-rsa2048-g1';
const MYSQL_DEFAULT = "DB cluster has no DBClusterParameterGroupName, so it uses the engine's default cluster parameter group, which cannot be changed: " +
  'require_secure_transport is not set, so clients can connect without TLS (the default is OFF); set require_secure_transport=ON; ' +
  'tls_version is not set, so the engine default applies (every supported version, including deprecated TLS 1.0 and 1.1 on Aurora MySQL ' +
  'version 2 and 3 before 3.04.0); set tls_version=TLSv1.2 (TLSv1.2,TLSv1.3 on Aurora MySQL 3.04.0 and later). ' +
  'Give the cluster its own parameter group that enforces TLS (an AWS::RDS::DBClusterParameterGroup of this template, named with ' +
  'DBClusterParameterGroupName: !Ref)';
const CA_PARAMETER = "CACertificateIdentifier is the template parameter 'ReaderCa' (chosen at deploy time, default 'rds-ca-rsa2048-g1'), " +
  'so aurora-tls cannot tell whether the CA is current and offered in the region; write the identifier literally, e.g. ' +
  'CACertificateIdentifier: rds-ca-rsa2048-g1';

test('audit --help: usage, options and exit codes', () => {
  const result = run('audit', '--help');
  expect(result.code).toBe(ExitCode.OK);
  expect(result.stdout.split('\n').slice(0, 10)).toEqual([
    'aurora-tls audit: Audit CloudFormation templates and Terraform plans for Aurora TLS (CA per instance, TLS parameters)',
    '',
    'Usage: aurora-tls audit <file>... [--region <region>] [--format text|json|sarif] [--json] [--strict]',
    '',
    'Options:',
    '  --region <region>  Region the templates are deployed to (a template does not say); for a plan, only where its aws provider has no region',
    '  --format <format>  text (default), json, or sarif (SARIF 2.1.0 for code scanning)',
    '  --json             Same as --format json',
    '  --strict           Exit 1 on warnings too (e.g. a CA or parameter that cannot be told)',
    '  --help             Show this help',
  ]);
  expect(result.stdout).toContain('Exit codes: 0 no error-level finding, 1 error-level findings (or any finding with --strict), 2 bad input');
});

describe('audit of a hand-written CloudFormation YAML template', () => {
  test('in ap-south-1: every finding with its file, line, resource, message and rule; exit 1', () => {
    // WHEN
    const result = run('audit', HAND_WRITTEN, '--region', 'ap-south-1');

    // THEN
    expect(result.stderr).toBe('');
    expect(result.code).toBe(ExitCode.NO);
    expect(result.stdout.split('\n')).toEqual([
      `${HAND_WRITTEN}:23: error OrdersCluster (AWS::RDS::DBCluster): Cluster parameter group 'OrdersParams': ` +
        "rds.force_ssl = '0' lets clients connect without TLS; set rds.force_ssl=1 [aurora-tls:weak-tls]",
      `${HAND_WRITTEN}:34: warning OrdersWriter (AWS::RDS::DBInstance): ${UNPINNED} [aurora-tls:unpinned-ca]`,
      `${HAND_WRITTEN}:41: error OrdersReaderOld (AWS::RDS::DBInstance): ${RETIRED} [aurora-tls:retired-ca]`,
      `${HAND_WRITTEN}:49: error OrdersReaderEcc (AWS::RDS::DBInstance): rds-ca-ecc384-g1 is not offered in ap-south-1 ` +
        '(AWS Aurora user guide); choose rds-ca-rsa2048-g1 (CACertificateIdentifier) [aurora-tls:ca-unavailable]',
      `${HAND_WRITTEN}:57: warning OrdersReaderParam (AWS::RDS::DBInstance): ${CA_PARAMETER} [aurora-tls:unverifiable-ca]`,
      `${HAND_WRITTEN}:65: error ReportsCluster (AWS::RDS::DBCluster): ${MYSQL_DEFAULT} [aurora-tls:default-parameter-group]`,
      'aurora-tls audit: 4 errors, 2 warnings in 1 file (2 Aurora clusters, 5 DB instances)',
      '',
    ]);
  });

  test('without --region: the ECC384 instance is a "cannot tell", never a guess', () => {
    // WHEN
    const result = run('audit', HAND_WRITTEN);

    // THEN no ca-unavailable, a warning naming the missing region instead
    expect(result.stdout).not.toContain('aurora-tls:ca-unavailable');
    expect(result.stdout.split('\n').filter((l) => l.includes('OrdersReaderEcc'))).toEqual([
      `${HAND_WRITTEN}:49: warning OrdersReaderEcc (AWS::RDS::DBInstance): Cannot tell whether rds-ca-ecc384-g1 is offered: ` +
        'the region is not known (a template does not say where it is deployed), and rds-ca-ecc384-g1 is not offered in ' +
        'ap-southeast-4, ap-south-1, ca-west-1, eu-south-2, eu-central-2, il-central-1; ' +
        'pass the region the template is deployed to, e.g. --region us-east-1 [aurora-tls:unknown-region]',
    ]);
    expect(result.code).toBe(ExitCode.NO); // the other errors remain
  });

  test('a clean template: exit 0, nothing but the summary', () => {
    expect(run('audit', CLEAN, '--region', 'ap-south-1')).toEqual({
      code: ExitCode.OK,
      stdout: 'aurora-tls audit: 0 errors, 0 warnings in 1 file (1 Aurora cluster, 2 DB instances)\n',
      stderr: '',
    });
  });

  test('--strict fails on warnings too', () => {
    // GIVEN a template whose only finding is a warning (an unpinned CA)
    const dir = mkdtempSync(join(tmpdir(), 'aurora-tls-audit-'));
    try {
      const file = join(dir, 'unpinned.json');
      writeFileSync(file, JSON.stringify({
        Resources: { Db: { Type: 'AWS::RDS::DBInstance', Properties: { Engine: 'aurora-mysql', DBInstanceClass: 'db.r6g.large' } } },
      }));
      // THEN
      expect(run('audit', file, '--region', 'us-east-1').code).toBe(ExitCode.OK);
      expect(run('audit', file, '--region', 'us-east-1', '--strict').code).toBe(ExitCode.NO);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('audit of a template synthesized by plain aws-cdk-lib', () => {
  test('finds what the AuroraTlsChecks aspect finds, by logical id and JSON line', () => {
    // GIVEN a plain rds.DatabaseCluster (default parameter group, unpinned writer, reader on rds-ca-2019)
    const { app, stack, vpc } = stackIn('Plain', 'eu-west-1');
    plainCluster(stack, vpc, rds.ClusterInstance.provisioned('Writer'),
      [rds.ClusterInstance.provisioned('Reader', { caCertificate: rds.CaCertificate.RDS_CA_2019 })]);
    const assembly = app.synth();
    const template = assembly.getStackByName('Plain').templateFullPath;

    // WHEN
    const result = run('audit', template, '--json');

    // THEN
    const report = JSON.parse(result.stdout);
    expect(report.files).toEqual([{ file: template, kind: 'cloudformation', clusters: 1, instances: 2 }]);
    expect(report.findings.map((f: any) => [f.resource, f.resourceType, f.ruleId, f.level])).toEqual([
      ['Db5D02A0A9', 'AWS::RDS::DBCluster', 'aurora-tls:default-parameter-group', 'error'],
      ['DbWriter9BD1608D', 'AWS::RDS::DBInstance', 'aurora-tls:unpinned-ca', 'warning'],
      ['DbReader965174EA', 'AWS::RDS::DBInstance', 'aurora-tls:retired-ca', 'error'],
    ]);
    expect(report.findings.every((f: any) => Number.isInteger(f.line) && f.line > 1)).toBe(true);
    expect(report.findings[2]).toEqual(expect.objectContaining({
      message: RETIRED,
      reason: "Certificate authority 'rds-ca-2019' expired on 2024-08-22 and can no longer be chosen",
      fix: 'use rds-ca-rsa2048-g1, rds-ca-rsa4096-g1, rds-ca-ecc384-g1 (rds-ca-rsa2048-g1 is offered in every region)',
    }));
    expect(report.summary).toEqual({ errors: 2, warnings: 1, filesNotAudited: 0 });
    expect(result.code).toBe(ExitCode.NO);
  });
});

describe('audit of an environment-agnostic TlsAuroraCluster template', () => {
  // GIVEN the CA chosen per region at deploy time (Fn::FindInMap on AWS::Region), as TlsAuroraCluster synthesizes it
  let template: string;
  beforeAll(() => {
    const { app, stack, vpc } = stackIn('Agnostic');
    new TlsAuroraCluster(stack, 'Db', {
      engine: rds.DatabaseClusterEngine.auroraPostgres({ version: rds.AuroraPostgresEngineVersion.VER_16_4 }),
      vpc,
      writer: rds.ClusterInstance.provisioned('Writer'),
      certificateAuthority: CaSelection.preferred([CertificateAuthority.ECC384_G1, CertificateAuthority.RSA2048_G1]),
      deployTimeCheck: false,
    });
    template = app.synth().getStackByName('Agnostic').templateFullPath;
  });

  test('with --region the mapping is resolved, and the template is clean', () => {
    expect(run('audit', template, '--region', 'ap-south-1')).toEqual({
      code: ExitCode.OK,
      stdout: 'aurora-tls audit: 0 errors, 0 warnings in 1 file (1 Aurora cluster, 1 DB instance)\n',
      stderr: '',
    });
  });

  test('without a region the CA is a "cannot tell" naming why', () => {
    const findings = JSON.parse(run('audit', template, '--json').stdout).findings;
    expect(findings.map((f: any) => [f.ruleId, f.level, f.reason])).toEqual([
      ['aurora-tls:unverifiable-ca', 'warning', 'CACertificateIdentifier is Fn::FindInMap on the region (AWS::Region), which is not known here, ' +
        'so aurora-tls cannot tell whether the CA is current and offered in the region'],
    ]);
  });
});

describe('SARIF 2.1.0', () => {
  // The structure the SARIF 2.1.0 schema requires (oasis-tcs/sarif-spec, sarif-schema-2.1.0.json): sarifLog {version,
  // runs}; run {tool}; tool {driver}; toolComponent {name}; reportingDescriptor {id}; result {message}; message {text|id};
  // level in none/note/warning/error; region.startLine >= 1; ruleIndex a valid index into driver.rules.
  function expectValidSarif(log: any): void {
    expect(log.version).toBe('2.1.0');
    expect(Array.isArray(log.runs)).toBe(true);
    for (const run_ of log.runs) {
      expect(typeof run_.tool.driver.name).toBe('string');
      const rules = run_.tool.driver.rules ?? [];
      for (const rule of rules) {
        expect(typeof rule.id).toBe('string');
        expect(['none', 'note', 'warning', 'error']).toContain(rule.defaultConfiguration.level);
      }
      for (const result of run_.results) {
        expect(typeof result.message.text === 'string' || typeof result.message.id === 'string').toBe(true);
        expect(['none', 'note', 'warning', 'error']).toContain(result.level);
        expect(rules[result.ruleIndex].id).toBe(result.ruleId);
        for (const location of result.locations) {
          expect(typeof location.physicalLocation.artifactLocation.uri).toBe('string');
          if (location.physicalLocation.region) expect(location.physicalLocation.region.startLine).toBeGreaterThanOrEqual(1);
        }
      }
    }
  }

  test('--format sarif: one result per finding, located by file, line and resource', () => {
    // WHEN
    const result = run('audit', HAND_WRITTEN, '--region', 'ap-south-1', '--format', 'sarif');

    // THEN
    const log = JSON.parse(result.stdout);
    expectValidSarif(log);
    expect(log.runs[0].tool.driver.rules.map((r: any) => r.id)).toEqual([
      'aurora-tls:unpinned-ca', 'aurora-tls:retired-ca', 'aurora-tls:ca-unavailable', 'aurora-tls:unknown-region',
      'aurora-tls:default-parameter-group', 'aurora-tls:weak-tls', 'aurora-tls:unverifiable-parameter-group', 'aurora-tls:unverifiable-ca',
    ]);
    expect(log.runs[0].results.map((r: any) => [r.ruleId, r.level, r.locations[0].physicalLocation.region.startLine,
      r.locations[0].logicalLocations[0].fullyQualifiedName])).toEqual([
      ['aurora-tls:weak-tls', 'error', 23, 'OrdersCluster'],
      ['aurora-tls:unpinned-ca', 'warning', 34, 'OrdersWriter'],
      ['aurora-tls:retired-ca', 'error', 41, 'OrdersReaderOld'],
      ['aurora-tls:ca-unavailable', 'error', 49, 'OrdersReaderEcc'],
      ['aurora-tls:unverifiable-ca', 'warning', 57, 'OrdersReaderParam'],
      ['aurora-tls:default-parameter-group', 'error', 65, 'ReportsCluster'],
    ]);
    expect(log.runs[0].results[2].message.text).toBe(`OrdersReaderOld: ${RETIRED}`);
    expect(log.runs[0].results[0].locations[0].physicalLocation.artifactLocation.uri).toBe(HAND_WRITTEN.split('\\').join('/'));
    expect(result.code).toBe(ExitCode.NO);
  });

  test('a file that cannot be audited is a tool notification, and the run says it did not succeed', () => {
    const result = run('audit', CLEAN, join(FIXTURES, 'missing.yaml'), '--format', 'sarif');
    const log = JSON.parse(result.stdout);
    expectValidSarif(log);
    expect(log.runs[0].invocations[0].executionSuccessful).toBe(false);
    expect(log.runs[0].invocations[0].toolExecutionNotifications[0].message.text)
      .toBe(`cannot read ${join(FIXTURES, 'missing.yaml')}: no such file`);
    expect(result.code).toBe(ExitCode.USAGE);
  });
});

describe('bad input: a clear error (exit 2) or a clear "cannot tell", never a stack trace', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'aurora-tls-audit-'));
    mkdirSync(join(dir, 'folder'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  const CLUSTER_JSON = JSON.stringify({
    Resources: {
      Cluster: { Type: 'AWS::RDS::DBCluster', Properties: { Engine: 'aurora-postgresql', DBClusterParameterGroupName: { Ref: 'Params' } } },
      Params: { Type: 'AWS::RDS::DBClusterParameterGroup', Properties: { Family: 'aurora-postgresql16', Parameters: { 'rds.force_ssl': 1 } } },
    },
  }, null, 2);

  test.each([
    ['a text file', 'notes.txt', 'hello, world\n',
      'notes.txt is neither a CloudFormation template nor a Terraform plan: its content is a single string, not an object with Resources (a template) or planned_values (a plan)'],
    ['a JSON object of something else', 'package.json', '{ "name": "app", "version": "1.0.0" }',
      "package.json is neither a CloudFormation template nor a Terraform plan: it has no Resources section (a template) and no format_version and planned_values (a plan); its top-level keys are 'name', 'version'"],
    ['Terraform configuration', 'cdk.tf.json', '{ "terraform": {}, "resource": {} }',
      'cdk.tf.json is neither a CloudFormation template nor a Terraform plan: it is Terraform configuration, not a plan; audit the plan: terraform plan -out plan.out && terraform show -json plan.out > plan.json'],
    ['a truncated JSON template', 'truncated.json', CLUSTER_JSON.slice(0, 120),
      'truncated.json is not valid JSON: Unterminated string in JSON at position 120 (the file ends early: is it truncated?)'],
    ['a JSON template cut after a value', 'cut.json', CLUSTER_JSON.slice(0, CLUSTER_JSON.indexOf('"Engine"')),
      "cut.json is not valid JSON: Expected property name or '}' in JSON at position 103 (the file ends early: is it truncated?)"],
    ['a JSON syntax error in the middle', 'comma.json', '{ "Resources": { "A": 1,, "B": 2 } }',
      'comma.json is not valid JSON: Expected double-quoted property name in JSON at position 24'],
    ['a truncated YAML template', 'truncated.yaml', 'Resources:\n  Cluster:\n    Type: "AWS::RDS::DB',
      'truncated.yaml is not valid JSON or YAML (line 3, column 24): Missing closing "quote (is the file truncated?)'],
    ['an empty file', 'empty.yaml', '',
      'empty.yaml is empty; pass a CloudFormation template or a Terraform plan (terraform show -json plan.out)'],
    ['a binary file', 'image.png', '\u0089PNG\r\n\u001a\n\u0000\u0000',
      'image.png is a binary file, not a template or a plan'],
    ['Resources that is not an object', 'list.yaml', 'Resources:\n  - Cluster\n',
      'the Resources section must be an object of logical ids to resources, got an array of 1'],
    ['a logical id defined twice', 'twice.yaml', 'Resources:\n  Db:\n    Type: AWS::RDS::DBCluster\n  Db:\n    Type: AWS::RDS::DBInstance\n',
      'twice.yaml defines the resource Db twice (line 4); logical ids must be unique: rename or remove one'],
    ['a cycle of Ref', 'cycle.yaml', [
      'Resources:',
      '  Cluster:',
      '    Type: AWS::RDS::DBCluster',
      '    Properties: { Engine: aurora-mysql, DBClusterParameterGroupName: !Ref Params }',
      '  Params:',
      '    Type: AWS::RDS::DBClusterParameterGroup',
      '    Properties:',
      '      Family: aurora-mysql8.0',
      '      Description: !Sub "for ${Writer}"',
      '  Writer:',
      '    Type: AWS::RDS::DBInstance',
      '    Properties: { Engine: aurora-mysql, DBClusterIdentifier: !Ref Cluster }',
      '',
    ].join('\n'),
    'circular references between resources Cluster -> Params -> Writer -> Cluster (Ref, Fn::GetAtt, Fn::Sub, DependsOn); ' +
      'CloudFormation refuses such a template: remove one of the references'],
  ])('%s', (_what, name, content, message) => {
    // GIVEN
    const file = join(dir, name);
    writeFileSync(file, content, 'latin1');
    // WHEN
    const result = run('audit', file, '--region', 'us-east-1');
    // THEN
    expect(result.code).toBe(ExitCode.USAGE);
    expect(result.stderr).toBe(`aurora-tls audit: ${message.replace(new RegExp(`^${name.replace('.', '\\.')}`), file)}\n`);
    expect(result.stdout).toBe('aurora-tls audit: 0 errors, 0 warnings in 0 files (0 Aurora clusters, 0 DB instances); 1 file could not be audited\n');
  });

  test.each([
    ['a missing file', 'missing.yaml', (f: string) => `cannot read ${f}: no such file`],
    ['a directory', 'folder', (f: string) => `${f} is a directory; pass the template or plan files in it`],
  ])('%s', (_what, name, message) => {
    const file = join(dir, name);
    expect(run('audit', file).stderr).toBe(`aurora-tls audit: ${message(file)}\n`);
  });

  test('a bad file does not stop the others: their findings are reported, and the exit code is 2', () => {
    const result = run('audit', join(dir, 'missing.yaml'), HAND_WRITTEN, '--region', 'ap-south-1');
    expect(result.code).toBe(ExitCode.USAGE);
    expect(result.stdout.split('\n').at(-2)).toBe(
      'aurora-tls audit: 4 errors, 2 warnings in 1 file (2 Aurora clusters, 5 DB instances); 1 file could not be audited');
  });

  test('a 50 MB JSON template is audited (its Aurora cluster found among 150,000 resources)', () => {
    // GIVEN a template of ~50 MB, generated here (not committed): the cluster of CLUSTER_JSON and padding topics
    const file = join(dir, 'big.json');
    const padding = Array.from({ length: 150_000 }, (_, i) =>
      `"Topic${i}": { "Type": "AWS::SNS::Topic", "Properties": { "DisplayName": "${'x'.repeat(260)}" } }`).join(',\n');
    writeFileSync(file, CLUSTER_JSON.replace('"Resources": {', `"Resources": {\n${padding},`));
    // WHEN
    const result = run('audit', file, '--region', 'us-east-1');
    // THEN
    expect(result.stdout.split('\n')).toEqual([
      `${file}:150003: error Cluster (AWS::RDS::DBCluster): Cluster parameter group 'Params': ssl_min_protocol_version is not set, ` +
        'so the engine default applies (TLSv1 on PostgreSQL 12); set ssl_min_protocol_version=TLSv1.2 (Aurora PostgreSQL 12 and later) [aurora-tls:weak-tls]',
      'aurora-tls audit: 1 error, 0 warnings in 1 file (1 Aurora cluster, 0 DB instances)',
      '',
    ]);
    expect(result.code).toBe(ExitCode.NO);
  });

  test('a 50 MB YAML template is refused before it is parsed, saying how to audit it', () => {
    const file = join(dir, 'big.yaml');
    writeFileSync(file, `Resources:\n${'  # padding\n'.repeat(4_400_000)}`);
    expect(run('audit', file)).toEqual({
      code: ExitCode.USAGE,
      stdout: 'aurora-tls audit: 0 errors, 0 warnings in 0 files (0 Aurora clusters, 0 DB instances); 1 file could not be audited\n',
      stderr: `aurora-tls audit: ${file} is 50.4 MB of YAML; aurora-tls reads YAML up to 16.0 MB (CloudFormation takes templates of 1 MB at most); ` +
        'convert it to JSON (e.g. cfn-flip) to audit it\n',
    });
  });

  test.each([
    [['audit'], 'aurora-tls audit: missing <file>; usage: aurora-tls audit <file>... [--region <region>] [--format text|json|sarif] [--json] [--strict]'],
    [['audit', 'x.yaml', '--format', 'xml'], 'aurora-tls audit: --format xml is not supported; use text, json, sarif'],
    [['audit', 'x.yaml', '--format', 'sarif', '--json'], 'aurora-tls audit: --json and --format sarif contradict each other; give one'],
    [['audit', 'x.yaml', '--level'], "aurora-tls audit: unknown option --level; 'audit' takes --region, --format, --json, --strict, --help"],
  ])('usage error %j', (argv, line) => {
    expect(run(...argv)).toEqual({ code: ExitCode.USAGE, stdout: '', stderr: `${line}\n` });
  });
});
