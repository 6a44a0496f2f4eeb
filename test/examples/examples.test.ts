// The examples, synthesized as `npx projen examples` synthesizes them (examples/synth-all.ts): the CDK app with the
// context of cdk.json (so CloudFormation Validate runs with the same rules and fails the same way), and the CDK for
// Terraform example. Then the stacks and the resources each example is about.
import { mkdtempSync, readFileSync, rmSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import { App, Stack, aws_ec2 as ec2 } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { CloudAssembly, CloudFormationStackArtifact } from 'aws-cdk-lib/cx-api';
import { AUDIT_STACK } from '../../examples/audit/audit';
import { EXAMPLE_STACK as TERRAFORM_STACK } from '../../examples/cdktf/main';
import { ENV_AGNOSTIC_STACK } from '../../examples/env-agnostic/env-agnostic';
import { MULTI_REGION_DEPLOYMENTS, multiRegionStackName } from '../../examples/multi-region/multi-region';
import { COMPOSED_STACKS, EU_BUNDLE_BUCKET_EXPORT } from '../../examples/multi-stack/multi-stack';
import { SINGLE_REGION_STACK } from '../../examples/single-region/single-region';
import { cdkJsonContext, synthCdkExamples, synthTerraformExamples } from '../../examples/synth-all';
import { AuroraTlsFinding, CaSelection, CertificateAuthority, RegionCatalog, TrustBundleLayout } from '../../lib';

const ECC384 = 'rds-ca-ecc384-g1';
const RSA2048 = 'rds-ca-rsa2048-g1';

let workdir: string;
let assembly: CloudAssembly;

beforeAll(() => {
  workdir = mkdtempSync(join(tmpdir(), 'aurora-tls-examples-'));
  assembly = synthCdkExamples(join(workdir, 'cdk.out'));
}, 120_000);

afterAll(() => rmSync(workdir, { recursive: true, force: true }));

/** The CloudFormation Validate violations recorded in an assembly directory's validation report. */
function validationViolations(outdir: string): Array<{ ruleName: string; severity: string; description: string }> {
  const report = JSON.parse(readFileSync(join(outdir, 'validation-report.json'), 'utf8'));
  return (report.pluginReports ?? []).flatMap((r: { violations?: unknown[] }) => r.violations ?? []);
}

function stack(name: string): CloudFormationStackArtifact {
  return assembly.getStackArtifact(name);
}

function template(name: string): Template {
  return Template.fromJSON(stack(name).template);
}

/** CACertificateIdentifier of every DB instance of a stack, in template order. */
function instanceCas(name: string): unknown[] {
  return Object.values(template(name).findResources('AWS::RDS::DBInstance')).map((r) => r.Properties.CACertificateIdentifier);
}

describe('the CDK example app, synthesized as `cdk synth` does', () => {
  test('runs with the context of cdk.json: CloudFormation Validate findings are errors, no notices, no telemetry', () => {
    expect(cdkJsonContext()).toEqual(expect.objectContaining({
      '@aws-cdk/core:validateAgainstDefaultRules': true,
      'cli-telemetry': false,
    }));
    expect(JSON.parse(readFileSync(join(__dirname, '..', '..', 'cdk.json'), 'utf8')).notices).toBe(false);
  });

  test('has every example stack, and needs no AWS lookup (synthesizes offline)', () => {
    expect(assembly.stacks.map((s) => s.stackName).sort()).toEqual([
      AUDIT_STACK,
      'AuroraTlsCatalogReport',
      ENV_AGNOSTIC_STACK,
      ...MULTI_REGION_DEPLOYMENTS.map((d) => multiRegionStackName(d.region)),
      SINGLE_REGION_STACK,
      ...Object.values(COMPOSED_STACKS),
    ].sort());
    expect(assembly.manifest.missing ?? []).toEqual([]);
  });

  test('passes CloudFormation Validate with no violation, not even a warning, and has no error annotation', () => {
    expect(validationViolations(join(workdir, 'cdk.out'))).toEqual([]);
    const errors = assembly.stacks.flatMap((s) => s.messages).filter((m) => m.level === 'error');
    expect(errors).toEqual([]);
  });

  test('(control) the same context makes CloudFormation Validate report a hard-coded Availability Zone', () => {
    // GIVEN a stack that CloudFormation Validate warns about (W3010), synthesized with the context of cdk.json
    const outdir = join(workdir, 'control.out');
    const app = new App({ outdir, context: cdkJsonContext() });
    const control = new Stack(app, 'Control', { env: { account: '111111111111', region: 'us-east-1' } });
    const vpc = new ec2.CfnVPC(control, 'Vpc', { cidrBlock: '10.0.0.0/16' });
    new ec2.CfnSubnet(control, 'Subnet', { vpcId: vpc.ref, availabilityZone: 'us-east-1a', cidrBlock: '10.0.0.0/24' });

    // WHEN (the CDK prints the report on stderr, as `cdk synth` shows it)
    const spy = jest.spyOn(console, 'error').mockImplementation(() => undefined);
    let printed: string;
    try {
      app.synth();
    } finally {
      printed = spy.mock.calls.flat().join('\n');
      spy.mockRestore();
    }

    // THEN the report the examples are checked against names it, and so does the printed one
    expect(validationViolations(outdir)).toEqual([expect.objectContaining({ ruleName: 'W3010', severity: 'warning' })]);
    expect(printed).toContain("Acknowledge with 'CloudFormation-Validate::W3010'");
  });
});

describe('multi-stack (composed app)', () => {
  const { database, application, databaseEu, reporting } = COMPOSED_STACKS;
  const stackDependencies = (name: string) => stack(name).dependencies.map((d) => d.id).filter((id) => !id.endsWith('.assets')).sort();

  test('synthesizes with no cycle: applications depend on their database stack, never the other way round', () => {
    expect(stackDependencies(database)).toEqual([]);
    expect(stackDependencies(application)).toEqual([database]);
    expect(stackDependencies(databaseEu)).toEqual([]);
    // The reporting stack of "another app" only imports a value by its export name: no stack dependency
    expect(stackDependencies(reporting)).toEqual([]);
  });

  test('only the database stacks publish, each under names unique to the stack', () => {
    expect(template(application).findResources('Custom::AuroraTlsTrustBundle')).toEqual({});
    expect(template(reporting).findResources('Custom::AuroraTlsTrustBundle')).toEqual({});
    template(database).hasResourceProperties('Custom::AuroraTlsTrustBundle', {
      ParameterPrefix: `/aurora-tls/${database}/rds-ca-ecc384-g1`,
      ObjectKey: `aurora-tls/${database}/us-east-1/rds-ca-ecc384-g1/us-east-1-bundle.pem`,
    });
    template(databaseEu).hasResourceProperties('Custom::AuroraTlsTrustBundle', {
      ParameterPrefix: `/aurora-tls/${databaseEu}/rds-ca-ecc384-g1`,
      ObjectKey: `aurora-tls/${databaseEu}/eu-west-1/rds-ca-ecc384-g1/eu-west-1-bundle.pem`,
    });
  });

  test('the application reads the database stack\'s parameters and connects, with the rules in its own stack', () => {
    const t = template(application);
    const names = TrustBundleLayout.parameterNames(TrustBundleLayout.parameterPrefix(database, CertificateAuthority.ECC384_G1));
    t.hasResourceProperties('AWS::Lambda::Function', { Environment: { Variables: Match.objectLike({ BUNDLE_S3_URI_PARAMETER: names.bundleS3Uri }) } });
    t.hasResourceProperties('AWS::EC2::SecurityGroupIngress', {
      Description: 'The application connects over TLS',
      GroupId: { 'Fn::ImportValue': Match.stringLikeRegexp(`^${database}:ExportsOutput`) },
    });
    expect(template(database).findResources('AWS::EC2::SecurityGroupIngress')).toEqual({});
  });

  test('the short-lived region deletes its bucket with the stack; the reporting stack imports it by export with exact ARNs', () => {
    template(databaseEu).hasResource('AWS::S3::Bucket', { DeletionPolicy: 'Delete', Properties: Match.objectLike({ ObjectLockEnabled: Match.absent() }) });
    template(database).hasResource('AWS::S3::Bucket', { DeletionPolicy: 'Retain', Properties: Match.objectLike({ ObjectLockEnabled: true }) });
    const names = TrustBundleLayout.parameterNames(TrustBundleLayout.parameterPrefix(databaseEu, CertificateAuthority.ECC384_G1));
    template(reporting).hasResourceProperties('AWS::IAM::Policy', {
      PolicyDocument: {
        Statement: Match.arrayWith([
          {
            Action: 's3:GetObject',
            Effect: 'Allow',
            Resource: {
              'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':s3:::', { 'Fn::ImportValue': EU_BUNDLE_BUCKET_EXPORT },
                `/aurora-tls/${databaseEu}/eu-west-1/rds-ca-ecc384-g1/eu-west-1-bundle.pem`]],
            },
          },
          {
            Action: ['ssm:GetParameter', 'ssm:GetParameters'],
            Effect: 'Allow',
            Resource: Object.values(names).map((name) => `arn:aws:ssm:eu-west-1:111111111111:parameter${name}`),
          },
        ]),
      },
    });
  });
});

describe('single-region', () => {
  test('pins the writer and the reader of an encrypted Aurora PostgreSQL 16 cluster to rds-ca-ecc384-g1, in us-east-1', () => {
    expect(stack(SINGLE_REGION_STACK).environment).toEqual(expect.objectContaining({ account: '111111111111', region: 'us-east-1' }));
    expect(instanceCas(SINGLE_REGION_STACK)).toEqual([ECC384, ECC384]);
    template(SINGLE_REGION_STACK).hasResourceProperties('AWS::RDS::DBCluster', {
      Engine: 'aurora-postgresql',
      EngineVersion: Match.stringLikeRegexp('^16\\.'),
      StorageEncrypted: true,
    });
  });

  test('enforces TLS 1.2 or newer in the cluster parameter group', () => {
    template(SINGLE_REGION_STACK).hasResourceProperties('AWS::RDS::DBClusterParameterGroup', {
      Family: 'aurora-postgresql16',
      Parameters: { 'rds.force_ssl': '1', 'ssl_min_protocol_version': 'TLSv1.2' },
    });
  });

  test('creates its VPC and an application function in it, allowed to the database port', () => {
    const t = template(SINGLE_REGION_STACK);
    t.resourceCountIs('AWS::EC2::VPC', 1);
    t.hasResourceProperties('AWS::Lambda::Function', {
      Runtime: 'nodejs22.x',
      VpcConfig: Match.objectLike({ SubnetIds: Match.anyValue() }),
    });
    t.hasResourceProperties('AWS::EC2::SecurityGroupIngress', {
      Description: 'The application connects over TLS',
      FromPort: { 'Fn::GetAtt': [Match.stringLikeRegexp('^Database'), 'Endpoint.Port'] },
      SourceSecurityGroupId: { 'Fn::GetAtt': [Match.stringLikeRegexp('^ApplicationSecurityGroup'), 'GroupId'] },
    });
  });

  test('gives the application the SSM parameter names of the trust bundle, and read access to exactly them and the object', () => {
    const t = template(SINGLE_REGION_STACK);
    const names = TrustBundleLayout.parameterNames(TrustBundleLayout.parameterPrefix(SINGLE_REGION_STACK, CertificateAuthority.ECC384_G1));
    t.hasResourceProperties('AWS::Lambda::Function', {
      Handler: 'index.handler',
      Environment: {
        Variables: Match.objectLike({
          BUNDLE_S3_URI_PARAMETER: names.bundleS3Uri,
          BUNDLE_SHA256_PARAMETER: names.bundleSha256,
          SSLMODE_PARAMETER: names.sslMode,
        }),
      },
    });
    const policies = Object.entries(t.findResources('AWS::IAM::Policy'))
      .filter(([id]) => id.startsWith('ApplicationServiceRoleDefaultPolicy'))
      .map(([, policy]) => policy.Properties.PolicyDocument.Statement);
    expect(policies).toHaveLength(1);
    const statements = policies[0] as Array<{ Action: string | string[]; Resource: unknown }>;
    expect(statements.map((st) => st.Action)).toEqual(expect.arrayContaining([
      's3:GetObject',
      ['ssm:GetParameter', 'ssm:GetParameters'],
    ]));
    const objectArn = JSON.stringify(statements.find((st) => st.Action === 's3:GetObject')!.Resource);
    expect(objectArn).toContain(`/${TrustBundleLayout.objectKey(SINGLE_REGION_STACK, 'us-east-1', CertificateAuthority.ECC384_G1)}`);
    const parameterArns = JSON.stringify(statements.find((st) => Array.isArray(st.Action) && st.Action.includes('ssm:GetParameter'))!.Resource);
    for (const name of Object.values(names)) expect(parameterArns).toContain(`:ssm:us-east-1:111111111111:parameter${name}`);
  });

  test('checks the CA with RDS and publishes the bundle before any DB instance is created', () => {
    const t = template(SINGLE_REGION_STACK);
    const checks = [
      ...Object.keys(t.findResources('Custom::AuroraTlsTrustBundle')),
      ...Object.keys(t.findResources('Custom::AuroraTlsCaCheck')),
    ];
    expect(checks).toHaveLength(2);
    for (const instance of Object.values(t.findResources('AWS::RDS::DBInstance'))) {
      expect(instance.DependsOn).toEqual(expect.arrayContaining(checks));
    }
  });
});

describe('multi-region', () => {
  // The CA each region gets from CaSelection.preferred([ECC384_G1, RSA4096_G1, RSA2048_G1]).
  const expected: Array<[string, string]> = [
    ['us-east-1', ECC384],
    ['us-west-2', ECC384],
    ['eu-west-1', ECC384],
    ['eu-central-2', RSA2048],
    ['ap-south-1', RSA2048],
    ['sa-east-1', ECC384],
    ['ap-southeast-2', ECC384],
  ];

  test('deploys to at least six regions, including the two without ECC384 and RSA4096', () => {
    const regions = MULTI_REGION_DEPLOYMENTS.map((d) => d.region);
    expect(regions.length).toBeGreaterThanOrEqual(6);
    expect(regions).toEqual(expect.arrayContaining(['ap-south-1', 'eu-central-2']));
    expect(regions.sort()).toEqual(expected.map(([region]) => region).sort());
    // GIVEN the catalog still says so (else the example would show no fallback)
    for (const region of ['ap-south-1', 'eu-central-2']) {
      expect(RegionCatalog.availableAuthorities(region)).toEqual([CertificateAuthority.RSA2048_G1]);
    }
  });

  test.each(expected)('%s: every DB instance and the output get %s', (region, ca) => {
    const name = multiRegionStackName(region);
    expect(stack(name).environment.region).toBe(region);
    expect(instanceCas(name)).toEqual([ca, ca]);
    template(name).hasOutput('CertificateAuthority', { Value: ca });
  });

  test.each(expected)('%s: one Lambda function (the deploy-time check) for the whole stack', (region) => {
    template(multiRegionStackName(region)).resourceCountIs('AWS::Lambda::Function', 1);
  });

  test('Sydney runs Aurora MySQL 3 with require_secure_transport=ON and TLS 1.2 and 1.3', () => {
    const t = template(multiRegionStackName('ap-southeast-2'));
    t.hasResourceProperties('AWS::RDS::DBCluster', { Engine: 'aurora-mysql' });
    t.hasResourceProperties('AWS::RDS::DBClusterParameterGroup', {
      Family: 'aurora-mysql8.0',
      Parameters: { require_secure_transport: 'ON', tls_version: 'TLSv1.2,TLSv1.3' },
    });
  });
});

describe('env-agnostic', () => {
  test('has no region: the Rule refuses, before any resource is created, every region without rds-ca-ecc384-g1', () => {
    expect(stack(ENV_AGNOSTIC_STACK).environment.region).toBe('unknown-region');
    const withoutEcc = RegionCatalog.regionsWithout(CertificateAuthority.ECC384_G1);
    expect(withoutEcc).toEqual(expect.arrayContaining(['ap-south-1', 'eu-central-2']));
    const rules = stack(ENV_AGNOSTIC_STACK).template.Rules;
    expect(rules.AuroraTlsCaExactlyEcc384G1Rule).toEqual({
      Assertions: [{
        Assert: { 'Fn::Not': [{ 'Fn::Contains': [withoutEcc, { Ref: 'AWS::Region' }] }] },
        AssertDescription: expect.stringContaining(`aurora-tls: rds-ca-ecc384-g1 is not offered in ${withoutEcc.join(', ')}`),
      }],
    });
    expect(instanceCas(ENV_AGNOSTIC_STACK)).toEqual([ECC384]);
  });
});

describe('audit', () => {
  function warnings(): Array<{ path: string; data: string }> {
    return stack(AUDIT_STACK).messages.filter((m) => m.level === 'warning').map((m) => ({ path: m.id, data: String(m.entry.data) }));
  }

  test('reports the hand-written cluster\'s three mistakes as warnings, on the resources concerned', () => {
    const found = warnings().filter((w) => w.path.startsWith(`/${AUDIT_STACK}/Legacy/`));
    expect(found).toEqual([
      {
        path: `/${AUDIT_STACK}/Legacy/Resource`,
        data: expect.stringMatching(new RegExp(`^DB cluster uses 'default\\.aurora-postgresql16'.* \\[ack: ${AuroraTlsFinding.DEFAULT_PARAMETER_GROUP}\\]$`)),
      },
      {
        path: `/${AUDIT_STACK}/Legacy/Writer/Resource`,
        data: `${CaSelection.exactly(CertificateAuthority.ECC384_G1).problemIn('eu-central-2')} [ack: ${AuroraTlsFinding.CA_UNAVAILABLE}]`,
      },
      {
        path: `/${AUDIT_STACK}/Legacy/Reader/Resource`,
        data: expect.stringMatching(new RegExp(`^DB instance has no CACertificateIdentifier.* \\[ack: ${AuroraTlsFinding.UNPINNED_CA}\\]$`)),
      },
    ]);
  });

  test('reports nothing about the same cluster built with TlsAuroraCluster (rsa2048 in eu-central-2, TLS enforced)', () => {
    expect(warnings().filter((w) => w.path.startsWith(`/${AUDIT_STACK}/Fixed/`))).toEqual([]);
    const fixedCas = instanceCas(AUDIT_STACK).filter((ca) => ca !== undefined && ca !== ECC384);
    expect(fixedCas).toEqual([RSA2048, RSA2048]);
  });
});

describe('the CDK for Terraform example, synthesized as `npx projen examples` does', () => {
  test('writes Terraform JSON whose aws_rds_cluster_instance resources all have ca_cert_identifier', () => {
    const outdir = join(workdir, 'cdktf.out');
    expect(synthTerraformExamples(outdir)).toEqual([TERRAFORM_STACK]);
    const config = JSON.parse(readFileSync(join(outdir, 'stacks', TERRAFORM_STACK, 'cdk.tf.json'), 'utf8'));
    const instances = Object.values(config.resource.aws_rds_cluster_instance) as Array<{ ca_cert_identifier?: string }>;
    expect(instances.length).toBeGreaterThan(0);
    expect(instances.map((i) => i.ca_cert_identifier)).toEqual(instances.map(() => RSA2048));
  });
});
