// Example: a composed app. Database stacks publish their trust bundle; application stacks read it without publishing
// it again, and connect without dependency cycles. Two regions, and a short-lived copy that cleans up after itself.
//
// - AuroraTlsComposedDatabase (us-east-1): the VPC and an Aurora PostgreSQL cluster pinned to rds-ca-ecc384-g1. Its
//   trust bundle is published under names unique to the stack: /aurora-tls/AuroraTlsComposedDatabase/rds-ca-ecc384-g1/*
//   and the object aurora-tls/AuroraTlsComposedDatabase/us-east-1/rds-ca-ecc384-g1/us-east-1-bundle.pem.
// - AuroraTlsComposedApplication (us-east-1): a function that reads the database's bundle (`database.trustBundle`, an
//   ITrustBundle: CDK adds the exports) and may connect to its port. The database stack does not depend on it.
// - AuroraTlsComposedDatabaseEu (eu-west-1): the same database in a second region; `removalPolicy: DESTROY` gives a
//   bucket that is deleted with the stack (for dev and CI stacks). It outputs where its bundle is.
// - AuroraTlsComposedReporting (eu-west-1): what another app (or account) does: it knows the database stack's name and
//   imports the bucket name that stack exports, and reads the bundle with TrustBundle.fromTrustBundleAttributes.
import { App, CfnOutput, Duration, Fn, RemovalPolicy, Stack, Validations, aws_ec2 as ec2, aws_lambda as lambda, aws_rds as rds } from 'aws-cdk-lib';
// In your project: import { CaSelection, CertificateAuthority, TlsAuroraCluster, TrustBundle } from 'aurora-tls';
import { CaSelection, CertificateAuthority, TlsAuroraCluster, TrustBundle } from '../../lib';
import { EXAMPLE_ACCOUNT, ExampleStack, exampleVpc } from '../shared/example-stack';

export const COMPOSED_STACKS = {
  database: 'AuroraTlsComposedDatabase',
  application: 'AuroraTlsComposedApplication',
  databaseEu: 'AuroraTlsComposedDatabaseEu',
  reporting: 'AuroraTlsComposedReporting',
};
/** The export of the EU database stack that names its trust bundle's bucket. */
export const EU_BUNDLE_BUCKET_EXPORT = 'AuroraTlsComposedDatabaseEu-TrustBundleBucket';

/** A database stack: its own VPC and a cluster pinned to ECC384, publishing its trust bundle. */
class DatabaseStack extends ExampleStack {
  public readonly vpc: ec2.Vpc;
  public readonly database: TlsAuroraCluster;

  constructor(app: App, id: string, region: string, removalPolicy?: RemovalPolicy) {
    super(app, id, {
      description: `aurora-tls example: a database stack (${region}) whose trust bundle other stacks read`,
      env: { account: EXAMPLE_ACCOUNT, region },
    });
    this.vpc = exampleVpc(this);
    this.database = new TlsAuroraCluster(this, 'Database', {
      engine: rds.DatabaseClusterEngine.auroraPostgres({ version: rds.AuroraPostgresEngineVersion.VER_16_13 }),
      certificateAuthority: CaSelection.exactly(CertificateAuthority.ECC384_G1),
      writer: rds.ClusterInstance.serverlessV2('Writer'),
      serverlessV2MaxCapacity: 2,
      storageEncrypted: true,
      vpc: this.vpc,
      vpcSubnets: { subnetType: ec2.SubnetType.PRIVATE_WITH_EGRESS },
      ...(removalPolicy ? { removalPolicy, trustBundle: { removalPolicy } } : {}),
    });
  }
}

/** An application function in `vpc` that reads a trust bundle's parameters (the names come from the bundle). */
function applicationFunction(stack: Stack, vpc: ec2.IVpc | undefined, parameters: { bundleS3Uri: string; sslMode: string }): lambda.Function {
  return new lambda.Function(stack, 'Application', {
    description: 'aurora-tls example: reads the trust bundle, then would connect with sslmode=verify-full',
    runtime: lambda.Runtime.NODEJS_22_X,
    handler: 'index.handler',
    code: lambda.Code.fromInline('exports.handler = async () => ({ bundle: process.env.BUNDLE_S3_URI_PARAMETER });'),
    timeout: Duration.seconds(30),
    environment: { BUNDLE_S3_URI_PARAMETER: parameters.bundleS3Uri, SSLMODE_PARAMETER: parameters.sslMode },
    ...(vpc ? { vpc, vpcSubnets: { subnetType: ec2.SubnetType.PRIVATE_WITH_EGRESS } } : {}),
  });
}

export function addMultiStackExample(app: App): Stack[] {
  // 1. The database stack and an application stack in one region: pass the ITrustBundle across.
  const db = new DatabaseStack(app, COMPOSED_STACKS.database, 'us-east-1');
  const appStack = new ExampleStack(app, COMPOSED_STACKS.application, {
    description: 'aurora-tls example: an application stack that reads the database stack\'s trust bundle',
    env: { account: EXAMPLE_ACCOUNT, region: 'us-east-1' },
  });
  const bundle = db.database.trustBundle!;
  const fn = applicationFunction(appStack, db.vpc, bundle.parameterNames);
  bundle.grantRead(fn);
  acknowledgeLambdaVpcRule(fn, 'The example application is in the database stack\'s VPC, whose subnets come through exports that the rule cannot resolve');
  // Made from the application's side, so only the application stack depends on the database stack.
  db.database.connections.allowDefaultPortFrom(fn, 'The application connects over TLS');
  fn.addEnvironment('DB_HOST', db.database.clusterEndpoint.hostname);

  // 2. A second region, short-lived: the bucket goes with the stack.
  const eu = new DatabaseStack(app, COMPOSED_STACKS.databaseEu, 'eu-west-1', RemovalPolicy.DESTROY);
  new CfnOutput(eu, 'TrustBundleBucket', { value: eu.database.trustBundle!.bucket.bucketName, exportName: EU_BUNDLE_BUCKET_EXPORT });
  new CfnOutput(eu, 'TrustBundleParameterPrefix', { value: eu.database.trustBundle!.parameterPrefix });

  // 3. Another app (or account) in that region: only names, no reference to the database stack's constructs.
  const reporting = new ExampleStack(app, COMPOSED_STACKS.reporting, {
    description: 'aurora-tls example: reads a trust bundle published by a stack of another app',
    env: { account: EXAMPLE_ACCOUNT, region: 'eu-west-1' },
  });
  const imported = TrustBundle.fromTrustBundleAttributes(reporting, 'DatabaseTrustBundle', {
    certificateAuthority: CertificateAuthority.ECC384_G1,
    stackName: COMPOSED_STACKS.databaseEu,
    bucketName: Fn.importValue(EU_BUNDLE_BUCKET_EXPORT),
  });
  const reader = applicationFunction(reporting, undefined, imported.parameterNames);
  imported.grantRead(reader);
  acknowledgeLambdaVpcRule(reader, 'The example reporting function reads only the SSM parameters and the S3 object of a trust bundle; place yours in your VPC');
  return [db, appStack, eu, reporting];
}

/** The Control Tower rule that wants functions in a VPC, acknowledged on the example's function with the reason. */
function acknowledgeLambdaVpcRule(fn: lambda.Function, reason: string): void {
  Validations.of(fn.node.defaultChild!).acknowledge({ id: 'cdk-validator-cfnguard::lambda_inside_vpc_check', reason });
}
