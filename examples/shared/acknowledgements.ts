// The examples' own choices that policy checkers flag (cdk-nag AwsSolutions, the Control Tower rules of
// @cdklabs/cdk-validator-cfnguard; test/security/checkers.test.ts runs both on every example stack).
//
// Each finding is acknowledged on the one resource it is about, with the reason, as you would in your own app with
// `Validations.of(construct).acknowledge({ id, reason })`. None of them is about TLS, and none is on a resource
// aurora-tls creates: aurora-tls acknowledges its own (few) findings itself, next to the resources, with the reason.
import { App, Validations, aws_ec2 as ec2, aws_lambda as lambda, aws_rds as rds } from 'aws-cdk-lib';
import { IConstruct } from 'constructs';

/** Id of the application function of the single-region example. */
const APPLICATION_ID = 'Application';

const REASONS = {
  flowLogs: 'Example VPC: VPC flow logs are an account-level choice (a destination, its retention and cost); add them with vpc.addFlowLog() in your app',
  publicSubnets:
    'Example VPC: the public subnets hold only the NAT gateway the private subnets use (aws-cdk-lib maps public IPs in public ' +
    'subnets); the databases and the application are in the private subnets',
  iamAuthentication:
    'The example connects with the generated master secret; IAM database authentication (iamAuthentication: true) is an ' +
    'application choice, independent of TLS, which aurora-tls enforces either way',
  deletionProtection: 'Example databases are meant to be deployed and destroyed again; set deletionProtection: true on a database you keep',
  defaultPort: 'The example keeps the engine default port: the database is reachable only from the sources its security group allows',
  backtrack: 'Backtrack (backtrackWindow) is a recovery choice with its own cost; the example leaves it off',
  logExports: 'Exporting database logs to CloudWatch Logs (cloudwatchLogsExports) is an operations choice with its own cost; the example leaves it off',
  enhancedMonitoring: 'Enhanced Monitoring (monitoringInterval) is an operations choice with its own cost; the example leaves it off',
  secretRotation:
    'The example does not rotate the generated master secret; add cluster.addRotationSingleUser() (a rotation function in ' +
    'the VPC) in your app',
  applicationRuntime: 'The example application (inline code) is written and tested for nodejs22.x',
  applicationManagedPolicies:
    'aws-cdk-lib gives a function in a VPC the AWS managed execution policies (logs, network interfaces); the application\'s ' +
    'own permissions are trustBundle.grantRead, on exact ARNs',
};

const GUARD = 'cdk-validator-cfnguard::';

/** Acknowledge, on each resource concerned, the findings that are the examples' own choices. */
export function acknowledgeExampleChoices(app: App): void {
  for (const construct of app.node.findAll()) {
    if (construct instanceof ec2.Vpc) acknowledgeVpc(construct);
    else if (construct instanceof rds.DatabaseCluster) acknowledgeCluster(construct);
    else if (construct instanceof lambda.Function && construct.node.id === APPLICATION_ID) acknowledgeApplication(construct);
  }
}

function acknowledgeVpc(vpc: ec2.Vpc): void {
  acknowledge(vpc.node.defaultChild!, ['AwsSolutions-VPC7', REASONS.flowLogs]);
  for (const subnet of vpc.publicSubnets) {
    acknowledge(subnet.node.defaultChild!, [`${GUARD}subnet_auto_assign_public_ip_disabled_check`, REASONS.publicSubnets]);
  }
}

function acknowledgeCluster(cluster: rds.DatabaseCluster): void {
  const cfnCluster = cluster.node.defaultChild as rds.CfnDBCluster;
  acknowledge(cfnCluster,
    ['AwsSolutions-RDS6', REASONS.iamAuthentication],
    [`${GUARD}rds_cluster_iam_authentication_enabled_check`, REASONS.iamAuthentication],
    ['AwsSolutions-RDS10', REASONS.deletionProtection],
    [`${GUARD}rds_cluster_deletion_protection_enabled_check`, REASONS.deletionProtection],
    [`${GUARD}rds_cluster_logging_enabled_check`, REASONS.logExports],
  );
  if (cfnCluster.engine === 'aurora-mysql') {
    // cdk-nag flags the default port of Aurora MySQL only, and backtrack exists only for Aurora MySQL.
    acknowledge(cfnCluster, ['AwsSolutions-RDS11', REASONS.defaultPort], ['AwsSolutions-RDS14', REASONS.backtrack]);
  }
  for (const instance of cluster.node.findAll().filter((c): c is rds.CfnDBInstance => c instanceof rds.CfnDBInstance)) {
    acknowledge(instance, [`${GUARD}rds_instance_enhanced_monitoring_enabled_check`, REASONS.enhancedMonitoring]);
  }
  const secret = cluster.node.tryFindChild('Secret');
  if (secret) acknowledge(secret.node.defaultChild!, ['AwsSolutions-SMG4', REASONS.secretRotation]);
}

function acknowledgeApplication(fn: lambda.Function): void {
  acknowledge(fn.node.defaultChild!, ['AwsSolutions-L1', REASONS.applicationRuntime]);
  acknowledge(fn.role!.node.defaultChild!,
    ['AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole]', REASONS.applicationManagedPolicies],
    ['AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaVPCAccessExecutionRole]', REASONS.applicationManagedPolicies],
  );
}

function acknowledge(resource: IConstruct, ...rules: Array<[string, string]>): void {
  Validations.of(resource).acknowledge(...rules.map(([id, reason]) => ({ id, reason })));
}
