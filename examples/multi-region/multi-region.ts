// Example: one app that deploys the same database stack to seven regions.
//
// The stack asks for CaSelection.preferred([ECC384_G1, RSA4096_G1, RSA2048_G1]): the first CA of the list that the
// region offers. Most regions offer all three and get rds-ca-ecc384-g1; Asia Pacific (Mumbai) ap-south-1 and
// Europe (Zurich) eu-central-2 offer neither ECC384 nor RSA4096 (AWS Aurora user guide), so they fall back to
// rds-ca-rsa2048-g1. The choice is made at synth time, per stack, and written as a literal CACertificateIdentifier:
// `cdk diff` shows exactly which CA each region gets.
//
// Each region's applications trust that region's bundle (TlsAuroraCluster publishes it in the region), so the
// fallback needs no change on the client side.
import { App, CfnOutput, Stack, StackProps, aws_ec2 as ec2, aws_rds as rds } from 'aws-cdk-lib';
import { Construct } from 'constructs';
// In your project: import { CaSelection, CertificateAuthority, TlsAuroraCluster } from 'aurora-tls';
import { CaSelection, CertificateAuthority, TlsAuroraCluster } from '../../lib';
import { EXAMPLE_ACCOUNT, ExampleStack, exampleVpc } from '../shared/example-stack';

/** One selection for every region: the strongest CA the region offers, ending with RSA2048 (offered everywhere). */
export const MULTI_REGION_SELECTION = CaSelection.preferred([
  CertificateAuthority.ECC384_G1,
  CertificateAuthority.RSA4096_G1,
  CertificateAuthority.RSA2048_G1,
]);

const POSTGRES_16 = rds.DatabaseClusterEngine.auroraPostgres({ version: rds.AuroraPostgresEngineVersion.VER_16_13 });
// Aurora MySQL 3.04.0 and later offer TLS 1.3: TlsAuroraCluster sets tls_version=TLSv1.2,TLSv1.3 and
// require_secure_transport=ON.
const MYSQL_3 = rds.DatabaseClusterEngine.auroraMysql({ version: rds.AuroraMysqlEngineVersion.VER_3_12_0 });

/** Where the app runs. The Sydney deployment still serves the MySQL edition of the application. */
export const MULTI_REGION_DEPLOYMENTS: ReadonlyArray<{ readonly region: string; readonly engine: rds.IClusterEngine }> = [
  { region: 'us-east-1', engine: POSTGRES_16 },
  { region: 'us-west-2', engine: POSTGRES_16 },
  { region: 'eu-west-1', engine: POSTGRES_16 },
  { region: 'eu-central-2', engine: POSTGRES_16 }, // no ECC384, no RSA4096: falls back to RSA2048
  { region: 'ap-south-1', engine: POSTGRES_16 }, // no ECC384, no RSA4096: falls back to RSA2048
  { region: 'sa-east-1', engine: POSTGRES_16 },
  { region: 'ap-southeast-2', engine: MYSQL_3 },
];

/** The stack name of a region's deployment, e.g. `AuroraTlsMultiRegion-ap-south-1`. */
export function multiRegionStackName(region: string): string {
  return `AuroraTlsMultiRegion-${region}`;
}

interface RegionalDatabaseStackProps extends StackProps {
  readonly engine: rds.IClusterEngine;
}

/** The stack deployed to every region: a VPC and an Aurora Serverless v2 cluster with a writer and a reader. */
class RegionalDatabaseStack extends ExampleStack {
  constructor(scope: Construct, id: string, props: RegionalDatabaseStackProps) {
    super(scope, id, props);
    const database = new TlsAuroraCluster(this, 'Database', {
      engine: props.engine,
      certificateAuthority: MULTI_REGION_SELECTION,
      writer: rds.ClusterInstance.serverlessV2('Writer'),
      readers: [rds.ClusterInstance.serverlessV2('Reader', { scaleWithWriter: true })],
      serverlessV2MinCapacity: 0.5,
      serverlessV2MaxCapacity: 4,
      storageEncrypted: true,
      vpc: exampleVpc(this),
      vpcSubnets: { subnetType: ec2.SubnetType.PRIVATE_WITH_EGRESS },
    });
    new CfnOutput(this, 'CertificateAuthority', {
      value: database.certificateAuthorityIdentifier,
      description: `CA chosen in ${this.region} by ${MULTI_REGION_SELECTION.toString()}`,
    });
  }
}

export function addMultiRegionExample(app: App): Stack[] {
  return MULTI_REGION_DEPLOYMENTS.map(({ region, engine }) => new RegionalDatabaseStack(app, multiRegionStackName(region), {
    description: `aurora-tls example: the same Aurora stack in ${region}, CA chosen by CaSelection.preferred()`,
    env: { account: EXAMPLE_ACCOUNT, region },
    engine,
  }));
}
