// Example: one region, one Aurora PostgreSQL cluster, one application that connects with sslmode=verify-full.
//
// - The cluster lives in us-east-1 and every DB instance (a writer and one reader) is pinned to rds-ca-ecc384-g1.
//   CaSelection.exactly() means "this CA or nothing": if us-east-1 did not offer it, `cdk synth` would fail with a
//   message naming the region, the CA and the alternatives.
// - TlsAuroraCluster enforces TLS 1.2 or newer in the cluster parameter group (rds.force_ssl=1,
//   ssl_min_protocol_version=TLSv1.2).
// - The application, a Lambda function, is granted read access to the trust bundle: the region's RDS root
//   certificates in S3, and SSM parameters that say where they are and how to connect.
import { App, CfnOutput, Duration, Stack, aws_ec2 as ec2, aws_lambda as lambda, aws_rds as rds } from 'aws-cdk-lib';
// In your project: import { CaSelection, CertificateAuthority, TlsAuroraCluster } from 'aurora-tls';
import { CaSelection, CertificateAuthority, TlsAuroraCluster } from '../../lib';
import { EXAMPLE_ACCOUNT, ExampleStack, exampleVpc } from '../shared/example-stack';

export const SINGLE_REGION_STACK = 'AuroraTlsSingleRegion';

export function addSingleRegionExample(app: App): Stack {
  const stack = new ExampleStack(app, SINGLE_REGION_STACK, {
    description: 'aurora-tls example: Aurora PostgreSQL 16 pinned to rds-ca-ecc384-g1, and an application that reads the trust bundle',
    env: { account: EXAMPLE_ACCOUNT, region: 'us-east-1' },
  });
  const vpc = exampleVpc(stack);

  // Every rds.DatabaseClusterProps property works as usual; aurora-tls adds certificateAuthority (and
  // minimumTlsVersion, certificateRotationRestart, deployTimeCheck, trustBundle).
  const database = new TlsAuroraCluster(stack, 'Database', {
    engine: rds.DatabaseClusterEngine.auroraPostgres({ version: rds.AuroraPostgresEngineVersion.VER_16_13 }),
    certificateAuthority: CaSelection.exactly(CertificateAuthority.ECC384_G1),
    writer: rds.ClusterInstance.provisioned('Writer', {
      instanceType: ec2.InstanceType.of(ec2.InstanceClass.R6G, ec2.InstanceSize.LARGE),
    }),
    readers: [
      rds.ClusterInstance.provisioned('Reader', {
        instanceType: ec2.InstanceType.of(ec2.InstanceClass.R6G, ec2.InstanceSize.LARGE),
      }),
    ],
    storageEncrypted: true,
    defaultDatabaseName: 'app',
    vpc,
    vpcSubnets: { subnetType: ec2.SubnetType.PRIVATE_WITH_EGRESS },
  });

  // The application. A real one would use a driver (node-postgres: `ssl: { ca, servername: host }`, which is
  // verify-full); this one shows the two reads every application makes before it connects.
  const application = new lambda.Function(stack, 'Application', {
    description: 'aurora-tls example: reads the trust bundle, then would connect with sslmode=verify-full',
    runtime: lambda.Runtime.NODEJS_22_X,
    handler: 'index.handler',
    code: lambda.Code.fromInline(APPLICATION_CODE),
    timeout: Duration.seconds(30),
    vpc,
    vpcSubnets: { subnetType: ec2.SubnetType.PRIVATE_WITH_EGRESS },
    environment: {
      DB_HOST: database.clusterEndpoint.hostname,
      DB_PORT: database.clusterEndpoint.port.toString(),
    },
  });
  database.connections.allowDefaultPortFrom(application, 'The application connects over TLS');

  // The trust bundle: published at deploy time, before the cluster is created, by the deploy-time check (which has
  // just asked RDS whether us-east-1 offers rds-ca-ecc384-g1). The application reads the SSM parameters (names
  // below), then the S3 object they point at; grantRead allows exactly that and nothing else.
  const trustBundle = database.trustBundle!;
  trustBundle.grantRead(application);
  application.addEnvironment('BUNDLE_S3_URI_PARAMETER', trustBundle.parameterNames.bundleS3Uri);
  application.addEnvironment('BUNDLE_SHA256_PARAMETER', trustBundle.parameterNames.bundleSha256);
  application.addEnvironment('SSLMODE_PARAMETER', trustBundle.parameterNames.sslMode);

  new CfnOutput(stack, 'CertificateAuthority', {
    value: database.certificateAuthorityIdentifier,
    description: 'CA of every DB instance',
  });
  new CfnOutput(stack, 'TrustBundle', {
    value: trustBundle.bundleS3Uri,
    description: 'The region\'s RDS root certificates (PEM), for clients that connect with sslmode=verify-full',
  });
  return stack;
}

/**
 * The application (Node.js 22, AWS SDK v3 from the runtime): read where the bundle is from SSM, download it from S3,
 * check its SHA-256, and keep it for the driver.
 */
const APPLICATION_CODE = `
const { createHash } = require('crypto');
const { SSMClient, GetParametersCommand } = require('@aws-sdk/client-ssm');
const { S3Client, GetObjectCommand } = require('@aws-sdk/client-s3');

exports.handler = async () => {
  const env = process.env;
  const names = [env.BUNDLE_S3_URI_PARAMETER, env.BUNDLE_SHA256_PARAMETER, env.SSLMODE_PARAMETER];
  const { Parameters } = await new SSMClient({}).send(new GetParametersCommand({ Names: names }));
  const value = (name) => Parameters.find((p) => p.Name === name).Value;
  const [, bucket, key] = /^s3:\\/\\/([^/]+)\\/(.+)$/.exec(value(env.BUNDLE_S3_URI_PARAMETER));
  const object = await new S3Client({}).send(new GetObjectCommand({ Bucket: bucket, Key: key }));
  const ca = await object.Body.transformToString();
  if (createHash('sha256').update(ca).digest('hex') !== value(env.BUNDLE_SHA256_PARAMETER)) {
    throw new Error('The trust bundle does not match its published SHA-256');
  }
  // node-postgres: new Client({ host: env.DB_HOST, port: Number(env.DB_PORT),
  //   ssl: { ca, servername: env.DB_HOST, rejectUnauthorized: true } })  // sslmode=verify-full
  return { host: env.DB_HOST, sslmode: value(env.SSLMODE_PARAMETER), roots: ca.split('BEGIN CERTIFICATE').length - 1 };
};
`;
