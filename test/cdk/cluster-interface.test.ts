// TlsAuroraCluster is an rds.IDatabaseCluster: the aws-cdk-lib APIs that take a cluster work with it as they work
// with the wrapped rds.DatabaseCluster, and synthesize.
import { App, Duration, RemovalPolicy, Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as rds from 'aws-cdk-lib/aws-rds';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import { TlsAuroraCluster } from '../../lib/cdk';

const ISOLATED = { subnetType: ec2.SubnetType.PRIVATE_ISOLATED };

/** GIVEN helper: a TlsAuroraCluster (Aurora PostgreSQL 16, one writer) in a new VPC of us-east-1. */
function clusterInStack(): { stack: Stack; db: TlsAuroraCluster; vpc: ec2.Vpc } {
  const app = new App();
  const stack = new Stack(app, 'S', { env: { account: '111111111111', region: 'us-east-1' } });
  const vpc = new ec2.Vpc(stack, 'Vpc', { maxAzs: 2, natGateways: 0, subnetConfiguration: [{ name: 'Db', subnetType: ec2.SubnetType.PRIVATE_ISOLATED }] });
  const db = new TlsAuroraCluster(stack, 'Db', {
    engine: rds.DatabaseClusterEngine.auroraPostgres({ version: rds.AuroraPostgresEngineVersion.VER_16_4 }),
    writer: rds.ClusterInstance.provisioned('Writer'),
    vpc,
    vpcSubnets: ISOLATED,
    deployTimeCheck: false,
  });
  return { stack, db, vpc };
}

/** The logical id of the wrapped AWS::RDS::DBCluster. */
function clusterLogicalId(db: TlsAuroraCluster): string {
  return Stack.of(db).resolve((db.cluster.node.defaultChild as rds.CfnDBCluster).logicalId);
}

test('rds.ProxyTarget.fromCluster and addProxy target the wrapped cluster', () => {
  // GIVEN
  const { stack, db, vpc } = clusterInStack();
  const db2 = db as rds.IDatabaseCluster;
  // WHEN
  new rds.DatabaseProxy(stack, 'Proxy', { proxyTarget: rds.ProxyTarget.fromCluster(db2), secrets: [db.secret!], vpc, vpcSubnets: ISOLATED, requireTLS: true });
  db.addProxy('Proxy2', { secrets: [db.secret!], vpc, vpcSubnets: ISOLATED });
  // THEN
  const template = Template.fromStack(stack);
  template.resourceCountIs('AWS::RDS::DBProxy', 2);
  template.allResourcesProperties('AWS::RDS::DBProxyTargetGroup', { DBClusterIdentifiers: [{ Ref: clusterLogicalId(db) }] });
  template.hasResourceProperties('AWS::RDS::DBProxy', { RequireTLS: true, EngineFamily: 'POSTGRESQL' });
});

test('addRotationSingleUser rotates the cluster\'s secret', () => {
  // GIVEN
  const { stack, db } = clusterInStack();
  // WHEN
  const rotation = db.addRotationSingleUser({ automaticallyAfter: Duration.days(7) });
  // THEN
  expect(rotation).toBeInstanceOf(secretsmanager.SecretRotation);
  const template = Template.fromStack(stack);
  template.hasResourceProperties('AWS::SecretsManager::RotationSchedule', {
    SecretId: { Ref: Match.stringLikeRegexp('^DbSecretAttachment') },
    RotationRules: { ScheduleExpression: 'rate(7 days)' },
  });
});

test('addRotationMultiUser and secretsmanager attachment go through the wrapped cluster', () => {
  // GIVEN
  const { stack, db } = clusterInStack();
  const user = new rds.DatabaseSecret(stack, 'AppUser', { username: 'app', masterSecret: db.secret });
  // WHEN
  db.addRotationMultiUser('AppUserRotation', { secret: user.attach(db) });
  // THEN
  Template.fromStack(stack).resourceCountIs('AWS::SecretsManager::RotationSchedule', 1);
  expect(db.asSecretAttachmentTarget().targetType).toBe(secretsmanager.AttachmentTargetType.RDS_DB_CLUSTER);
});

test('grantConnect and grantDataApiAccess grant on the wrapped cluster', () => {
  // GIVEN
  const { stack, db } = clusterInStack();
  const role = new iam.Role(stack, 'App', { assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com') });
  // WHEN
  db.grantConnect(role, 'app');
  db.grantDataApiAccess(role);
  // THEN
  const statements = Template.fromStack(stack).findResources('AWS::IAM::Policy');
  const actions = Object.values(statements).flatMap((p) => (p as { Properties: { PolicyDocument: { Statement: Array<{ Action: unknown }> } } })
    .Properties.PolicyDocument.Statement.flatMap((s) => s.Action));
  expect(actions).toContain('rds-db:connect');
  expect(actions).toContain('rds-data:ExecuteStatement');
});

test('metrics are the wrapped cluster\'s', () => {
  // GIVEN
  const { db } = clusterInStack();
  // WHEN
  const cpu = db.metricCPUUtilization();
  const custom = db.metric('ServerlessDatabaseCapacity');
  // THEN
  expect(cpu.namespace).toBe('AWS/RDS');
  expect(cpu.metricName).toBe('CPUUtilization');
  expect(Stack.of(db).resolve(cpu.dimensions)).toEqual({ DBClusterIdentifier: { Ref: clusterLogicalId(db) } });
  expect(custom.metricName).toBe('ServerlessDatabaseCapacity');
  expect(db.metricVolumeWriteIOPs().metricName).toBe('VolumeWriteIOPs');
});

test('the identity, endpoints, connections and removal policy are the wrapped cluster\'s', () => {
  // GIVEN
  const { stack, db } = clusterInStack();
  // WHEN
  db.applyRemovalPolicy(RemovalPolicy.DESTROY);
  db.connections.allowDefaultPortFrom(ec2.Peer.ipv4('10.0.0.0/16'));
  // THEN
  expect(db.clusterIdentifier).toBe(db.cluster.clusterIdentifier);
  expect(db.clusterArn).toBe(db.cluster.clusterArn);
  expect(db.clusterResourceIdentifier).toBe(db.cluster.clusterResourceIdentifier);
  expect(db.clusterReadEndpoint).toBe(db.cluster.clusterReadEndpoint);
  expect(db.instanceIdentifiers).toBe(db.cluster.instanceIdentifiers);
  expect(db.instanceEndpoints).toBe(db.cluster.instanceEndpoints);
  expect(db.engine).toBe(db.cluster.engine);
  expect(db.env).toEqual(db.cluster.env);
  const template = Template.fromStack(stack);
  template.hasResource('AWS::RDS::DBCluster', { DeletionPolicy: 'Delete' });
  template.hasResourceProperties('AWS::EC2::SecurityGroupIngress', { CidrIp: '10.0.0.0/16', FromPort: { 'Fn::GetAtt': [clusterLogicalId(db), 'Endpoint.Port'] } });
});
