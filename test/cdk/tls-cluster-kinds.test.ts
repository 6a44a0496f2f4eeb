// The TLS guarantees of every cluster kind, in one table: TlsAuroraCluster and TlsAuroraClusterFromSnapshot must pin
// every instance, enforce TLS, check at deploy time and publish the trust bundle alike; refuse bad props alike; and
// catch, when the app is synthesized, what is changed after their constructor.
import { App, RemovalPolicy, Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as rds from 'aws-cdk-lib/aws-rds';
import { Construct } from 'constructs';
import { TlsAuroraCluster, TlsAuroraClusterBase, TlsAuroraClusterFromSnapshot, TlsAuroraClusterOptions } from '../../lib/cdk';
import { AuroraTlsErrors, CaSelection, CertificateAuthority, TlsVersion } from '../../lib/core';
import { defaultAppStackIn as stackIn } from '../support/cdk';

const PG16 = rds.DatabaseClusterEngine.auroraPostgres({ version: rds.AuroraPostgresEngineVersion.VER_16_4 });
const MYSQL3 = rds.DatabaseClusterEngine.auroraMysql({ version: rds.AuroraMysqlEngineVersion.VER_3_08_0 });

/** The props both kinds take (what differs, e.g. `snapshotIdentifier`, is added by the kind). */
interface CommonProps extends TlsAuroraClusterOptions {
  readonly engine: rds.IClusterEngine;
  readonly vpc: ec2.IVpc;
  readonly writer?: rds.IClusterInstance;
  readonly readers?: rds.IClusterInstance[];
  readonly parameters?: { [name: string]: string };
  readonly parameterGroup?: rds.IParameterGroup;
}

type Kind = [string, (scope: Construct, id: string, props: CommonProps) => TlsAuroraClusterBase];

const KINDS: Kind[] = [
  ['TlsAuroraCluster', (scope, id, props) => new TlsAuroraCluster(scope, id, props)],
  ['TlsAuroraClusterFromSnapshot', (scope, id, props) =>
    new TlsAuroraClusterFromSnapshot(scope, id, { snapshotIdentifier: 'arn:aws:rds:us-east-1:111111111111:cluster-snapshot:s1', ...props })],
];


/** The messages that the final-tree validation of `path` reports when `app` is synthesized (none: synth succeeds). */
function synthProblemsOf(app: App, path: string): string[] {
  try {
    app.synth();
  } catch (e) {
    const message = (e as Error).message;
    expect(message.startsWith('Validation failed with the following errors:\n')).toBe(true);
    return message.split('\n').filter((line) => line.startsWith(`  [${path}] `)).map((line) => line.slice(`  [${path}] `.length));
  }
  return [];
}

/** A DB instance added with the escape hatch, with a removal policy (so aws-cdk-lib's own check stays quiet). */
function lateInstance(scope: Construct, id: string, db: TlsAuroraClusterBase, engine: string, ca?: string): rds.CfnDBInstance {
  const instance = new rds.CfnDBInstance(scope, id, {
    dbInstanceClass: 'db.r6g.large',
    engine,
    dbClusterIdentifier: db.clusterIdentifier,
    caCertificateIdentifier: ca,
  });
  instance.applyRemovalPolicy(RemovalPolicy.SNAPSHOT);
  return instance;
}

describe.each(KINDS)('%s', (kind, create) => {
  const header = `${kind} initialization failed due to the following validation error(s):\n`;
  const ownCaFix = `${kind} sets the CA of every instance from certificateAuthority: remove caCertificate from the instance, or change certificateAuthority`;

  describe('the TLS set-up', () => {
    let template: Template;
    let db: TlsAuroraClusterBase;
    beforeAll(() => {
      // GIVEN a writer, a provisioned and a Serverless v2 reader, ECC384 in us-east-1
      const { stack, vpc } = stackIn('us-east-1');
      // WHEN
      db = create(stack, 'Db', {
        engine: PG16,
        vpc,
        writer: rds.ClusterInstance.provisioned('Writer'),
        readers: [rds.ClusterInstance.provisioned('Reader1'), rds.ClusterInstance.serverlessV2('Reader2')],
        certificateAuthority: CaSelection.exactly(CertificateAuthority.ECC384_G1),
        minimumTlsVersion: TlsVersion.TLS_1_3,
      });
      template = Template.fromStack(stack);
    });

    test('pins every DB instance to the CA', () => {
      template.resourceCountIs('AWS::RDS::DBInstance', 3);
      template.allResourcesProperties('AWS::RDS::DBInstance', { CACertificateIdentifier: 'rds-ca-ecc384-g1' });
      expect(db.certificateAuthorityIdentifier).toBe('rds-ca-ecc384-g1');
    });

    test('enforces TLS at the minimum in the cluster parameter group the cluster uses', () => {
      template.resourceCountIs('AWS::RDS::DBClusterParameterGroup', 1);
      template.hasResourceProperties('AWS::RDS::DBClusterParameterGroup', {
        Family: 'aurora-postgresql16',
        Parameters: { 'rds.force_ssl': '1', 'ssl_min_protocol_version': 'TLSv1.3' },
      });
      const groupId = Object.keys(template.findResources('AWS::RDS::DBClusterParameterGroup'))[0];
      template.hasResourceProperties('AWS::RDS::DBCluster', { DBClusterParameterGroupName: { Ref: groupId } });
    });

    test('checks the CA at deploy time before the cluster and its instances, and publishes the trust bundle', () => {
      const check = Object.keys(template.findResources('Custom::AuroraTlsCaCheck'));
      const bundle = Object.keys(template.findResources('Custom::AuroraTlsTrustBundle'));
      expect(check).toHaveLength(1);
      expect(bundle).toHaveLength(1);
      template.allResources('AWS::RDS::DBCluster', { DependsOn: Match.arrayWith([...check, ...bundle]) });
      template.allResources('AWS::RDS::DBInstance', { DependsOn: Match.arrayWith([...check, ...bundle]) });
      expect(db.trustBundle).toBeDefined();
    });

    test('is an rds.IDatabaseCluster whose identity is the wrapped cluster\'s', () => {
      const cluster = db.node.findChild('Resource') as rds.DatabaseClusterBase;
      expect(db.clusterIdentifier).toBe(cluster.clusterIdentifier);
      expect(db.clusterEndpoint).toBe(cluster.clusterEndpoint);
      // The cluster's security groups and port; a peer of another stack is allowed in from its side (composing-stacks.test.ts)
      expect(db.connections.securityGroups).toEqual(cluster.connections.securityGroups);
      expect(db.connections.defaultPort).toBe(cluster.connections.defaultPort);
    });
  });

  // [case, props on top of PG16 + writer in us-east-1, exact message]
  const badProps: Array<[string, Partial<CommonProps>, string]> = [
    ['writer with another CA',
      { writer: rds.ClusterInstance.provisioned('Writer', { caCertificate: rds.CaCertificate.RDS_CA_RSA4096_G1 }) },
      header + "- writer 'Writer' sets caCertificate rds-ca-rsa4096-g1, but certificateAuthority resolves to rds-ca-rsa2048-g1 in us-east-1; " +
        ownCaFix],
    ['rds.force_ssl=0', { parameters: { 'rds.force_ssl': '0' } },
      header + "- Parameter 'rds.force_ssl' = '0' would let clients connect without TLS; remove it (aurora-tls sets rds.force_ssl=1)"],
    ['parameterGroup together with parameters',
      { parameters: { log_min_duration_statement: '100' }, parameterGroup: rds.ParameterGroup.fromParameterGroupName(new Stack(), 'G', 'g') },
      header + '- parameterGroup and parameters cannot both be given (aws-cdk-lib refuses it); put the parameters in the parameter group, ' +
        `or drop parameterGroup and let ${kind} create one\n` +
        '- parameterGroup \'g\' is imported, so aurora-tls can neither read nor extend it to enforce TLS; pass its settings as parameters instead ' +
        `(${kind} then creates the group), or pass an rds.ParameterGroup created in this app`],
    ['certificateRotationRestart that is not a boolean', { certificateRotationRestart: 'no' as unknown as boolean },
      header + "- certificateRotationRestart takes true or false, got 'no'"],
  ];

  test.each(badProps)('refuses bad props before creating anything: %s', (_name, extra, message) => {
    // GIVEN
    const { stack, vpc } = stackIn('us-east-1');
    // WHEN
    let error: unknown;
    try {
      create(stack, 'Db', { engine: PG16, vpc, writer: rds.ClusterInstance.provisioned('Writer'), ...extra });
    } catch (e) {
      error = e;
    }
    // THEN
    expect((error as Error)?.message).toBe(message);
    expect(AuroraTlsErrors.isValidationError(error)).toBe(true);
    expect(stack.node.findChild('Db').node.children).toHaveLength(0);
  });

  // [case, engine, change made after the constructor, exact messages of the synth-time validation]
  const pgGroup = "parameterGroup 'S/Db/ParameterGroup': ";
  const lateChanges: Array<[string, rds.IClusterEngine, (db: TlsAuroraClusterBase, stack: Stack) => void, string[]]> = [
    ['PostgreSQL: an escape-hatch DB instance under the cluster without a CA', PG16,
      (db) => lateInstance(db.node.findChild('Resource'), 'Late', db, 'aurora-postgresql'),
      ["DB instance 'S/Db/Resource/Late' has no caCertificateIdentifier, so RDS gives it the account's default CA, not rds-ca-rsa2048-g1 " +
        "in us-east-1; set its caCertificateIdentifier to rds-ca-rsa2048-g1, or add the instance through the cluster's writer and readers props"]],
    ['PostgreSQL: an escape-hatch DB instance under the cluster with another CA', PG16,
      (db) => lateInstance(db.node.findChild('Resource'), 'Late', db, 'aurora-postgresql', 'rds-ca-ecc384-g1'),
      ["DB instance 'S/Db/Resource/Late' sets caCertificate rds-ca-ecc384-g1, but certificateAuthority resolves to rds-ca-rsa2048-g1 in us-east-1; " +
        ownCaFix]],
    ['PostgreSQL: a DB instance elsewhere in the stack, joined to the cluster, with another CA', PG16,
      (db, stack) => lateInstance(stack, 'Elsewhere', db, 'aurora-postgresql', 'rds-ca-rsa4096-g1'),
      ["DB instance 'S/Elsewhere' sets caCertificate rds-ca-rsa4096-g1, but certificateAuthority resolves to rds-ca-rsa2048-g1 in us-east-1; " +
        ownCaFix]],
    ['PostgreSQL: rds.force_ssl=0 added to the parameter group', PG16,
      (db) => (db.parameterGroup as rds.ParameterGroup).addParameter('rds.force_ssl', '0'),
      [pgGroup + "Parameter 'rds.force_ssl' = '0' would let clients connect without TLS; remove it (aurora-tls sets rds.force_ssl=1)"]],
    ['PostgreSQL: a weaker ssl_min_protocol_version added to the parameter group', PG16,
      (db) => (db.parameterGroup as rds.ParameterGroup).addParameter('ssl_min_protocol_version', 'TLSv1.1'),
      [pgGroup + "Parameter 'ssl_min_protocol_version' = 'TLSv1.1' would let clients connect with TLSv1.1, below the minimum TLS 1.2; " +
        'remove it (aurora-tls sets ssl_min_protocol_version=TLSv1.2)']],
    ['PostgreSQL: the TLS parameters replaced on the CfnDBClusterParameterGroup', PG16,
      (db) => { (db.parameterGroup.node.defaultChild as rds.CfnDBClusterParameterGroup).parameters = { work_mem: '4096' }; },
      ["parameterGroup 'S/Db/ParameterGroup' no longer sets rds.force_ssl, which must be 1 to enforce TLS; put back rds.force_ssl=1 " +
        "(do not replace the parameters of the group's CfnDBClusterParameterGroup)",
      "parameterGroup 'S/Db/ParameterGroup' no longer sets ssl_min_protocol_version, which must be TLSv1.2 to enforce TLS; put back " +
        "ssl_min_protocol_version=TLSv1.2 (do not replace the parameters of the group's CfnDBClusterParameterGroup)"]],
    ['PostgreSQL: the cluster moved to another parameter group', PG16,
      (db) => { (db.node.findChild('Resource').node.defaultChild as rds.CfnDBCluster).dbClusterParameterGroupName = 'default.aurora-postgresql16'; },
      ["DB cluster 'S/Db/Resource/Resource' uses the parameter group 'default.aurora-postgresql16', not 'S/Db/ParameterGroup', which enforces TLS; " +
        `remove the override of its DBClusterParameterGroupName (${kind} sets it)`]],
    ['MySQL: an escape-hatch DB instance under the cluster without a CA', MYSQL3,
      (db) => lateInstance(db.node.findChild('Resource'), 'Late', db, 'aurora-mysql'),
      ["DB instance 'S/Db/Resource/Late' has no caCertificateIdentifier, so RDS gives it the account's default CA, not rds-ca-rsa2048-g1 " +
        "in us-east-1; set its caCertificateIdentifier to rds-ca-rsa2048-g1, or add the instance through the cluster's writer and readers props"]],
    ['MySQL: an escape-hatch DB instance under the cluster with another CA', MYSQL3,
      (db) => lateInstance(db.node.findChild('Resource'), 'Late', db, 'aurora-mysql', 'rds-ca-rsa4096-g1'),
      ["DB instance 'S/Db/Resource/Late' sets caCertificate rds-ca-rsa4096-g1, but certificateAuthority resolves to rds-ca-rsa2048-g1 in us-east-1; " +
        ownCaFix]],
    ['MySQL: require_secure_transport=OFF added to the parameter group', MYSQL3,
      (db) => (db.parameterGroup as rds.ParameterGroup).addParameter('require_secure_transport', 'OFF'),
      [pgGroup + "Parameter 'require_secure_transport' = 'OFF' would let clients connect without TLS; remove it (aurora-tls sets require_secure_transport=ON)"]],
    ['MySQL: a weaker tls_version added to the parameter group', MYSQL3,
      (db) => (db.parameterGroup as rds.ParameterGroup).addParameter('tls_version', 'TLSv1.1,TLSv1.2'),
      [pgGroup + 'Parameter \'tls_version\' = \'TLSv1.1,TLSv1.2\' would allow TLSv1.1, below the minimum TLS 1.2; remove it (aurora-tls sets tls_version=TLSv1.2,TLSv1.3)']],
  ];

  test.each(lateChanges)('fails synth on a change after the constructor: %s', (_name, engine, change, messages) => {
    // GIVEN a valid cluster (synthesizes cleanly as it is)
    const { app, stack, vpc } = stackIn('us-east-1');
    const db = create(stack, 'Db', { engine, vpc, writer: rds.ClusterInstance.provisioned('Writer'), deployTimeCheck: false });
    // WHEN the user keeps building after the constructor
    change(db, stack);
    // THEN synth fails, naming the construct, the value and the fix
    expect(synthProblemsOf(app, 'S/Db')).toEqual(messages);
  });

  test('passes synth when what is added later keeps the guarantees', () => {
    // GIVEN
    const { app, stack, vpc } = stackIn('us-east-1');
    const db = create(stack, 'Db', { engine: PG16, vpc, writer: rds.ClusterInstance.provisioned('Writer'), deployTimeCheck: false });
    // WHEN an instance pinned to the cluster's CA, the TLS parameter at its own value and an unrelated parameter are added
    lateInstance(db.node.findChild('Resource'), 'Late', db, 'aurora-postgresql', db.certificateAuthorityIdentifier);
    (db.parameterGroup as rds.ParameterGroup).addParameter('rds.force_ssl', '1');
    (db.parameterGroup as rds.ParameterGroup).addParameter('log_min_duration_statement', '100');
    // THEN
    expect(synthProblemsOf(app, 'S/Db')).toEqual([]);
  });

  test('env-agnostic stack with a per-region preference: a later instance must use the deploy-time CA identifier', () => {
    // GIVEN
    const { app, stack, vpc } = stackIn();
    const db = create(stack, 'Db', {
      engine: PG16,
      vpc,
      writer: rds.ClusterInstance.provisioned('Writer'),
      certificateAuthority: CaSelection.preferred([CertificateAuthority.ECC384_G1, CertificateAuthority.RSA2048_G1]),
      deployTimeCheck: false,
    });
    // WHEN one later instance uses the identifier (a Fn::FindInMap token) and one a literal CA
    lateInstance(stack, 'Good', db, 'aurora-postgresql', db.certificateAuthorityIdentifier);
    lateInstance(stack, 'Literal', db, 'aurora-postgresql', 'rds-ca-ecc384-g1');
    // THEN only the literal one is refused
    expect(synthProblemsOf(app, 'S/Db')).toEqual([
      "DB instance 'S/Literal' sets caCertificate rds-ca-ecc384-g1, but certificateAuthority resolves to " +
        `preferred(rds-ca-ecc384-g1, rds-ca-rsa2048-g1), resolved per region at deploy time; ${ownCaFix}`,
    ]);
  });
});

describe('TlsAuroraClusterFromSnapshot', () => {
  test('restores from the snapshot and leaves storage encryption to it (CloudFormation inherits it)', () => {
    // GIVEN / WHEN
    const { stack, vpc } = stackIn('us-east-1');
    new TlsAuroraClusterFromSnapshot(stack, 'Db', { snapshotIdentifier: 'snap-1', engine: PG16, vpc, writer: rds.ClusterInstance.provisioned('W') });
    // THEN
    Template.fromStack(stack).hasResourceProperties('AWS::RDS::DBCluster', { SnapshotIdentifier: 'snap-1', StorageEncrypted: Match.absent() });
  });
});
