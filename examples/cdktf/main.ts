// Example: an Aurora PostgreSQL cluster with CDK for Terraform, in Europe (Zurich), eu-central-2.
//
// The cluster prefers the ECC384 CA and falls back to RSA2048 where ECC384 is not offered. eu-central-2 does not
// offer rds-ca-ecc384-g1 (AWS Aurora user guide), so every instance gets rds-ca-rsa2048-g1, chosen at synth time.
// At plan time, data.aws_rds_certificate asks RDS for that CA and preconditions check its root against the vendored
// trust store. The region's trust bundle is published to S3 and SSM for the applications.
//
// Synthesize (Terraform JSON into examples/cdktf.out/, no terraform binary needed):
//   npx ts-node --transpile-only --project tsconfig.tools.json examples/cdktf/main.ts
// then `cd examples/cdktf.out/stacks/AuroraTlsTerraformExample && terraform init && terraform plan`.
import { join } from 'path';
import { AwsProvider } from '@cdktf/provider-aws/lib/provider';
import { App, TerraformOutput, TerraformStack } from 'cdktf';
import { Construct } from 'constructs';
// In your project:
//   import { AuroraEngine, CaSelection, CertificateAuthority } from 'aurora-tls';
//   import * as tf from 'aurora-tls/tf';
import { AuroraEngine, CaSelection, CertificateAuthority } from '../../lib/core';
import * as tf from '../../lib/tf';

export const EXAMPLE_STACK = 'AuroraTlsTerraformExample';

export class AuroraTlsTerraformExample extends TerraformStack {
  public readonly database: tf.TlsAuroraCluster;

  constructor(scope: Construct, id: string) {
    super(scope, id);
    new AwsProvider(this, 'aws', { region: 'eu-central-2' });

    this.database = new tf.TlsAuroraCluster(this, 'Database', {
      engine: AuroraEngine.AURORA_POSTGRESQL,
      engineVersion: '16.4',
      instanceClass: 'db.r6g.large',
      certificateAuthority: CaSelection.preferred([CertificateAuthority.ECC384_G1, CertificateAuthority.RSA2048_G1]),
      clusterConfig: {
        engine: AuroraEngine.AURORA_POSTGRESQL,
        clusterIdentifierPrefix: 'aurora-tls-example-',
        masterUsername: 'app',
        manageMasterUserPassword: true,
        storageEncrypted: true,
        deletionProtection: true,
        finalSnapshotIdentifier: 'aurora-tls-example-final',
      },
    });

    new TerraformOutput(this, 'certificate_authority', {
      value: this.database.certificateAuthorityIdentifier,
      description: 'CA of every DB instance (rds-ca-rsa2048-g1: eu-central-2 does not offer rds-ca-ecc384-g1)',
    });
    new TerraformOutput(this, 'cluster_endpoint', { value: this.database.cluster.endpoint });
    new TerraformOutput(this, 'trust_bundle_parameters', {
      value: this.database.trustBundle!.parameterNames,
      description: 'SSM parameters an application reads to connect with sslmode=verify-full',
    });
  }
}

/**
 * Synthesize the example into `outdir` (Terraform JSON under `stacks/<name>/cdk.tf.json`).
 * @returns the names of the synthesized stacks
 */
export function synth(outdir: string): string[] {
  const app = new App({ outdir, stackTraces: false });
  const stack = new AuroraTlsTerraformExample(app, EXAMPLE_STACK);
  app.synth();
  return [stack.node.id];
}

if (require.main === module) {
  const stacks = synth(join(__dirname, '..', 'cdktf.out'));
  process.stdout.write(`Terraform JSON for ${stacks.join(', ')} in examples/cdktf.out/\n`);
}
