// Small AWS CDK fixtures shared by the construct and audit tests: a stack with an imported VPC (no lookups, no VPC resources) and a
// plain rds.DatabaseCluster as teams build it without aurora-tls.
import { App, Stack } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as rds from 'aws-cdk-lib/aws-rds';

/** A VPC imported by attributes: two private subnets, nothing synthesized for it. */
export function importedVpc(stack: Stack): ec2.IVpc {
  return ec2.Vpc.fromVpcAttributes(stack, 'Vpc', {
    vpcId: 'vpc-12345678', availabilityZones: ['az-a', 'az-b'], privateSubnetIds: ['subnet-1234abcd', 'subnet-5678abcd'],
  });
}

/** A stack in `region` (environment-agnostic without one), in an app without the built-in CloudFormation validation. */
export function stackIn(id: string, region?: string, appProps: ConstructorParameters<typeof App>[0] = {}): { app: App; stack: Stack; vpc: ec2.IVpc } {
  const app = new App({ builtinCloudFormationValidation: false, ...appProps });
  const stack = new Stack(app, id, region === undefined ? {} : { env: { account: '111111111111', region } });
  return { app, stack, vpc: importedVpc(stack) };
}

/**
 * A stack `S` in `region` (environment-agnostic without one) with an imported VPC, in an app with aws-cdk-lib's
 * defaults (the built-in CloudFormation validation on, as `cdk synth` runs it): the construct tests' GIVEN.
 */
export function defaultAppStackIn(region?: string): { app: App; stack: Stack; vpc: ec2.IVpc } {
  const app = new App();
  const stack = new Stack(app, 'S', region === undefined ? {} : { env: { account: '111111111111', region } });
  return { app, stack, vpc: importedVpc(stack) };
}

/** A plain Aurora PostgreSQL 16 cluster: the engine's default parameter group, and the instances given. */
export function plainCluster(stack: Stack, vpc: ec2.IVpc, writer: rds.IClusterInstance, readers: rds.IClusterInstance[] = []): rds.DatabaseCluster {
  return new rds.DatabaseCluster(stack, 'Db', {
    engine: rds.DatabaseClusterEngine.auroraPostgres({ version: rds.AuroraPostgresEngineVersion.VER_16_4 }),
    vpc,
    writer,
    readers,
  });
}
