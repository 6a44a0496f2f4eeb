import { CfnParameter, CfnWaitConditionHandle, Duration, Stack, Token } from 'aws-cdk-lib';
import { Annotations, Match, Template } from 'aws-cdk-lib/assertions';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as rds from 'aws-cdk-lib/aws-rds';
import { TlsAuroraCluster, TlsAuroraClusterAnnotation, TlsAuroraClusterProps, TrustBundle, TrustBundleOptions } from '../../lib/cdk';
import { AuroraTlsErrors, CaSelection, CertificateAuthority, ExpiryBehavior, TlsVersion } from '../../lib/core';
import { defaultAppStackIn as stackIn } from '../support/cdk';

const PG13 = rds.DatabaseClusterEngine.auroraPostgres({ version: rds.AuroraPostgresEngineVersion.VER_13_12 });
const PG16 = rds.DatabaseClusterEngine.auroraPostgres({ version: rds.AuroraPostgresEngineVersion.VER_16_4 });
const PG17 = rds.DatabaseClusterEngine.auroraPostgres({ version: rds.AuroraPostgresEngineVersion.VER_17_4 });
const MYSQL3 = rds.DatabaseClusterEngine.auroraMysql({ version: rds.AuroraMysqlEngineVersion.VER_3_08_0 });
const MYSQL3_03 = rds.DatabaseClusterEngine.auroraMysql({ version: rds.AuroraMysqlEngineVersion.VER_3_03_0 });
const MYSQL2 = rds.DatabaseClusterEngine.auroraMysql({ version: rds.AuroraMysqlEngineVersion.VER_2_12_0 });

const INVALID = 'TlsAuroraCluster initialization failed due to the following validation error(s):\n';


function minimalProps(vpc: ec2.IVpc, extra: Partial<TlsAuroraClusterProps> = {}): TlsAuroraClusterProps {
  return { engine: PG16, writer: rds.ClusterInstance.provisioned('Writer'), vpc, ...extra };
}

/** The message of what `fn` throws (fails the test when nothing is thrown). */
function thrownBy(fn: () => unknown): Error {
  try {
    fn();
  } catch (e) {
    return e as Error;
  }
  throw new Error('expected an error, nothing was thrown');
}

/** The logical id of a construct's default CloudFormation resource. */
function logicalIdOf(construct: { node: { defaultChild?: unknown } }): string {
  const child = construct.node.defaultChild as rds.CfnDBClusterParameterGroup;
  return Stack.of(child).resolve(child.logicalId);
}

describe('TlsAuroraCluster in a stack with a region', () => {
  // GIVEN a writer, two provisioned readers and a Serverless v2 reader, with the defaults
  let stack: Stack;
  let db: TlsAuroraCluster;
  let template: Template;
  beforeAll(() => {
    ({ stack } = stackIn('us-east-1'));
    const vpc = stack.node.findChild('Vpc') as ec2.IVpc;
    db = new TlsAuroraCluster(stack, 'Db', minimalProps(vpc, {
      readers: [
        rds.ClusterInstance.provisioned('Reader1'),
        rds.ClusterInstance.provisioned('Reader2'),
        rds.ClusterInstance.serverlessV2('Reader3'),
      ],
    }));
    template = Template.fromStack(stack);
  });

  test('sets CACertificateIdentifier explicitly on every DB instance: writer, provisioned and Serverless v2 readers', () => {
    template.resourceCountIs('AWS::RDS::DBInstance', 4);
    template.allResourcesProperties('AWS::RDS::DBInstance', { CACertificateIdentifier: 'rds-ca-rsa2048-g1' });
    template.hasResourceProperties('AWS::RDS::DBInstance', { DBInstanceClass: 'db.serverless', CACertificateIdentifier: 'rds-ca-rsa2048-g1' });
    template.hasResourceProperties('AWS::RDS::DBInstance', { PromotionTier: 0, CACertificateIdentifier: 'rds-ca-rsa2048-g1' });
  });

  test('leaves CertificateRotationRestart to CloudFormation by default', () => {
    template.allResourcesProperties('AWS::RDS::DBInstance', { CertificateRotationRestart: Match.absent() });
  });

  test('gives the cluster a parameter group of its family that requires TLS 1.2 or newer', () => {
    const groupId = logicalIdOf(db.parameterGroup);
    template.resourceCountIs('AWS::RDS::DBClusterParameterGroup', 1);
    template.hasResourceProperties('AWS::RDS::DBClusterParameterGroup', {
      Family: 'aurora-postgresql16',
      Parameters: Match.objectEquals({ 'rds.force_ssl': '1', 'ssl_min_protocol_version': 'TLSv1.2' }),
    });
    template.hasResourceProperties('AWS::RDS::DBCluster', { DBClusterParameterGroupName: { Ref: groupId } });
  });

  test('adds no Rule and no mapping when the region is known at synth time', () => {
    expect(Object.keys(template.findMappings('*'))).toEqual([]);
    expect(Object.keys(template.toJSON().Rules ?? {})).toEqual(['CheckBootstrapVersion']);
  });

  test('exposes the CA, the TLS minimum and the connection facts', () => {
    expect(db.certificateAuthority).toBe(CertificateAuthority.RSA2048_G1);
    expect(db.certificateAuthorityIdentifier).toBe('rds-ca-rsa2048-g1');
    expect(db.certificateAuthoritySelection.toString()).toBe('exactly(rds-ca-rsa2048-g1)');
    expect(db.minimumTlsVersion).toBe(TlsVersion.TLS_1_2);
    expect(db.recommendedSslMode).toBe('verify-full');
    expect(db.cluster).toBeInstanceOf(rds.DatabaseCluster);
    expect(db.cluster.node.id).toBe('Resource');
    expect(db.clusterEndpoint).toBe(db.cluster.clusterEndpoint);
    expect(stack.resolve(db.port)).toEqual({ 'Fn::GetAtt': [logicalIdOf(db.cluster), 'Endpoint.Port'] });
    // The cluster's security groups and port (allowing a peer of another stack in is made from its side: composing-stacks.test.ts)
    expect(db.connections.securityGroups).toEqual(db.cluster.connections.securityGroups);
    expect(db.connections.defaultPort).toBe(db.cluster.connections.defaultPort);
  });

  test('is an ec2.IConnectable', () => {
    // GIVEN a second app and a security group that connects to the cluster
    const { stack: other, vpc } = stackIn('us-east-1');
    const cluster = new TlsAuroraCluster(other, 'Db', minimalProps(vpc));
    const client = new ec2.SecurityGroup(other, 'Client', { vpc });
    // WHEN
    client.connections.allowTo(cluster, ec2.Port.tcp(5432));
    // THEN
    Template.fromStack(other).hasResourceProperties('AWS::EC2::SecurityGroupIngress', {
      FromPort: 5432,
      SourceSecurityGroupId: { 'Fn::GetAtt': [Match.stringLikeRegexp('^Client'), 'GroupId'] },
    });
  });
});

describe('TLS enforcement in the cluster parameter group', () => {
  // GIVEN one stack with a cluster per engine version (synthesized once)
  const cases: Array<[string, rds.IClusterEngine, TlsVersion | undefined, string, { [name: string]: string }]> = [
    ['aurora-postgresql 13.12', PG13, undefined, 'aurora-postgresql13', { 'rds.force_ssl': '1', 'ssl_min_protocol_version': 'TLSv1.2' }],
    ['aurora-postgresql 16.4', PG16, undefined, 'aurora-postgresql16', { 'rds.force_ssl': '1', 'ssl_min_protocol_version': 'TLSv1.2' }],
    ['aurora-postgresql 16.4, TLS 1.3', PG16, TlsVersion.TLS_1_3, 'aurora-postgresql16', { 'rds.force_ssl': '1', 'ssl_min_protocol_version': 'TLSv1.3' }],
    ['aurora-postgresql 17.4', PG17, undefined, 'aurora-postgresql17', { 'rds.force_ssl': '1', 'ssl_min_protocol_version': 'TLSv1.2' }],
    ['aurora-mysql 3.08.0', MYSQL3, undefined, 'aurora-mysql8.0', { require_secure_transport: 'ON', tls_version: 'TLSv1.2,TLSv1.3' }],
    ['aurora-mysql 3.08.0, TLS 1.3', MYSQL3, TlsVersion.TLS_1_3, 'aurora-mysql8.0', { require_secure_transport: 'ON', tls_version: 'TLSv1.3' }],
    ['aurora-mysql 3.03.0 (no TLS 1.3)', MYSQL3_03, undefined, 'aurora-mysql8.0', { require_secure_transport: 'ON', tls_version: 'TLSv1.2' }],
    ['aurora-mysql 2.12.0', MYSQL2, undefined, 'aurora-mysql5.7', { require_secure_transport: 'ON', tls_version: 'TLSv1.2' }],
  ];
  let stack: Stack;
  let template: Template;
  const clusters = new Map<string, TlsAuroraCluster>();
  beforeAll(() => {
    let vpc: ec2.IVpc;
    ({ stack, vpc } = stackIn('eu-west-1'));
    cases.forEach(([name, engine, minimumTlsVersion], i) => {
      clusters.set(name, new TlsAuroraCluster(stack, `Db${i}`, minimalProps(vpc, { engine, minimumTlsVersion })));
    });
    template = Template.fromStack(stack);
  });

  test.each(cases)('%s', (name, _engine, _tls, family, parameters) => {
    const db = clusters.get(name)!;
    const groupId = logicalIdOf(db.parameterGroup);
    expect(template.toJSON().Resources[groupId]).toMatchObject({
      Type: 'AWS::RDS::DBClusterParameterGroup',
      Properties: { Family: family, Parameters: parameters },
    });
    expect(Object.keys(template.toJSON().Resources[groupId].Properties.Parameters)).toEqual(Object.keys(parameters));
    template.hasResourceProperties('AWS::RDS::DBCluster', {
      DBClusterParameterGroupName: { Ref: groupId },
      DBClusterIdentifier: Match.absent(),
      Engine: family.startsWith('aurora-mysql') ? 'aurora-mysql' : 'aurora-postgresql',
    });
  });

  test('merges the user parameters with the TLS parameters (case-insensitive names, stricter values kept)', () => {
    // GIVEN
    const { stack: s, vpc } = stackIn('eu-west-1');
    // WHEN
    const pg = new TlsAuroraCluster(s, 'Pg', minimalProps(vpc, { parameters: { 'log_min_duration_statement': '500', 'RDS.FORCE_SSL': '1' } }));
    const my = new TlsAuroraCluster(s, 'My', minimalProps(vpc, { engine: MYSQL3, parameters: { tls_version: 'TLSv1.2', max_connections: '100' } }));
    // THEN
    const resources = Template.fromStack(s).toJSON().Resources;
    expect(resources[logicalIdOf(pg.parameterGroup)].Properties.Parameters).toEqual({
      'rds.force_ssl': '1', 'ssl_min_protocol_version': 'TLSv1.2', 'log_min_duration_statement': '500',
    });
    expect(resources[logicalIdOf(my.parameterGroup)].Properties.Parameters).toEqual({
      require_secure_transport: 'ON', tls_version: 'TLSv1.2', max_connections: '100',
    });
  });

  test('extends a parameter group created in the app instead of creating one', () => {
    // GIVEN a group with one unrelated parameter and an acceptable TLS one, spelled differently
    const { stack: s, vpc } = stackIn('eu-west-1');
    const own = new rds.ParameterGroup(s, 'Own', { engine: PG16, parameters: { 'work_mem': '65536', 'RDS.Force_SSL': 'on' } });
    // WHEN
    const db = new TlsAuroraCluster(s, 'Db', minimalProps(vpc, { parameterGroup: own }));
    // THEN the missing TLS parameter is added; nothing is duplicated
    const template2 = Template.fromStack(s);
    expect(db.parameterGroup).toBe(own);
    template2.resourceCountIs('AWS::RDS::DBClusterParameterGroup', 1);
    template2.hasResourceProperties('AWS::RDS::DBClusterParameterGroup', {
      Family: 'aurora-postgresql16',
      Parameters: Match.objectEquals({ 'work_mem': '65536', 'RDS.Force_SSL': 'on', 'ssl_min_protocol_version': 'TLSv1.2' }),
    });
    template2.hasResourceProperties('AWS::RDS::DBCluster', { DBClusterParameterGroupName: { Ref: logicalIdOf(own) } });
  });

  test('adds the TLS caveats of the engine version as info annotations', () => {
    Annotations.fromStack(stack).hasInfo(
      '/S/Db4',
      'tls_version is a static parameter: a change takes effect after the DB instances reboot [ack: aurora-tls:tls-note]',
    );
    expect(TlsAuroraClusterAnnotation.TLS_NOTE).toBe('aurora-tls:tls-note');
  });
});

describe('legacy instanceProps', () => {
  const deprecated = process.env.JSII_DEPRECATED;
  beforeAll(() => { process.env.JSII_DEPRECATED = 'quiet'; });
  afterAll(() => {
    if (deprecated === undefined) delete process.env.JSII_DEPRECATED;
    else process.env.JSII_DEPRECATED = deprecated;
  });

  test('the instances created from instanceProps are pinned too', () => {
    // GIVEN
    const { stack, vpc } = stackIn('us-east-1');
    // WHEN (instances and instanceProps are deprecated in aws-cdk-lib, still accepted)
    new TlsAuroraCluster(stack, 'Db', {
      engine: PG16,
      instances: 2,
      instanceProps: { vpc, instanceType: ec2.InstanceType.of(ec2.InstanceClass.R6G, ec2.InstanceSize.LARGE) },
      certificateAuthority: CaSelection.exactly(CertificateAuthority.RSA4096_G1),
      certificateRotationRestart: false,
    });
    // THEN
    const template = Template.fromStack(stack);
    template.resourceCountIs('AWS::RDS::DBInstance', 2);
    template.allResourcesProperties('AWS::RDS::DBInstance', { CACertificateIdentifier: 'rds-ca-rsa4096-g1', CertificateRotationRestart: false });
  });
});

describe('certificateRotationRestart', () => {
  test.each([true, false])('sets CertificateRotationRestart=%s on every DB instance', (restart) => {
    // GIVEN
    const { stack, vpc } = stackIn('us-east-1');
    // WHEN
    new TlsAuroraCluster(stack, 'Db', minimalProps(vpc, {
      readers: [rds.ClusterInstance.provisioned('Reader1'), rds.ClusterInstance.serverlessV2('Reader2')],
      certificateRotationRestart: restart,
    }));
    // THEN
    const template = Template.fromStack(stack);
    template.resourceCountIs('AWS::RDS::DBInstance', 3);
    template.allResourcesProperties('AWS::RDS::DBInstance', { CertificateRotationRestart: restart, CACertificateIdentifier: 'rds-ca-rsa2048-g1' });
  });
});

describe('CaSelection.preferred resolves per region', () => {
  const preference = (): CaSelection =>
    CaSelection.preferred([CertificateAuthority.ECC384_G1, CertificateAuthority.RSA4096_G1, CertificateAuthority.RSA2048_G1]);

  test.each([
    ['ap-south-1', CertificateAuthority.RSA2048_G1],
    ['us-east-1', CertificateAuthority.ECC384_G1],
    ['eu-central-2', CertificateAuthority.RSA2048_G1],
    ['eu-west-1', CertificateAuthority.ECC384_G1],
  ])('in %s to %s', (region, expected) => {
    // GIVEN
    const { stack, vpc } = stackIn(region);
    // WHEN
    const db = new TlsAuroraCluster(stack, 'Db', minimalProps(vpc, {
      readers: [rds.ClusterInstance.serverlessV2('Reader')],
      certificateAuthority: preference(),
    }));
    // THEN
    expect(db.certificateAuthority).toBe(expected);
    Template.fromStack(stack).allResourcesProperties('AWS::RDS::DBInstance', { CACertificateIdentifier: expected.identifier });
  });
});

describe('an environment-agnostic stack', () => {
  const ECC384_RULE = {
    Assertions: [{
      Assert: {
        'Fn::Not': [{
          'Fn::Contains': [
            ['ap-southeast-4', 'ap-south-1', 'ca-west-1', 'eu-south-2', 'eu-central-2', 'il-central-1'],
            { Ref: 'AWS::Region' },
          ],
        }],
      },
      AssertDescription:
        'aurora-tls: rds-ca-ecc384-g1 is not offered in ap-southeast-4, ap-south-1, ca-west-1, eu-south-2, eu-central-2, il-central-1 ' +
        '(AWS Aurora user guide); deploy to another region, or use CaSelection.preferred([...]) ending with ' +
        'CertificateAuthority.RSA2048_G1 to fall back where it is missing',
    }],
  };

  test('refuses the regions without the CA with a Rule, shared by every cluster of the stack with the same selection', () => {
    // GIVEN
    const { stack, vpc } = stackIn();
    // WHEN two clusters use exactly(ECC384_G1)
    const db = new TlsAuroraCluster(stack, 'Db', minimalProps(vpc, { certificateAuthority: CaSelection.exactly(CertificateAuthority.ECC384_G1) }));
    new TlsAuroraCluster(stack, 'Db2', minimalProps(vpc, { certificateAuthority: CaSelection.exactly(CertificateAuthority.ECC384_G1) }));
    // THEN one Rule with the exact assertion, and a literal CA on every instance
    const template = Template.fromStack(stack);
    expect(template.toJSON().Rules).toEqual({
      AuroraTlsCaExactlyEcc384G1Rule: ECC384_RULE,
      AuroraTlsTrustBundleRegionsRule: expect.anything(), // China, for the trust bundle (test/cdk/composing-stacks.test.ts)
      CheckBootstrapVersion: expect.anything(),
    });
    template.allResourcesProperties('AWS::RDS::DBInstance', { CACertificateIdentifier: 'rds-ca-ecc384-g1' });
    expect(Object.keys(template.findMappings('*'))).toEqual([]);
    expect(db.certificateAuthority).toBe(CertificateAuthority.ECC384_G1);
    expect(db.certificateAuthorityIdentifier).toBe('rds-ca-ecc384-g1');
  });

  test('needs neither CA Rule nor mapping for the default rds-ca-rsa2048-g1, offered in every region', () => {
    const { stack, vpc } = stackIn();
    new TlsAuroraCluster(stack, 'Db', minimalProps(vpc));
    const template = Template.fromStack(stack);
    // Only the trust bundle's Rule, which keeps the deploy-time check out of China (no vendored roots there)
    expect(Object.keys(template.toJSON().Rules)).toEqual(['AuroraTlsTrustBundleRegionsRule', 'CheckBootstrapVersion']);
    expect(Object.keys(template.findMappings('*'))).toEqual([]);
    template.allResourcesProperties('AWS::RDS::DBInstance', { CACertificateIdentifier: 'rds-ca-rsa2048-g1' });
  });

  describe('with a preference that resolves differently per region', () => {
    let stack: Stack;
    let db: TlsAuroraCluster;
    let template: Template;
    const MAP = 'AuroraTlsCaPreferredEcc384G1Rsa4096G1Rsa2048G1Map';
    beforeAll(() => {
      let vpc: ec2.IVpc;
      ({ stack, vpc } = stackIn());
      db = new TlsAuroraCluster(stack, 'Db', minimalProps(vpc, {
        readers: [rds.ClusterInstance.serverlessV2('Reader')],
        certificateAuthority: CaSelection.preferred([
          CertificateAuthority.ECC384_G1, CertificateAuthority.RSA4096_G1, CertificateAuthority.RSA2048_G1,
        ]),
      }));
      template = Template.fromStack(stack);
    });

    test('looks the CA up in a region mapping at deploy time', () => {
      template.hasMapping(MAP, {
        'ap-south-1': { CaIdentifier: 'rds-ca-rsa2048-g1' },
        'us-east-1': { CaIdentifier: 'rds-ca-ecc384-g1' },
        'il-central-1': { CaIdentifier: 'rds-ca-rsa2048-g1' },
        'us-gov-west-1': { CaIdentifier: 'rds-ca-ecc384-g1' },
      });
      expect(Object.keys(template.findMappings(MAP)[MAP])).toHaveLength(38);
      template.resourceCountIs('AWS::RDS::DBInstance', 2);
      template.allResourcesProperties('AWS::RDS::DBInstance', {
        CACertificateIdentifier: { 'Fn::FindInMap': [MAP, { Ref: 'AWS::Region' }, 'CaIdentifier'] },
      });
      expect(db.certificateAuthority).toBeUndefined();
      expect(Token.isUnresolved(db.certificateAuthorityIdentifier)).toBe(true);
      // No DefaultValue: it would add the AWS::LanguageExtensions transform to the whole stack.
      expect(template.toJSON().Transform).toBeUndefined();
    });

    test('refuses regions unknown to the catalog (absent from the mapping) with a Rule', () => {
      const rule = template.toJSON().Rules.AuroraTlsCaPreferredEcc384G1Rsa4096G1Rsa2048G1Rule;
      expect(rule.Assertions).toHaveLength(1);
      expect(rule.Assertions[0].Assert['Fn::Contains'][1]).toEqual({ Ref: 'AWS::Region' });
      expect(rule.Assertions[0].Assert['Fn::Contains'][0]).toEqual(Object.keys(template.findMappings(MAP)[MAP]));
      expect(rule.Assertions[0].AssertDescription).toBe(
        'aurora-tls: this region is unknown to the aurora-tls region catalog, so CaSelection.preferred(rds-ca-ecc384-g1, ' +
          'rds-ca-rsa4096-g1, rds-ca-rsa2048-g1) cannot be resolved here; upgrade aurora-tls, give the stack an explicit ' +
          'env.region, or use CaSelection.exactly(...)',
      );
    });
  });

  test('a preference that resolves to one CA wherever it can be used: a literal CA, and a Rule for the regions without any candidate', () => {
    // GIVEN rds-ca-ecc384-g1 and rds-ca-rsa4096-g1 are missing from the same regions, so the first always wins
    const { stack, vpc } = stackIn();
    // WHEN
    const db = new TlsAuroraCluster(stack, 'Db', minimalProps(vpc, {
      certificateAuthority: CaSelection.preferred([CertificateAuthority.ECC384_G1, CertificateAuthority.RSA4096_G1]),
    }));
    // THEN
    const template = Template.fromStack(stack);
    expect(template.toJSON().Rules.AuroraTlsCaPreferredEcc384G1Rsa4096G1Rule).toEqual({
      Assertions: [{
        Assert: {
          'Fn::Not': [{
            'Fn::Contains': [
              ['ap-southeast-4', 'ap-south-1', 'ca-west-1', 'eu-south-2', 'eu-central-2', 'il-central-1'],
              { Ref: 'AWS::Region' },
            ],
          }],
        },
        AssertDescription:
          'aurora-tls: None of the preferred certificate authorities (rds-ca-ecc384-g1, rds-ca-rsa4096-g1) is offered in ' +
          'ap-southeast-4, ap-south-1, ca-west-1, eu-south-2, eu-central-2, il-central-1 (AWS Aurora user guide); ' +
          'add rds-ca-rsa2048-g1 (offered in every region) to the end of the CaSelection.preferred() list, or deploy to another region',
      }],
    });
    expect(Object.keys(template.findMappings('*'))).toEqual([]);
    template.allResourcesProperties('AWS::RDS::DBInstance', { CACertificateIdentifier: 'rds-ca-ecc384-g1' });
    expect(db.certificateAuthority).toBe(CertificateAuthority.ECC384_G1);
  });
});

describe('tokens', () => {
  test('a deploy-time engine version: parameters chosen for the major version, the version check moved to deploy time and said so', () => {
    // GIVEN
    const { stack, vpc } = stackIn('us-east-1');
    const engine = rds.DatabaseClusterEngine.auroraPostgres({
      version: rds.AuroraPostgresEngineVersion.of(new CfnParameter(stack, 'EngineVersion').valueAsString, '16'),
    });
    // WHEN
    new TlsAuroraCluster(stack, 'Db', minimalProps(vpc, { engine }));
    // THEN
    Template.fromStack(stack).hasResourceProperties('AWS::RDS::DBClusterParameterGroup', {
      Family: 'aurora-postgresql16',
      Parameters: Match.objectEquals({ 'rds.force_ssl': '1', 'ssl_min_protocol_version': 'TLSv1.2' }),
    });
    Annotations.fromStack(stack).hasWarning('/S/Db',
      'The engine version is a deploy-time value, so the TLS parameters were chosen for aurora-postgresql 16 (TLS 1.3 treated as unavailable); ' +
        'RDS checks that they apply to the actual version when it creates the cluster. Use a literal engine version to check at synth time ' +
        '[ack: aurora-tls:deferred-check]');
    expect(TlsAuroraClusterAnnotation.DEFERRED_CHECK).toBe('aurora-tls:deferred-check');
  });

  test('a deploy-time value of a parameter unrelated to TLS is passed through', () => {
    const { stack, vpc } = stackIn('us-east-1');
    new TlsAuroraCluster(stack, 'Db', minimalProps(vpc, { parameters: { work_mem: new CfnParameter(stack, 'WorkMem').valueAsString } }));
    Template.fromStack(stack).hasResourceProperties('AWS::RDS::DBClusterParameterGroup', {
      Parameters: Match.objectEquals({ 'rds.force_ssl': '1', 'ssl_min_protocol_version': 'TLSv1.2', 'work_mem': { Ref: 'WorkMem' } }),
    });
  });
});

describe('addDeployTimeCheck', () => {
  test('makes the cluster and every DB instance depend on the check', () => {
    // GIVEN
    const { stack, vpc } = stackIn('us-east-1');
    const db = new TlsAuroraCluster(stack, 'Db', minimalProps(vpc, { readers: [rds.ClusterInstance.serverlessV2('Reader')] }));
    const check = new CfnWaitConditionHandle(stack, 'CaCheck');
    // WHEN
    db.addDeployTimeCheck(check);
    // THEN
    const template = Template.fromStack(stack);
    const dependsOnCheck = { DependsOn: Match.arrayWith(['CaCheck']) };
    template.resourceCountIs('AWS::RDS::DBInstance', 2);
    template.allResources('AWS::RDS::DBInstance', dependsOnCheck);
    template.allResources('AWS::RDS::DBCluster', dependsOnCheck);
    template.hasResource('AWS::RDS::DBClusterParameterGroup', { DependsOn: Match.absent() });
  });
});

describe('deploy-time check', () => {
  /** Logical ids of the resources a DB resource depends on, from the aurora-tls resources. */
  const auroraTlsDependencies = (template: Template, logicalId: string): string[] =>
    ((template.toJSON().Resources[logicalId].DependsOn ?? []) as string[]).filter((id) => id.startsWith('AuroraTls'));

  test('on by default: a refused CA creates no database, since the cluster and every instance wait for the check and the publication', () => {
    // GIVEN / WHEN
    const { stack, vpc } = stackIn('us-east-1');
    const db = new TlsAuroraCluster(stack, 'Db', minimalProps(vpc, { readers: [rds.ClusterInstance.serverlessV2('Reader')] }));
    // THEN
    const template = Template.fromStack(stack);
    const check = Object.keys(template.findResources('Custom::AuroraTlsCaCheck'));
    const bundle = Object.keys(template.findResources('Custom::AuroraTlsTrustBundle'));
    expect(check).toEqual(['AuroraTlsCaCheckRsa2048G1AuroraPostgresql164017AD660']);
    expect(bundle).toEqual(['AuroraTlsTrustBundleRsa2048G12BA779BC']);
    expect(auroraTlsDependencies(template, logicalIdOf(db.cluster))).toEqual([...check, ...bundle]);
    const instances = Object.keys(template.findResources('AWS::RDS::DBInstance'));
    expect(instances).toHaveLength(2);
    for (const instance of instances) expect(auroraTlsDependencies(template, instance)).toEqual([...check, ...bundle]);
    expect(db.trustBundle).toBe(TrustBundle.of(stack));
    template.resourceCountIs('AWS::Lambda::Function', 1);
  });

  test('deployTimeCheck: false adds no function, no custom resource, no bucket and no dependency', () => {
    // GIVEN / WHEN
    const { stack, vpc } = stackIn('us-east-1');
    const db = new TlsAuroraCluster(stack, 'Db', minimalProps(vpc, { deployTimeCheck: false }));
    // THEN
    const template = Template.fromStack(stack);
    for (const type of ['AWS::Lambda::Function', 'Custom::AuroraTlsCaCheck', 'Custom::AuroraTlsTrustBundle', 'AWS::S3::Bucket', 'AWS::IAM::Role']) {
      template.resourceCountIs(type, 0);
    }
    template.hasResource('AWS::RDS::DBCluster', { DependsOn: Match.absent() });
    template.allResourcesProperties('AWS::RDS::DBInstance', { CACertificateIdentifier: 'rds-ca-rsa2048-g1' });
    expect(db.trustBundle).toBeUndefined();
  });

  test('deployTimeCheck: false in a China region, whose roots are not vendored', () => {
    const { stack, vpc } = stackIn('cn-north-1');
    new TlsAuroraCluster(stack, 'Db', minimalProps(vpc, { deployTimeCheck: false }));
    Template.fromStack(stack).allResourcesProperties('AWS::RDS::DBInstance', { CACertificateIdentifier: 'rds-ca-rsa2048-g1' });
  });

  test('trustBundle options reach the publication and the check; a later cluster of the CA shares them without repeating them', () => {
    // GIVEN
    const { stack, vpc } = stackIn('us-east-1');
    const options: TrustBundleOptions = { parameterPrefix: '/app/db-tls', minimumValidity: Duration.days(90), expiryBehavior: ExpiryBehavior.WARN };
    // WHEN
    const first = new TlsAuroraCluster(stack, 'Db', minimalProps(vpc, { trustBundle: options }));
    const second = new TlsAuroraCluster(stack, 'Db2', minimalProps(vpc, { engine: PG17 }));
    // THEN
    const template = Template.fromStack(stack);
    expect(second.trustBundle).toBe(first.trustBundle);
    template.resourceCountIs('Custom::AuroraTlsTrustBundle', 1);
    template.hasResourceProperties('Custom::AuroraTlsTrustBundle', { ParameterPrefix: '/app/db-tls', MinimumValidityDays: '90', ExpiryBehavior: 'warn' });
    const checks = Object.values(template.findResources('Custom::AuroraTlsCaCheck')).map((r) => r.Properties);
    expect(checks.map((p) => [p.EngineVersion, p.MinimumValidityDays, p.ExpiryBehavior]).sort())
      .toEqual([['16.4', '90', 'warn'], ['17.4', '90', 'warn']]);
  });

  test('a deploy-time engine version is checked at deploy time by the check-only resource', () => {
    // GIVEN
    const { stack, vpc } = stackIn('us-east-1');
    const engine = rds.DatabaseClusterEngine.auroraPostgres({
      version: rds.AuroraPostgresEngineVersion.of(new CfnParameter(stack, 'EngineVersion').valueAsString, '16'),
    });
    // WHEN
    new TlsAuroraCluster(stack, 'Db', minimalProps(vpc, { engine }));
    // THEN
    const checks = Template.fromStack(stack).findResources('Custom::AuroraTlsCaCheck');
    expect(Object.keys(checks)).toEqual([expect.stringMatching(/^AuroraTlsCaCheckRsa2048G1AuroraPostgresqlDeployTimeVersion[0-9A-F]{8}$/)]);
    expect(Object.values(checks)[0].Properties).toMatchObject({ Engine: 'aurora-postgresql', EngineVersion: { Ref: 'EngineVersion' } });
  });

  test('clusters of the same CA with different trustBundle options', () => {
    // GIVEN
    const { stack, vpc } = stackIn('us-east-1');
    new TlsAuroraCluster(stack, 'Db', minimalProps(vpc, { trustBundle: { parameterPrefix: '/one' } }));
    // WHEN
    const error = thrownBy(() => new TlsAuroraCluster(stack, 'Db2', minimalProps(vpc, { trustBundle: { parameterPrefix: '/two' } })));
    // THEN
    expect(error.message).toBe(INVALID +
      "- trustBundle: the stack already publishes the trust bundle of rds-ca-rsa2048-g1 with other options: parameterPrefix '/two' " +
      "(the bundle has '/one'); a stack publishes one trust bundle per certificate authority: give every TlsAuroraCluster and " +
      'TrustBundle.of() of rds-ca-rsa2048-g1 the same options, or leave them out to share the existing bundle');
    expect(stack.node.tryFindChild('Db2')!.node.children).toHaveLength(0);
  });

  test('invalid trustBundle options in an env-agnostic stack: nothing is created, not even the function', () => {
    const { stack, vpc } = stackIn();
    const before = stack.node.findAll().map((c) => c.node.path);
    const error = thrownBy(() => new TlsAuroraCluster(stack, 'Db', minimalProps(vpc, {
      certificateAuthority: CaSelection.exactly(CertificateAuthority.ECC384_G1),
      trustBundle: { parameterPrefix: 'tls', minimumValidity: Duration.days(40_000) },
    })));
    expect(error.message).toBe(INVALID +
      "- trustBundle.parameterPrefix: Parameter prefix 'tls' must start with '/', e.g. '/tls'\n" +
      '- trustBundle.minimumValidity must be a whole number of days from 0 to 36500 (100 years), e.g. Duration.days(365); got 40000 days');
    expect(stack.node.findAll().map((c) => c.node.path)).toEqual([...before, 'S/Db']);
  });
});

describe('invalid props', () => {
  const preferredEccThenRsa4096 = (): CaSelection => CaSelection.preferred([CertificateAuthority.ECC384_G1, CertificateAuthority.RSA4096_G1]);
  const ownCaSuffix = 'TlsAuroraCluster sets the CA of every instance from certificateAuthority: remove caCertificate from the instance, ' +
    'or change certificateAuthority';

  // [case, stack region (undefined: env-agnostic), props on top of the minimal ones, exact message]
  const cases: Array<[string, string | undefined, (stack: Stack) => Partial<TlsAuroraClusterProps>, string]> = [
    ['unknown region', 'us-east-7', () => ({}),
      INVALID + "- Stack region: Unknown region 'us-east-7' (closest: us-east-1, us-east-2, ap-east-1); aurora-tls knows 38 regions " +
        '(RegionCatalog.regions()). Check the spelling, or upgrade aurora-tls if the region is new'],
    ['CA not offered in the region', 'ap-south-1', () => ({ certificateAuthority: CaSelection.exactly(CertificateAuthority.ECC384_G1) }),
      INVALID + '- rds-ca-ecc384-g1 is not offered in ap-south-1 (AWS Aurora user guide); choose rds-ca-rsa2048-g1 or ' +
        'CaSelection.preferred([CertificateAuthority.ECC384_G1, CertificateAuthority.RSA2048_G1]) to fall back where it is missing'],
    ['no preferred CA offered in the region', 'eu-central-2', () => ({ certificateAuthority: preferredEccThenRsa4096() }),
      INVALID + '- None of the preferred certificate authorities (rds-ca-ecc384-g1, rds-ca-rsa4096-g1) is offered in eu-central-2 ' +
        '(AWS Aurora user guide); add rds-ca-rsa2048-g1 to the list (rds-ca-rsa2048-g1 is offered in every region)'],
    ['legacy CA by identifier', 'us-east-1', () => ({ certificateAuthority: CaSelection.exactly(CertificateAuthority.of('rds-ca-2019')) }),
      "Certificate authority 'rds-ca-2019' expired on 2024-08-22 and can no longer be chosen; use rds-ca-rsa2048-g1, rds-ca-rsa4096-g1, " +
        'rds-ca-ecc384-g1 (rds-ca-rsa2048-g1 is offered in every region)'],
    ['writer with another CA', 'us-east-1',
      () => ({ writer: rds.ClusterInstance.provisioned('Writer', { caCertificate: rds.CaCertificate.RDS_CA_RSA4096_G1 }) }),
      INVALID + "- writer 'Writer' sets caCertificate rds-ca-rsa4096-g1, but certificateAuthority resolves to rds-ca-rsa2048-g1 in us-east-1; " +
        ownCaSuffix],
    ['Serverless v2 reader with the retired rds-ca-2019', 'us-east-1',
      () => ({ readers: [rds.ClusterInstance.serverlessV2('Reader', { caCertificate: rds.CaCertificate.RDS_CA_2019 })] }),
      INVALID + "- readers[0] 'Reader' sets caCertificate rds-ca-2019, but certificateAuthority resolves to rds-ca-rsa2048-g1 in us-east-1; " +
        ownCaSuffix],
    ['reader with its own CA in an env-agnostic stack with a per-region preference', undefined,
      () => ({
        certificateAuthority: CaSelection.preferred([CertificateAuthority.ECC384_G1, CertificateAuthority.RSA2048_G1]),
        readers: [rds.ClusterInstance.provisioned('Reader', { caCertificate: rds.CaCertificate.RDS_CA_ECC384_G1 })],
      }),
      INVALID + "- readers[0] 'Reader' sets caCertificate rds-ca-ecc384-g1, but certificateAuthority resolves to " +
        'preferred(rds-ca-ecc384-g1, rds-ca-rsa2048-g1), resolved per region at deploy time; ' + ownCaSuffix],
    ['aurora-postgresql: rds.force_ssl=0', 'us-east-1', () => ({ parameters: { 'rds.force_ssl': '0' } }),
      INVALID + "- Parameter 'rds.force_ssl' = '0' would let clients connect without TLS; remove it (aurora-tls sets rds.force_ssl=1)"],
    ['aurora-postgresql: ssl_min_protocol_version=TLSv1.1', 'us-east-1', () => ({ parameters: { ssl_min_protocol_version: 'TLSv1.1' } }),
      INVALID + "- Parameter 'ssl_min_protocol_version' = 'TLSv1.1' would let clients connect with TLSv1.1, below the minimum TLS 1.2; " +
        'remove it (aurora-tls sets ssl_min_protocol_version=TLSv1.2)'],
    ['aurora-mysql: require_secure_transport=OFF', 'us-east-1', () => ({ engine: MYSQL3, parameters: { require_secure_transport: 'OFF' } }),
      INVALID + "- Parameter 'require_secure_transport' = 'OFF' would let clients connect without TLS; remove it (aurora-tls sets require_secure_transport=ON)"],
    ['aurora-mysql 2: tls_version with TLSv1.1', 'us-east-1', () => ({ engine: MYSQL2, parameters: { tls_version: 'TLSv1.1,TLSv1.2' } }),
      INVALID + "- Parameter 'tls_version' = 'TLSv1.1,TLSv1.2' would allow TLSv1.1, below the minimum TLS 1.2; remove it (aurora-tls sets tls_version=TLSv1.2)"],
    ['TLS 1.3 on aurora-postgresql 13.10', 'us-east-1',
      () => ({
        engine: rds.DatabaseClusterEngine.auroraPostgres({ version: rds.AuroraPostgresEngineVersion.VER_13_10 }),
        minimumTlsVersion: TlsVersion.TLS_1_3,
      }),
      INVALID + '- TLS 1.3 is not supported by aurora-postgresql 13.10 (needs 13.11 or later); use TlsVersion.TLS_1_2 or engine version 13.11 or later'],
    ['TLS 1.3 on aurora-mysql 2', 'us-east-1', () => ({ engine: MYSQL2, minimumTlsVersion: TlsVersion.TLS_1_3 }),
      INVALID + '- TLS 1.3 is not supported by aurora-mysql 5.7.mysql_aurora.2.12.0 (Aurora MySQL version 2 offers up to TLS 1.2); ' +
        "use TlsVersion.TLS_1_2 or Aurora MySQL 3.04.0 or later (an engine version such as '8.0.mysql_aurora.3.05.2')"],
    ['TLS 1.3 on aurora-mysql 3.03.0', 'us-east-1', () => ({ engine: MYSQL3_03, minimumTlsVersion: TlsVersion.TLS_1_3 }),
      INVALID + '- TLS 1.3 is not supported by aurora-mysql 8.0.mysql_aurora.3.03.0 (needs Aurora MySQL 3.04.0 or later); ' +
        "use TlsVersion.TLS_1_2 or an engine version such as '8.0.mysql_aurora.3.04.0'"],
    ['empty preference list', 'us-east-1', () => ({ certificateAuthority: CaSelection.preferred([]) }),
      'CaSelection.preferred() needs at least one certificate authority, got an array of 0; ' +
        'e.g. CaSelection.preferred([CertificateAuthority.ECC384_G1, CertificateAuthority.RSA2048_G1])'],
    ['duplicated preference', 'us-east-1',
      () => ({ certificateAuthority: CaSelection.preferred([CertificateAuthority.ECC384_G1, CertificateAuthority.ECC384_G1]) }),
      'CaSelection.preferred() lists rds-ca-ecc384-g1 twice; list each certificate authority once, most preferred first'],
    ['non-Aurora engine', 'us-east-1', () => ({ engine: Object.create(PG16, { engineType: { value: 'postgres' } }) }),
      INVALID + "- engine 'postgres' is not an Aurora engine; TlsAuroraCluster supports aurora-postgresql and aurora-mysql: " +
        'use rds.DatabaseClusterEngine.auroraPostgres({ version: rds.AuroraPostgresEngineVersion.VER_16_4 }) or ' +
        'rds.DatabaseClusterEngine.auroraMysql({ version: rds.AuroraMysqlEngineVersion.VER_3_08_0 })'],
    ['no engine', 'us-east-1', () => ({ engine: undefined as unknown as rds.IClusterEngine }),
      INVALID + '- engine is required, got undefined; use rds.DatabaseClusterEngine.auroraPostgres({ version: rds.AuroraPostgresEngineVersion.VER_16_4 }) or ' +
        'rds.DatabaseClusterEngine.auroraMysql({ version: rds.AuroraMysqlEngineVersion.VER_3_08_0 })'],
    ['engine without a version', 'us-east-1', () => ({ engine: rds.DatabaseClusterEngine.AURORA_POSTGRESQL }),
      INVALID + '- engine aurora-postgresql has no version, so the parameter group family and the TLS parameters cannot be derived; ' +
        'use rds.DatabaseClusterEngine.auroraPostgres({ version: rds.AuroraPostgresEngineVersion.VER_16_4 }) or ' +
        'rds.DatabaseClusterEngine.auroraMysql({ version: rds.AuroraMysqlEngineVersion.VER_3_08_0 })'],
    ['imported parameter group', 'us-east-1',
      (stack) => ({ parameterGroup: rds.ParameterGroup.fromParameterGroupName(stack, 'Imported', 'my-group') }),
      INVALID + "- parameterGroup 'my-group' is imported, so aurora-tls can neither read nor extend it to enforce TLS; pass its settings as " +
        'parameters instead (TlsAuroraCluster then creates the group), or pass an rds.ParameterGroup created in this app'],
    ['parameter group of another family', 'us-east-1',
      (stack) => ({ parameterGroup: new rds.ParameterGroup(stack, 'Pg15', { engine: rds.DatabaseClusterEngine.auroraPostgres({ version: rds.AuroraPostgresEngineVersion.VER_15_4 }) }) }),
      INVALID + "- parameterGroup 'S/Pg15' is for aurora-postgresql15, but the cluster engine needs aurora-postgresql16; " +
        "create the parameter group with the cluster's engine"],
    ['parameter group that weakens TLS', 'us-east-1',
      (stack) => ({ parameterGroup: new rds.ParameterGroup(stack, 'Weak', { engine: PG16, parameters: { 'rds.force_ssl': '0' } }) }),
      INVALID + "- parameterGroup 'S/Weak': Parameter 'rds.force_ssl' = '0' would let clients connect without TLS; remove it (aurora-tls sets rds.force_ssl=1)"],
    ['raw string where a CaSelection is expected', 'us-east-1', () => ({ certificateAuthority: 'rds-ca-ecc384-g1' as unknown as CaSelection }),
      INVALID + "- certificateAuthority takes a CaSelection, got 'rds-ca-ecc384-g1'; use CaSelection.exactly(CertificateAuthority.of('rds-ca-ecc384-g1'))"],
    ['CertificateAuthority where a CaSelection is expected', 'us-east-1',
      () => ({ certificateAuthority: CertificateAuthority.ECC384_G1 as unknown as CaSelection }),
      INVALID + '- certificateAuthority takes a CaSelection, got the CertificateAuthority rds-ca-ecc384-g1; ' +
        "use CaSelection.exactly(CertificateAuthority.of('rds-ca-ecc384-g1'))"],
    ['raw string where a TlsVersion is expected', 'us-east-1', () => ({ minimumTlsVersion: '1.3' as unknown as TlsVersion }),
      INVALID + "- minimumTlsVersion takes a TlsVersion, got '1.3'; use TlsVersion.of('1.3')"],
    ['deploy-time value of a TLS parameter', 'us-east-1', () => ({ parameters: { 'rds.force_ssl': Token.asString({ Ref: 'ForceSsl' }) } }),
      INVALID + "- Parameter 'rds.force_ssl' has a deploy-time value, so aurora-tls cannot check that it keeps TLS enforced; " +
        'give it a literal value, or remove it (aurora-tls sets the TLS parameters itself)'],
    ['trustBundle options while deployTimeCheck is false', 'us-east-1',
      () => ({ deployTimeCheck: false, trustBundle: { minimumValidity: Duration.days(30) } }),
      INVALID + '- trustBundle is only used by the deploy-time check, which deployTimeCheck: false turns off; ' +
        'remove trustBundle, or remove deployTimeCheck: false'],
    ['deployTimeCheck that is not a boolean', 'us-east-1', () => ({ deployTimeCheck: 'off' as unknown as boolean }),
      INVALID + "- deployTimeCheck takes true or false, got 'off'"],
    ['trustBundle that is not an object', 'us-east-1', () => ({ trustBundle: '/aurora-tls' as unknown as TrustBundleOptions }),
      INVALID + "- trustBundle takes TrustBundleOptions such as { minimumValidity: Duration.days(180) }, got '/aurora-tls'"],
    ['trustBundle with a certificateAuthority of its own', 'us-east-1',
      () => ({ trustBundle: { certificateAuthority: CaSelection.exactly(CertificateAuthority.ECC384_G1) } as TrustBundleOptions }),
      INVALID + "- trustBundle.certificateAuthority is not used: the trust bundle publishes the cluster's certificateAuthority; remove it"],
    ['trustBundle with a reserved prefix and a bad expiryBehavior', 'us-east-1',
      () => ({ trustBundle: { parameterPrefix: '/ssm/tls', expiryBehavior: 'ignore' as ExpiryBehavior } }),
      INVALID + "- trustBundle.parameterPrefix: Parameter prefix '/ssm/tls' starts with a name AWS reserves ('aws' or 'ssm'); choose another, e.g. '/aurora-tls/...'\n" +
        "- trustBundle.expiryBehavior takes ExpiryBehavior.FAIL or ExpiryBehavior.WARN, got 'ignore'"],
    ['trustBundle with a minimumValidity that is not whole days', 'us-east-1', () => ({ trustBundle: { minimumValidity: Duration.minutes(90) } }),
      INVALID + '- trustBundle.minimumValidity must be a whole number of days from 0 to 36500 (100 years), e.g. Duration.days(365); got 1 hour 30 minutes'],
    ['the deploy-time check in a China region, whose roots are not vendored', 'cn-north-1', () => ({}),
      INVALID + '- deployTimeCheck: The trust store has no RDS root for cn-north-1; download the bundle from ' +
        'https://rds-truststore.s3.cn-north-1.amazonaws.com.cn/cn-north-1/cn-north-1-bundle.pem instead; set deployTimeCheck to false to deploy ' +
        'without the deploy-time check and the trust bundle, which need the roots vendored with aurora-tls'],
    ['several problems at once, all reported', 'ap-south-1',
      () => ({
        certificateAuthority: CaSelection.exactly(CertificateAuthority.RSA4096_G1),
        engine: MYSQL2,
        minimumTlsVersion: TlsVersion.TLS_1_3,
        certificateRotationRestart: 'no' as unknown as boolean,
      }),
      INVALID +
        "- certificateRotationRestart takes true or false, got 'no'\n" +
        '- rds-ca-rsa4096-g1 is not offered in ap-south-1 (AWS Aurora user guide); choose rds-ca-rsa2048-g1 or ' +
        'CaSelection.preferred([CertificateAuthority.RSA4096_G1, CertificateAuthority.RSA2048_G1]) to fall back where it is missing\n' +
        '- TLS 1.3 is not supported by aurora-mysql 5.7.mysql_aurora.2.12.0 (Aurora MySQL version 2 offers up to TLS 1.2); ' +
        "use TlsVersion.TLS_1_2 or Aurora MySQL 3.04.0 or later (an engine version such as '8.0.mysql_aurora.3.05.2')"],
  ];

  test.each(cases)('%s', (_name, region, props, message) => {
    const { stack, vpc } = stackIn(region);
    const error = thrownBy(() => new TlsAuroraCluster(stack, 'Db', minimalProps(vpc, props(stack))));
    expect(error.message).toBe(message);
  });

  test('parameterGroup together with parameters', () => {
    const { stack, vpc } = stackIn('us-east-1');
    const own = new rds.ParameterGroup(stack, 'Own', { engine: PG16 });
    const error = thrownBy(() => new TlsAuroraCluster(stack, 'Db', minimalProps(vpc, { parameterGroup: own, parameters: { work_mem: '1024' } })));
    expect(error.message).toBe(INVALID +
      '- parameterGroup and parameters cannot both be given (aws-cdk-lib refuses it); put the parameters in the parameter group, ' +
      'or drop parameterGroup and let TlsAuroraCluster create one');
  });

  test('a TLS parameter with a deploy-time value in a given parameter group', () => {
    const { stack, vpc } = stackIn('us-east-1');
    const own = new rds.ParameterGroup(stack, 'Own', { engine: PG16, parameters: { 'rds.force_ssl': new CfnParameter(stack, 'ForceSsl').valueAsString } });
    const error = thrownBy(() => new TlsAuroraCluster(stack, 'Db', minimalProps(vpc, { parameterGroup: own })));
    expect(error.message).toBe(INVALID +
      "- parameterGroup 'S/Own': Parameter 'rds.force_ssl' has a deploy-time value, so aurora-tls cannot check that it keeps TLS enforced; " +
      'give it a literal value, or remove it (aurora-tls sets the TLS parameters itself)');
  });

  test('an IClusterInstance whose options cannot be read before binding is checked on its CfnDBInstance', () => {
    // GIVEN a custom IClusterInstance that sets its own CA when bound
    const { stack, vpc } = stackIn('us-east-1');
    const inner = rds.ClusterInstance.provisioned('Custom', { caCertificate: rds.CaCertificate.RDS_CA_ECC384_G1 });
    const custom: rds.IClusterInstance = { bind: (scope, cluster, options) => inner.bind(scope, cluster, options) };
    // WHEN
    const error = thrownBy(() => new TlsAuroraCluster(stack, 'Db', minimalProps(vpc, { readers: [custom] })));
    // THEN
    expect(AuroraTlsErrors.isValidationError(error)).toBe(true);
    expect(error.message).toBe(INVALID +
      "- DB instance 'S/Db/Resource/Custom/Resource' sets caCertificate rds-ca-ecc384-g1, but certificateAuthority resolves to " +
      `rds-ca-rsa2048-g1 in us-east-1; ${ownCaSuffix}`);
  });

  test('is one ValidationError scoped to the construct, thrown before any child is created', () => {
    // GIVEN an env-agnostic stack (so a valid selection would add a Rule at stack level)
    const { stack, vpc } = stackIn();
    const before = stack.node.findAll().map((c) => c.node.path);
    // WHEN
    const error = thrownBy(() => new TlsAuroraCluster(stack, 'Db', minimalProps(vpc, {
      certificateAuthority: CaSelection.exactly(CertificateAuthority.ECC384_G1),
      writer: rds.ClusterInstance.provisioned('Writer', { caCertificate: rds.CaCertificate.RDS_CA_RSA2048_G1 }),
      parameters: { 'rds.force_ssl': '0' },
    })));
    // THEN
    expect(AuroraTlsErrors.isValidationError(error)).toBe(true);
    expect((error as unknown as { constructPath?: string }).constructPath).toBe('S/Db');
    expect(error.message.split('\n- ')).toHaveLength(3);
    const after = stack.node.findAll().map((c) => c.node.path);
    expect(after).toEqual([...before, 'S/Db']);
    expect(stack.node.findChild('Db').node.children).toHaveLength(0);
  });
});

describe('secure defaults', () => {
  test.each([
    [undefined, true],
    [true, true],
    [false, false],
  ])('storageEncrypted %p gives StorageEncrypted %p (aws-cdk-lib alone leaves storage unencrypted)', (given, expected) => {
    // GIVEN
    const { stack, vpc } = stackIn('us-east-1');
    // WHEN
    new TlsAuroraCluster(stack, 'Db', minimalProps(vpc, { storageEncrypted: given, deployTimeCheck: false }));
    // THEN
    Template.fromStack(stack).hasResourceProperties('AWS::RDS::DBCluster', { StorageEncrypted: expected });
  });
});
