// Shared by the CDK examples: a placeholder AWS account, a Stack that needs no AWS lookup, and a small VPC.
//
// Every example synthesizes offline, without AWS credentials. A stack with a concrete account and region normally
// looks up its Availability Zones (a context lookup that calls AWS). ExampleStack overrides
// `Stack.availabilityZones`, as its documentation suggests, to let CloudFormation pick the first two zones of the
// region at deploy time (`Fn::GetAZs`), as in an environment-agnostic stack: no lookup, and no zone names hard-coded
// in the template (CloudFormation Validate warns about those, W3010). In your own app, a plain `Stack` does the
// lookup once and caches it in cdk.context.json.
import { Fn, Stack, aws_ec2 as ec2 } from 'aws-cdk-lib';
import { Construct } from 'constructs';

/** A placeholder AWS account id for the examples' environments: replace it with yours before deploying. */
export const EXAMPLE_ACCOUNT = '111111111111';

/** A Stack whose Availability Zones are the first two of its region, chosen at deploy time (no lookup). */
export class ExampleStack extends Stack {
  public get availabilityZones(): string[] {
    return [Fn.select(0, Fn.getAzs()), Fn.select(1, Fn.getAzs())];
  }
}

/**
 * A new VPC for an example database: two Availability Zones, public subnets (with one NAT gateway) and private
 * subnets for the DB instances and the application.
 */
export function exampleVpc(scope: Construct, id = 'Vpc'): ec2.Vpc {
  return new ec2.Vpc(scope, id, {
    maxAzs: 2,
    natGateways: 1,
    subnetConfiguration: [
      { name: 'Public', subnetType: ec2.SubnetType.PUBLIC, cidrMask: 24 },
      { name: 'Private', subnetType: ec2.SubnetType.PRIVATE_WITH_EGRESS, cidrMask: 24 },
    ],
  });
}
