// Example: an environment-agnostic stack (no `env`), deployable to any account and region with the same template.
//
// The stack's region is a token until deploy time, so TlsAuroraCluster cannot check the CA at synth time. It moves
// the check to deploy time instead of dropping it: a CloudFormation Rule in the template refuses, before any
// resource is created, the regions where the CA is documented as not offered:
//
//   Rules:
//     AuroraTlsCaExactlyEcc384G1Rule:
//       Assertions:
//         - Assert: { Fn::Not: [ { Fn::Contains: [ [ap-southeast-4, ap-south-1, ca-west-1, ...], { Ref: AWS::Region } ] } ] }
//           AssertDescription: 'aurora-tls: rds-ca-ecc384-g1 is not offered in ... (AWS Aurora user guide); ...'
//
// So `cdk deploy` to ap-south-1 fails at once with that message, instead of after RDS refuses the DB instance.
// With CaSelection.preferred([...]) instead, the CA is looked up per region in a CloudFormation mapping, and the Rule
// refuses only regions the aurora-tls catalog does not know.
import { App, Stack, aws_ec2 as ec2, aws_rds as rds } from 'aws-cdk-lib';
// In your project: import { CaSelection, CertificateAuthority, TlsAuroraCluster } from 'aurora-tls';
import { CaSelection, CertificateAuthority, TlsAuroraCluster } from '../../lib';
import { exampleVpc } from '../shared/example-stack';

export const ENV_AGNOSTIC_STACK = 'AuroraTlsEnvAgnostic';

export function addEnvAgnosticExample(app: App): Stack {
  // No `env`: the region is `{ Ref: AWS::Region }` in the template.
  const stack = new Stack(app, ENV_AGNOSTIC_STACK, {
    description: 'aurora-tls example: environment-agnostic stack guarded by a CloudFormation Rule on the region',
  });
  new TlsAuroraCluster(stack, 'Database', {
    engine: rds.DatabaseClusterEngine.auroraPostgres({ version: rds.AuroraPostgresEngineVersion.VER_16_13 }),
    certificateAuthority: CaSelection.exactly(CertificateAuthority.ECC384_G1),
    writer: rds.ClusterInstance.serverlessV2('Writer'),
    storageEncrypted: true,
    vpc: exampleVpc(stack),
    vpcSubnets: { subnetType: ec2.SubnetType.PRIVATE_WITH_EGRESS },
  });
  return stack;
}
