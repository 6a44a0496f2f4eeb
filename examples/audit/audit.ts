// Example: auditing Aurora clusters that were not built with aurora-tls, with the AuroraTlsChecks aspect.
//
// The stack holds a hand-written rds.DatabaseCluster in Europe (Zurich), eu-central-2, with three TLS mistakes:
//   1. its writer asks for rds-ca-ecc384-g1, which eu-central-2 does not offer  -> aurora-tls:ca-unavailable
//   2. its reader has no CA at all, so it gets the account's default CA         -> aurora-tls:unpinned-ca
//   3. it uses the engine's default parameter group, which cannot enforce TLS    -> aurora-tls:default-parameter-group
//      (rds.force_ssl and ssl_min_protocol_version are not set)
// and, for contrast, the same cluster built with TlsAuroraCluster, which passes.
//
// By default AuroraTlsChecks reports 1 and 3 as errors, so `cdk synth` fails: what you want in a pipeline. This
// example lowers every finding to a warning (`level: WARNING`) so that the example app still synthesizes and shows
// the findings; `cdk synth --strict` would still fail on them. In your app, keep the defaults, or lower single
// findings with `levels: { [AuroraTlsFinding.UNPINNED_CA]: AuroraTlsCheckLevel.OFF }`.
import { App, Aspects, Stack, aws_ec2 as ec2, aws_rds as rds } from 'aws-cdk-lib';
// In your project: import { AuroraTlsCheckLevel, AuroraTlsChecks, ... } from 'aurora-tls';
import { AuroraTlsCheckLevel, AuroraTlsChecks, CaSelection, CertificateAuthority, TlsAuroraCluster } from '../../lib';
import { EXAMPLE_ACCOUNT, ExampleStack, exampleVpc } from '../shared/example-stack';

export const AUDIT_STACK = 'AuroraTlsAudit';

export function addAuditExample(app: App): Stack {
  const stack = new ExampleStack(app, AUDIT_STACK, {
    description: 'aurora-tls example: the AuroraTlsChecks aspect auditing a plain rds.DatabaseCluster',
    env: { account: EXAMPLE_ACCOUNT, region: 'eu-central-2' },
  });
  const vpc = exampleVpc(stack);
  const engine = rds.DatabaseClusterEngine.auroraPostgres({ version: rds.AuroraPostgresEngineVersion.VER_16_13 });

  // The cluster under audit: plain aws-cdk-lib.
  new rds.DatabaseCluster(stack, 'Legacy', {
    engine,
    writer: rds.ClusterInstance.serverlessV2('Writer', { caCertificate: rds.CaCertificate.RDS_CA_ECC384_G1 }),
    readers: [rds.ClusterInstance.serverlessV2('Reader', { scaleWithWriter: true })],
    storageEncrypted: true,
    vpc,
    vpcSubnets: { subnetType: ec2.SubnetType.PRIVATE_WITH_EGRESS },
  });

  // The same cluster with aurora-tls: preferred() falls back to rds-ca-rsa2048-g1 in eu-central-2, and the
  // parameter group enforces TLS. No findings.
  new TlsAuroraCluster(stack, 'Fixed', {
    engine,
    certificateAuthority: CaSelection.preferred([CertificateAuthority.ECC384_G1, CertificateAuthority.RSA2048_G1]),
    writer: rds.ClusterInstance.serverlessV2('Writer'),
    readers: [rds.ClusterInstance.serverlessV2('Reader', { scaleWithWriter: true })],
    storageEncrypted: true,
    vpc,
    vpcSubnets: { subnetType: ec2.SubnetType.PRIVATE_WITH_EGRESS },
  });

  // Warnings, not errors, so that this example app synthesizes (see above).
  Aspects.of(stack).add(new AuroraTlsChecks({ level: AuroraTlsCheckLevel.WARNING }));
  return stack;
}
