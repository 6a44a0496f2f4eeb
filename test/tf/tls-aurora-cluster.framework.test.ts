import { DataAwsRdsCertificate } from '@cdktf/provider-aws/lib/data-aws-rds-certificate';
import { DataAwsRdsEngineVersion } from '@cdktf/provider-aws/lib/data-aws-rds-engine-version';
import { DataAwsRegion } from '@cdktf/provider-aws/lib/data-aws-region';
import { AwsProvider } from '@cdktf/provider-aws/lib/provider';
import { RdsCluster } from '@cdktf/provider-aws/lib/rds-cluster';
import { RdsClusterInstance } from '@cdktf/provider-aws/lib/rds-cluster-instance';
import { RdsClusterParameterGroup } from '@cdktf/provider-aws/lib/rds-cluster-parameter-group';
import { S3Object } from '@cdktf/provider-aws/lib/s3-object';
import { SsmParameter } from '@cdktf/provider-aws/lib/ssm-parameter';
import { TerraformStack, TerraformVariable } from 'cdktf';
import { Construct } from 'constructs';
import { annotationsOf, testStack, TfTemplate } from './assertions';
import { CaSelection } from '../../lib/core/ca-selection';
import { CertificateAuthority } from '../../lib/core/certificate-authority';
import { ExpiryBehavior } from '../../lib/core/expiry-behavior';
import { RegionCatalog } from '../../lib/core/region-catalog';
import { AuroraEngine, TlsEnforcement, TlsVersion } from '../../lib/core/tls-enforcement';
import { TrustStore } from '../../lib/core/trust-store';
import { ValidityPeriod } from '../../lib/core/validity-period';
import { TlsAuroraCluster, TlsAuroraClusterProps } from '../../lib/tf';

const ECC = CertificateAuthority.ECC384_G1;
const RSA2048 = CertificateAuthority.RSA2048_G1;
const BASE: TlsAuroraClusterProps = {
  engine: AuroraEngine.AURORA_POSTGRESQL,
  engineVersion: '16.4',
  instanceClass: 'db.r6g.large',
};
const HEADER = 'TlsAuroraCluster initialization failed due to the following validation error(s):';

/** A stack with an AwsProvider in `region` and a TlsAuroraCluster 'Db'. */
function clusterIn(region: string, props: Partial<TlsAuroraClusterProps> = {}): { stack: TerraformStack; db: TlsAuroraCluster; t: TfTemplate } {
  const stack = testStack();
  new AwsProvider(stack, 'aws', { region });
  const db = new TlsAuroraCluster(stack, 'Db', { ...BASE, ...props });
  return { stack, db, t: TfTemplate.fromStack(stack) };
}

/** The message a core call throws. */
function coreMessage(fn: () => unknown): string {
  try {
    fn();
  } catch (e) {
    return (e as Error).message;
  }
  throw new Error('expected the core call to throw');
}

/** An error matcher for this exact message (`toThrow(string)` only checks that the message contains the string). */
function exactly(message: string): Error {
  return new Error(message);
}

/** The Terraform address of the one data source of a type in the template. */
/** The cluster's own data.aws_region (its trust bundle reads the region too). */
function clusterRegion(t: TfTemplate): string {
  const names = Object.keys(t.dataSourcesByName(DataAwsRegion)).filter((n) => n.startsWith('Db_'));
  expect(names).toHaveLength(1);
  return `data.aws_region.${names[0]}`;
}

function address(t: TfTemplate, type: { tfResourceType: string }): string {
  const names = Object.keys(t.dataSourcesByName(type));
  expect(names).toHaveLength(1);
  return `data.${type.tfResourceType}.${names[0]}`;
}

describe('instances', () => {
  test('every instance gets ca_cert_identifier, the cluster gets no ca_certificate_identifier', () => {
    // GIVEN / WHEN
    const { t } = clusterIn('us-east-1', { instanceCount: 3, certificateAuthority: CaSelection.exactly(ECC) });

    // THEN
    t.resourceCountIs(RdsClusterInstance, 3);
    for (const instance of t.resources(RdsClusterInstance)) {
      expect(instance).toMatchObject({ ca_cert_identifier: 'rds-ca-ecc384-g1', engine: 'aurora-postgresql', instance_class: 'db.r6g.large' });
    }
    expect(t.onlyResource(RdsCluster).ca_certificate_identifier).toBeUndefined();
  });

  test('the default is two instances with rds-ca-rsa2048-g1; the second waits for the first (the writer)', () => {
    const { t } = clusterIn('us-east-1');
    const names = Object.keys(t.resourcesByName(RdsClusterInstance));
    expect(names).toHaveLength(2);
    const [first, second] = t.resources(RdsClusterInstance);
    expect(first.ca_cert_identifier).toBe('rds-ca-rsa2048-g1');
    expect(first.depends_on).toBeUndefined();
    expect(second).toMatchObject({ ca_cert_identifier: 'rds-ca-rsa2048-g1', depends_on: [`aws_rds_cluster_instance.${names[0]}`] });
  });

  test('the construct exposes what it created', () => {
    const { db } = clusterIn('us-east-1', { certificateAuthority: CaSelection.exactly(ECC) });
    expect(db.instances).toHaveLength(2);
    expect(db.cluster.node.id).toBe('Resource');
    expect(db.certificateAuthority).toBe(ECC);
    expect(db.certificateAuthorityIdentifier).toBe('rds-ca-ecc384-g1');
    expect(db.certificateAuthoritySelection.toString()).toBe('exactly(rds-ca-ecc384-g1)');
    expect(db.minimumTlsVersion).toBe(TlsVersion.TLS_1_2);
    expect(db.recommendedSslMode).toBe('verify-full');
    expect(db.certificateData.node.id).toBe('Certificate');
  });
});

describe('parameter group', () => {
  test('aurora-postgresql 16.4: family and TLS parameters from core, merged with user parameters', () => {
    const { t } = clusterIn('us-east-1', { parameters: { log_connections: '1' } });
    const spec = TlsEnforcement.parametersFor({ engine: AuroraEngine.AURORA_POSTGRESQL, engineVersion: '16.4' });
    const group = t.onlyResource(RdsClusterParameterGroup);
    expect(group.family).toBe('aurora-postgresql16');
    expect(group.family).toBe(spec.family);
    expect(group.parameter).toEqual([
      { name: 'rds.force_ssl', value: '1', apply_method: 'pending-reboot' },
      { name: 'ssl_min_protocol_version', value: 'TLSv1.2', apply_method: 'pending-reboot' },
      { name: 'log_connections', value: '1', apply_method: 'pending-reboot' },
    ]);
    const groupName = Object.keys(t.resourcesByName(RdsClusterParameterGroup))[0];
    t.hasResourceWithProperties(RdsCluster, {
      engine: 'aurora-postgresql',
      engine_version: '16.4',
      db_cluster_parameter_group_name: `\${aws_rds_cluster_parameter_group.${groupName}.name}`,
    });
  });

  test('aurora-mysql 3.05.2 with TLS 1.3 as the minimum', () => {
    const { t } = clusterIn('us-east-1', {
      engine: AuroraEngine.AURORA_MYSQL,
      engineVersion: '8.0.mysql_aurora.3.05.2',
      minimumTlsVersion: TlsVersion.TLS_1_3,
    });
    t.hasResourceWithProperties(RdsClusterParameterGroup, {
      family: 'aurora-mysql8.0',
      parameter: [
        { name: 'require_secure_transport', value: 'ON', apply_method: 'pending-reboot' },
        { name: 'tls_version', value: 'TLSv1.3', apply_method: 'pending-reboot' },
      ],
    });
  });

  test('the TLS notes of core become info annotations with the CDK note id', () => {
    const { stack } = clusterIn('us-east-1', { engine: AuroraEngine.AURORA_MYSQL, engineVersion: '8.0.mysql_aurora.3.08.0' });
    const spec = TlsEnforcement.parametersFor({ engine: AuroraEngine.AURORA_MYSQL, engineVersion: '8.0.mysql_aurora.3.08.0' });
    expect(spec.notes.length).toBeGreaterThan(0);
    expect(annotationsOf(stack).filter((a) => a.path === 'test/Db')).toEqual(
      spec.notes.map((note) => ({ path: 'test/Db', level: '@cdktf/info', message: `[aurora-tls:tls-note] ${note}` })),
    );
  });
});

describe('deploy-time truth: the certificate data source and the preconditions', () => {
  test('data.aws_rds_certificate asks RDS for the chosen CA', () => {
    const { t } = clusterIn('eu-central-2');
    t.dataSourceCountIs(DataAwsRdsCertificate, 1);
    t.hasDataSourceWithProperties(DataAwsRdsCertificate, { id: 'rds-ca-rsa2048-g1' });
    expect(t.onlyDataSource(DataAwsRdsCertificate).lifecycle).toBeUndefined();
    t.dataSourceCountIs(DataAwsRegion, 0);
  });

  test('the cluster preconditions: RDS root thumbprint is the vendored one, valid_till is beyond the horizon, RDS offers the engine version', () => {
    // GIVEN
    const { t } = clusterIn('eu-central-2', { trustBundle: { minimumValidity: ValidityPeriod.days(30) } });
    const cert = address(t, DataAwsRdsCertificate);
    const versions = t.dataSources(DataAwsRdsEngineVersion);
    const [defaultVersion, version] = Object.keys(t.dataSourcesByName(DataAwsRdsEngineVersion)).map((n) => `data.aws_rds_engine_version.${n}`);
    expect(versions).toEqual([
      { engine: 'aurora-postgresql', default_only: true },
      { engine: 'aurora-postgresql', include_all: true, preferred_versions: ['16.4', `\${${defaultVersion}.version_actual}`] },
    ]);
    const root = TrustStore.bundled().root('eu-central-2', RSA2048);
    expect(root.thumbprint).toBe('bb78d17650755aa3777fc89ab59aa0249fc6ffb3');

    // THEN
    expect(t.onlyResource(RdsCluster).lifecycle).toEqual({
      precondition: [
        {
          condition: `\${(lower(${cert}.thumbprint) == "bb78d17650755aa3777fc89ab59aa0249fc6ffb3")}`,
          error_message: `aurora-tls: Thumbprint mismatch in eu-central-2: RDS reports rds-ca-rsa2048-g1 with thumbprint \${lower(${cert}.thumbprint)}, ` +
            "but the vendored eu-central-2 bundle's rds-ca-rsa2048-g1 root has thumbprint bb78d17650755aa3777fc89ab59aa0249fc6ffb3. " +
            'The vendored trust store is out of date or RDS rotated the CA: upgrade aurora-tls before deploying',
        },
        {
          condition: `\${(timecmp(${cert}.valid_till, timeadd(plantimestamp(), "720h")) != -1)}`,
          error_message: `aurora-tls: rds-ca-rsa2048-g1 in eu-central-2 is valid until \${${cert}.valid_till}, less than minimumValidity (30 days) ` +
            'from now; plan the rotation to a CA that is valid for longer, or lower minimumValidity, or set expiryBehavior to ExpiryBehavior.WARN',
        },
        {
          condition: `\${(${version}.version_actual == "16.4")}`,
          error_message: 'aurora-tls: RDS does not offer aurora-postgresql 16.4 in eu-central-2 (DescribeDBEngineVersions); ' +
            'choose a version from `aws rds describe-db-engine-versions --engine aurora-postgresql --region eu-central-2`',
        },
      ],
    });
  });

  test('the default horizon is 365 days, and user preconditions are kept after aurora-tls ones', () => {
    const { t } = clusterIn('us-east-1', {
      clusterConfig: { engine: 'aurora-postgresql', lifecycle: { preventDestroy: true, precondition: [{ condition: 'true', errorMessage: 'mine' }] } },
    });
    const lifecycle = t.onlyResource(RdsCluster).lifecycle;
    expect(lifecycle.prevent_destroy).toBe(true);
    expect(lifecycle.precondition).toHaveLength(4);
    expect(lifecycle.precondition[1].condition).toContain('"8760h"');
    expect(lifecycle.precondition[3]).toEqual({ condition: 'true', error_message: 'mine' });
  });

  test('a token region: data.aws_region with the CDK Rule check as a precondition on data.aws_rds_certificate', () => {
    // GIVEN a provider whose region is a Terraform variable
    const stack = testStack();
    const region = new TerraformVariable(stack, 'region', { type: 'string' });
    new AwsProvider(stack, 'aws', { region: region.stringValue });

    // WHEN
    const db = new TlsAuroraCluster(stack, 'Db', { ...BASE, certificateAuthority: CaSelection.exactly(ECC) });
    const t = TfTemplate.fromStack(stack);

    // THEN
    const regionRef = `${clusterRegion(t)}.region`;
    const without = RegionCatalog.regionsWithout(ECC);
    expect(without).toEqual(['ap-southeast-4', 'ap-south-1', 'ca-west-1', 'eu-south-2', 'eu-central-2', 'il-central-1']);
    expect(t.onlyDataSource(DataAwsRdsCertificate)).toEqual({
      id: 'rds-ca-ecc384-g1',
      lifecycle: {
        precondition: [{
          condition: `\${!contains(${JSON.stringify(without).replace(/,/g, ', ')}, ${regionRef})}`,
          error_message: 'aurora-tls: rds-ca-ecc384-g1 is not offered in ap-southeast-4, ap-south-1, ca-west-1, eu-south-2, eu-central-2, il-central-1 ' +
            '(AWS Aurora user guide); deploy to another region, or use CaSelection.preferred([...]) ending with CertificateAuthority.RSA2048_G1 ' +
            'to fall back where it is missing',
        }],
      },
    });
    // The thumbprint is looked up per region, and fails closed where no root is vendored.
    const cert = address(t, DataAwsRdsCertificate);
    const thumbprints = Object.keys(t.locals).find((k) => k.startsWith('Db_Thumbprints'))!;
    expect(t.locals[thumbprints]['us-east-1']).toBe(TrustStore.bundled().root('us-east-1', ECC).thumbprint);
    expect(t.onlyResource(RdsCluster).lifecycle.precondition[0].condition)
      .toBe(`\${(lower(${cert}.thumbprint) == lookup(local.${thumbprints}, ${regionRef}, "no vendored root"))}`);
    expect(db.certificateAuthority).toBe(ECC);
  });

  test('a token region with a per-region preference: the CA is looked up, unknown regions are refused', () => {
    const stack = testStack();
    const region = new TerraformVariable(stack, 'region', { type: 'string' });
    new AwsProvider(stack, 'aws', { region: region.stringValue });
    const selection = CaSelection.preferred([ECC, RSA2048]);
    const db = new TlsAuroraCluster(stack, 'Db', { ...BASE, certificateAuthority: selection });
    const t = TfTemplate.fromStack(stack);

    const regionRef = `${clusterRegion(t)}.region`;
    const table = Object.keys(t.locals).find((k) => k.startsWith('Db_CaIdentifiers'))!;
    expect(t.locals[table]).toEqual(selection.resolutionTable());
    expect(t.locals[table]['ap-south-1']).toBe('rds-ca-rsa2048-g1');
    expect(t.locals[table]['us-east-1']).toBe('rds-ca-ecc384-g1');
    for (const instance of t.resources(RdsClusterInstance)) {
      expect(instance.ca_cert_identifier).toBe(`\${local.${table}[${regionRef}]}`);
    }
    expect(t.onlyDataSource(DataAwsRdsCertificate).lifecycle.precondition).toEqual([{
      condition: `\${contains(${JSON.stringify(Object.keys(selection.resolutionTable())).replace(/,/g, ', ')}, ${regionRef})}`,
      error_message: 'aurora-tls: this region is unknown to the aurora-tls region catalog, so CaSelection.preferred(rds-ca-ecc384-g1, rds-ca-rsa2048-g1) ' +
        'cannot be resolved here; upgrade aurora-tls, give the AwsProvider (or the region prop) a literal region, or use CaSelection.exactly(...)',
    }]);
    expect(db.certificateAuthority).toBeUndefined();
  });

  test('a token region prop is the region argument of every resource', () => {
    const stack = testStack();
    new AwsProvider(stack, 'aws', { region: 'us-east-1' });
    const region = new TerraformVariable(stack, 'dbRegion', { type: 'string' });
    new TlsAuroraCluster(stack, 'Db', { ...BASE, region: region.stringValue });
    const t = TfTemplate.fromStack(stack);
    t.dataSourceCountIs(DataAwsRegion, 0);
    for (const type of [RdsCluster, RdsClusterInstance, RdsClusterParameterGroup, S3Object, SsmParameter]) {
      for (const r of t.resources(type)) expect(r.region).toBe('${var.dbRegion}');
    }
    expect(t.onlyDataSource(DataAwsRdsCertificate).region).toBe('${var.dbRegion}');
  });
});

describe('CA selection per region', () => {
  test.each([
    ['ap-south-1', 'rds-ca-rsa2048-g1'],
    ['eu-central-2', 'rds-ca-rsa2048-g1'],
    ['us-east-1', 'rds-ca-ecc384-g1'],
  ])('preferred([ECC384_G1, RSA2048_G1]) in %s resolves to %s at synth time', (region, expected) => {
    const { t, db } = clusterIn(region, { certificateAuthority: CaSelection.preferred([ECC, RSA2048]) });
    for (const instance of t.resources(RdsClusterInstance)) expect(instance.ca_cert_identifier).toBe(expected);
    t.hasDataSourceWithProperties(DataAwsRdsCertificate, { id: expected });
    expect(db.certificateAuthority?.identifier).toBe(expected);
    t.dataSourceCountIs(DataAwsRegion, 0);
    expect(Object.keys(t.locals)).toEqual([]);
  });

  test('the region prop wins over the provider region and is passed to every resource', () => {
    const { t } = clusterIn('us-east-1', { region: 'ap-south-1', certificateAuthority: CaSelection.preferred([ECC, RSA2048]) });
    t.hasResourceWithProperties(RdsClusterInstance, { ca_cert_identifier: 'rds-ca-rsa2048-g1', region: 'ap-south-1' });
    t.hasResourceWithProperties(RdsCluster, { region: 'ap-south-1' });
  });
});

describe('trust bundle', () => {
  test('one trust bundle per stack and CA, shared by the clusters that use it', () => {
    const stack = testStack();
    new AwsProvider(stack, 'aws', { region: 'us-east-1' });
    const a = new TlsAuroraCluster(stack, 'A', BASE);
    const b = new TlsAuroraCluster(stack, 'B', { ...BASE, certificateAuthority: CaSelection.preferred([RSA2048]) });
    const c = new TlsAuroraCluster(stack, 'C', { ...BASE, certificateAuthority: CaSelection.exactly(ECC) });
    const t = TfTemplate.fromStack(stack);
    expect(a.trustBundle).toBe(b.trustBundle);
    expect(c.trustBundle).not.toBe(a.trustBundle);
    expect(a.trustBundle!.node.path).toBe('test/AuroraTlsTrustBundleRsa2048G1');
    expect(c.trustBundle!.node.path).toBe('test/AuroraTlsTrustBundleEcc384G1');
    t.resourceCountIs(S3Object, 2);
    t.hasResourceWithProperties(SsmParameter, { name: '/aurora-tls/test/rds-ca-ecc384-g1/ca-identifier', value: 'rds-ca-ecc384-g1' });
  });

  test('deployTimeCheck: false publishes nothing', () => {
    const { t, db } = clusterIn('us-east-1', { deployTimeCheck: false });
    expect(db.trustBundle).toBeUndefined();
    t.resourceCountIs(S3Object, 0);
    t.resourceCountIs(SsmParameter, 0);
  });
});

describe('bad input: the same rules and messages as the AWS CDK construct, every problem in one error', () => {
  const regionError = (region: string) => coreMessage(() => RegionCatalog.validateRegion(region));

  test.each<[string, string, Partial<TlsAuroraClusterProps>, string[]]>([
    ['an unknown provider region', 'eu-central-3', {}, [`AwsProvider 'aws' region: ${regionError('eu-central-3')}`]],
    ['an upper-case region prop', 'us-east-1', { region: 'US-EAST-1' }, [`region: ${regionError('US-EAST-1')}`]],
    ['a CA the region does not offer', 'eu-central-2', { certificateAuthority: CaSelection.exactly(ECC) }, [
      'rds-ca-ecc384-g1 is not offered in eu-central-2 (AWS Aurora user guide); choose rds-ca-rsa2048-g1 or ' +
        'CaSelection.preferred([CertificateAuthority.ECC384_G1, CertificateAuthority.RSA2048_G1]) to fall back where it is missing',
    ]],
    ['a preference with no CA offered', 'ap-south-1', { certificateAuthority: CaSelection.preferred([ECC, CertificateAuthority.RSA4096_G1]) }, [
      CaSelection.preferred([ECC, CertificateAuthority.RSA4096_G1]).problemIn('ap-south-1')!,
    ]],
    ['a CertificateAuthority instead of a CaSelection', 'us-east-1', { certificateAuthority: ECC as any }, [
      "certificateAuthority takes a CaSelection, got the CertificateAuthority rds-ca-ecc384-g1; use CaSelection.exactly(CertificateAuthority.of('rds-ca-ecc384-g1'))",
    ]],
    ['a string minimumTlsVersion', 'us-east-1', { minimumTlsVersion: '1.3' as any }, [
      "minimumTlsVersion takes a TlsVersion, got '1.3'; use TlsVersion.of('1.3')",
    ]],
    ['a non-boolean certificateRotationRestart', 'us-east-1', { certificateRotationRestart: 'yes' as any }, [
      "certificateRotationRestart takes true or false, got 'yes'",
    ]],
    ['TLS 1.3 on an engine version without it', 'us-east-1', { engineVersion: '14.7', minimumTlsVersion: TlsVersion.TLS_1_3 }, [
      coreMessage(() => TlsEnforcement.parametersFor({ engine: AuroraEngine.AURORA_POSTGRESQL, engineVersion: '14.7', minimumTlsVersion: TlsVersion.TLS_1_3 })),
    ]],
    ['an end-of-life engine version', 'us-east-1', { engineVersion: '10.21' }, [
      coreMessage(() => TlsEnforcement.parametersFor({ engine: AuroraEngine.AURORA_POSTGRESQL, engineVersion: '10.21' })),
    ]],
    ['parameters that weaken TLS', 'us-east-1', { parameters: { 'rds.force_ssl': '0', 'ssl_min_protocol_version': 'TLSv1.1' } },
      TlsEnforcement.checkParameters(TlsEnforcement.parametersFor({ engine: AuroraEngine.AURORA_POSTGRESQL, engineVersion: '16.4' }),
        { 'rds.force_ssl': '0', 'ssl_min_protocol_version': 'TLSv1.1' })],
  ])('%s', (_what, region, props, messages) => {
    expect(messages.length).toBeGreaterThan(0);
    expect(() => clusterIn(region, props)).toThrow(exactly(`${HEADER}\n${messages.map((m) => `- ${m}`).join('\n')}`));
  });

  test('the weakening-parameter messages are the core texts', () => {
    expect(() => clusterIn('us-east-1', { parameters: { 'rds.force_ssl': '0' } })).toThrow(exactly(
      `${HEADER}\n- Parameter 'rds.force_ssl' = '0' would let clients connect without TLS; remove it (aurora-tls sets rds.force_ssl=1)`,
    ));
  });

  test.each<[string, Partial<TlsAuroraClusterProps>, string]>([
    ['a different clusterConfig.engine', { clusterConfig: { engine: 'aurora-mysql' } },
      "clusterConfig.engine 'aurora-mysql' differs from engine 'aurora-postgresql'; TlsAuroraCluster owns the engine: give clusterConfig.engine the same value 'aurora-postgresql' (the provider type requires it) or omit it"],
    ['clusterConfig.engineVersion', { clusterConfig: { engine: 'aurora-postgresql', engineVersion: '15.4' } },
      'clusterConfig.engineVersion is owned by TlsAuroraCluster (it decides the TLS parameters); set engineVersion instead'],
    ['clusterConfig.dbClusterParameterGroupName', { clusterConfig: { engine: 'aurora-postgresql', dbClusterParameterGroupName: 'mine' } },
      'clusterConfig.dbClusterParameterGroupName is owned by TlsAuroraCluster (its parameter group enforces TLS); pass extra cluster parameters in parameters instead'],
    ['clusterConfig.caCertificateIdentifier', { clusterConfig: { engine: 'aurora-postgresql', caCertificateIdentifier: 'rds-ca-rsa2048-g1' } },
      'clusterConfig.caCertificateIdentifier is for Multi-AZ DB clusters, not Aurora: Aurora sets the CA on each DB instance; use certificateAuthority instead'],
    ['clusterConfig.region', { clusterConfig: { engine: 'aurora-postgresql', region: 'us-east-1' } },
      'clusterConfig.region is owned by TlsAuroraCluster (every resource of the construct uses it); set region instead'],
    ['clusterConfig.count', { clusterConfig: { engine: 'aurora-postgresql', count: 2 } },
      'clusterConfig.count and clusterConfig.forEach are refused: a TlsAuroraCluster is one cluster; create one TlsAuroraCluster per cluster instead'],
    ['clusterConfig.engineMode serverless', { clusterConfig: { engine: 'aurora-postgresql', engineMode: 'serverless' } },
      "clusterConfig.engineMode 'serverless' is not supported: TlsAuroraCluster creates provisioned DB instances (use instanceClass 'db.serverless' for Aurora Serverless v2); omit engineMode"],
    ['instanceCount 0', { instanceCount: 0 }, 'instanceCount must be a whole number from 1 to 16 (one writer and up to 15 Aurora Replicas), got 0'],
    ['instanceCount 1.5', { instanceCount: 1.5 }, 'instanceCount must be a whole number from 1 to 16 (one writer and up to 15 Aurora Replicas), got 1.5'],
    ['a bad instanceClass', { instanceClass: 'r6g.large' }, "instanceClass 'r6g.large' is not an RDS DB instance class; use one such as 'db.r6g.large', or 'db.serverless' for Aurora Serverless v2"],
    ['trustBundle.minimumValidity a number', { trustBundle: { minimumValidity: 30 as any } },
      'trustBundle.minimumValidity takes a ValidityPeriod such as ValidityPeriod.days(365), got 30'],
    ['trustBundle.expiryBehavior a bad string', { trustBundle: { expiryBehavior: 'ignore' as any } },
      "trustBundle.expiryBehavior takes ExpiryBehavior.FAIL or ExpiryBehavior.WARN, got 'ignore'"],
    ['trustBundle.removalPolicy a bad string', { trustBundle: { removalPolicy: 'snapshot' as any } },
      "trustBundle.removalPolicy takes BundleRemovalPolicy.RETAIN or BundleRemovalPolicy.DESTROY, got 'snapshot'"],
    ['trustBundle with deployTimeCheck false', { deployTimeCheck: false, trustBundle: {} },
      'trustBundle is only used by the deploy-time check, which deployTimeCheck: false turns off; remove trustBundle, or remove deployTimeCheck: false'],
    ['deployTimeCheck a string', { deployTimeCheck: 'no' as any }, "deployTimeCheck takes true or false, got 'no'"],
    ['certificateRotationRestart false', { certificateRotationRestart: false },
      'certificateRotationRestart: false is not available with Terraform: aws_rds_cluster_instance has no certificate_rotation_restart argument; ' +
        'omit it (RDS restarts the instances to rotate the certificate), or rotate with `aws rds modify-db-instance --no-certificate-rotation-restart`'],
  ])('Terraform-only rule: %s', (_what, props, message) => {
    expect(() => clusterIn('us-east-1', props)).toThrow(exactly(`${HEADER}\n- ${message}`));
  });

  test.each<[string, AuroraEngine, string, string]>([
    ['the Aurora MySQL 3 release alone', AuroraEngine.AURORA_MYSQL, '3.08.0',
      "engineVersion '3.08.0' is not a full aurora-mysql engine version: the cluster takes the version as RDS names it, such as " +
        "'8.0.mysql_aurora.3.08.0' (see `aws rds describe-db-engine-versions --engine aurora-mysql`); use '8.0.mysql_aurora.3.08.0'"],
    ['the Aurora MySQL 2 release alone', AuroraEngine.AURORA_MYSQL, '2.12.4',
      "engineVersion '2.12.4' is not a full aurora-mysql engine version: the cluster takes the version as RDS names it, such as " +
        "'8.0.mysql_aurora.3.08.0' (see `aws rds describe-db-engine-versions --engine aurora-mysql`); use '5.7.mysql_aurora.2.12.4'"],
    ['the MySQL major alone', AuroraEngine.AURORA_MYSQL, '8.0',
      "engineVersion '8.0' is not a full aurora-mysql engine version: the cluster takes the version as RDS names it, such as " +
        "'8.0.mysql_aurora.3.08.0' (see `aws rds describe-db-engine-versions --engine aurora-mysql`); use a full version such as '8.0.mysql_aurora.3.08.0'"],
    ['the PostgreSQL major alone', AuroraEngine.AURORA_POSTGRESQL, '16',
      "engineVersion '16' is not a full aurora-postgresql engine version: the cluster takes the version as RDS names it, such as " +
        "'16.4' (see `aws rds describe-db-engine-versions --engine aurora-postgresql`); use a full version such as '16.4'"],
    ['a MySQL version for Aurora PostgreSQL', AuroraEngine.AURORA_POSTGRESQL, '8.0.mysql_aurora.3.08.0',
      "engineVersion '8.0.mysql_aurora.3.08.0' is not a full aurora-postgresql engine version: the cluster takes the version as RDS names it, such as " +
        "'16.4' (see `aws rds describe-db-engine-versions --engine aurora-postgresql`); use a full version such as '16.4'"],
  ])('engine version: %s is refused at synth time', (_what, engine, engineVersion, message) => {
    expect(() => clusterIn('us-east-1', { engine, engineVersion })).toThrow(exactly(`${HEADER}\n- ${message}`));
  });

  test.each<[string, (stack: TerraformStack) => Partial<TlsAuroraClusterProps>, string]>([
    ['a weakening parameter in the group', (stack) => ({
      parameterGroup: new RdsClusterParameterGroup(stack, 'Mine', { family: 'aurora-postgresql16', parameter: [{ name: 'rds.force_ssl', value: '0' }] }),
    }), "parameterGroup 'test/Mine': Parameter 'rds.force_ssl' = '0' would let clients connect without TLS; remove it (aurora-tls sets rds.force_ssl=1)"],
    ['a group of another family', (stack) => ({
      parameterGroup: new RdsClusterParameterGroup(stack, 'Mine', { family: 'aurora-postgresql15' }),
    }), "parameterGroup 'test/Mine' is for aurora-postgresql15, but the cluster engine needs aurora-postgresql16; create the parameter group with the cluster's engine"],
    ['a group and parameters', (stack) => ({
      parameterGroup: new RdsClusterParameterGroup(stack, 'Mine', { family: 'aurora-postgresql16' }),
      parameters: { log_min_duration_statement: '100' },
    }), 'parameterGroup and parameters cannot both be given; put the parameters in the parameter group, or drop parameterGroup and let TlsAuroraCluster create one'],
    ['a group name', () => ({ parameterGroup: 'default.aurora-postgresql16' as any }),
      "parameterGroup takes an RdsClusterParameterGroup of this stack, got 'default.aurora-postgresql16'; pass its settings as parameters instead (TlsAuroraCluster then creates the group)"],
  ])('parameter group: %s is refused', (_what, props, message) => {
    const stack = testStack();
    new AwsProvider(stack, 'aws', { region: 'us-east-1' });
    expect(() => new TlsAuroraCluster(stack, 'Db', { ...BASE, ...props(stack) })).toThrow(exactly(`${HEADER}\n- ${message}`));
  });

  test('parameter group: your own group is used and extended with the TLS parameters it lacks', () => {
    // GIVEN a group with one TLS parameter already and one of yours
    const stack = testStack();
    new AwsProvider(stack, 'aws', { region: 'us-east-1' });
    const mine = new RdsClusterParameterGroup(stack, 'Mine', {
      family: 'aurora-postgresql16',
      parameter: [{ name: 'rds.force_ssl', value: '1' }, { name: 'log_min_duration_statement', value: '100' }],
    });
    // WHEN
    const db = new TlsAuroraCluster(stack, 'Db', { ...BASE, parameterGroup: mine });
    const t = TfTemplate.fromStack(stack);
    // THEN
    expect(db.parameterGroup).toBe(mine);
    t.resourceCountIs(RdsClusterParameterGroup, 1);
    expect(t.onlyResource(RdsClusterParameterGroup).parameter).toEqual([
      { name: 'rds.force_ssl', value: '1' },
      { name: 'log_min_duration_statement', value: '100' },
      { name: 'ssl_min_protocol_version', value: 'TLSv1.2', apply_method: 'pending-reboot' },
    ]);
    expect(t.onlyResource(RdsCluster).db_cluster_parameter_group_name).toBe(`\${aws_rds_cluster_parameter_group.${Object.keys(t.resourcesByName(RdsClusterParameterGroup))[0]}.name}`);
  });

  test('expiryBehavior WARN: an expired CA still fails the plan, one expiring within minimumValidity is a check-block warning', () => {
    const { t } = clusterIn('us-east-1', { trustBundle: { expiryBehavior: ExpiryBehavior.WARN, minimumValidity: ValidityPeriod.days(90) } });
    const cert = address(t, DataAwsRdsCertificate);
    const preconditions = t.onlyResource(RdsCluster).lifecycle.precondition;
    expect(preconditions[1]).toEqual({
      condition: `\${(timecmp(${cert}.valid_till, plantimestamp()) != -1)}`,
      error_message: `aurora-tls: rds-ca-rsa2048-g1 in us-east-1 expired on \${${cert}.valid_till}; choose a CA that is still valid`,
    });
    const checks = Object.values(t.template.check ?? {}) as any[];
    expect(checks).toHaveLength(1);
    expect(checks[0].assert).toEqual([{
      condition: `\${(timecmp(${cert}.valid_till, timeadd(plantimestamp(), "2160h")) != -1)}`,
      error_message: `aurora-tls: rds-ca-rsa2048-g1 in us-east-1 is valid until \${${cert}.valid_till}, less than minimumValidity (90 days) from now; ` +
        'plan the rotation to a CA that is valid for longer, or lower minimumValidity',
    }]);
  });

  test('a Terraform expression as engineVersion is refused', () => {
    const stack = testStack();
    new AwsProvider(stack, 'aws', { region: 'us-east-1' });
    const version = new TerraformVariable(stack, 'version', { type: 'string' });
    expect(() => new TlsAuroraCluster(stack, 'Db', { ...BASE, engineVersion: version.stringValue })).toThrow(exactly(
      `${HEADER}\n- engineVersion must be a literal such as '16.4', not a Terraform expression: it decides the parameter group family and the TLS parameters`,
    ));
  });

  test('every problem is reported together, in rule order, and nothing is created', () => {
    // GIVEN
    const stack = testStack();
    new AwsProvider(stack, 'aws', { region: 'eu-central-2' });
    let error: any;

    // WHEN
    try {
      new TlsAuroraCluster(stack, 'Db', {
        ...BASE,
        certificateAuthority: CaSelection.exactly(ECC),
        parameters: { 'rds.force_ssl': '0' },
        instanceCount: 17,
        clusterConfig: { engine: 'aurora-postgresql', caCertificateIdentifier: 'rds-ca-ecc384-g1' },
      });
    } catch (e) {
      error = e;
    }

    // THEN
    expect(error.name).toBe('ValidationError');
    expect(error.constructPath).toBe('test/Db');
    expect(error.message).toBe([
      HEADER,
      `- ${CaSelection.exactly(ECC).problemIn('eu-central-2')}`,
      "- Parameter 'rds.force_ssl' = '0' would let clients connect without TLS; remove it (aurora-tls sets rds.force_ssl=1)",
      '- instanceCount must be a whole number from 1 to 16 (one writer and up to 15 Aurora Replicas), got 17',
      '- clusterConfig.caCertificateIdentifier is for Multi-AZ DB clusters, not Aurora: Aurora sets the CA on each DB instance; use certificateAuthority instead',
    ].join('\n'));
    const db = stack.node.findChild('Db') as Construct;
    expect(db.node.children).toEqual([]);
    expect(stack.node.tryFindChild('AuroraTlsTrustBundleEcc384G1')).toBeUndefined();
  });

  test('a China region: no vendored roots, so the default trust bundle is refused, and opting out works', () => {
    const noRoot = coreMessage(() => TrustStore.bundled().root('cn-north-1', RSA2048));
    expect(() => clusterIn('cn-north-1')).toThrow(exactly(`${HEADER}\n- deployTimeCheck: ${noRoot}; set deployTimeCheck to false to deploy ` +
      'without the plan-time check and the trust bundle, which need the roots vendored with aurora-tls'));

    // Fail closed or opt out: with deployTimeCheck: false there is no check at all.
    const { t } = clusterIn('cn-north-1', { deployTimeCheck: false });
    expect(t.onlyResource(RdsCluster).lifecycle).toBeUndefined();
    t.dataSourceCountIs(DataAwsRdsCertificate, 0);
  });
});

describe('secure defaults', () => {
  test.each([
    [undefined, true],
    [true, true],
    [false, false],
  ])('clusterConfig.storageEncrypted %p gives storage_encrypted %p (the provider alone leaves storage unencrypted)', (given, expected) => {
    // GIVEN / WHEN
    const clusterConfig = given === undefined ? undefined : { engine: 'aurora-postgresql', storageEncrypted: given };
    const { t } = clusterIn('us-east-1', { clusterConfig, deployTimeCheck: false });
    // THEN
    expect(t.onlyResource(RdsCluster).storage_encrypted).toBe(expected);
  });
});
