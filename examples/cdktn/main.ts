// Example: an Aurora MySQL cluster with CDK Terrain (cdktn, the community fork of CDK for Terraform), in
// US East (N. Virginia), us-east-1, with the ECC384 CA. The same constructs as examples/cdktf, from
// `aurora-tls/cdktn`. At plan time data.aws_rds_certificate and data.aws_rds_engine_version ask RDS for the CA and the
// engine version, and preconditions check the CA's root against the vendored trust store.
//
// Synthesize (Terraform JSON into examples/cdktn.out/; no terraform binary needed): `npx projen examples`, which runs
//   node -r ts-node/register/transpile-only -r ./scripts/cdktn-register.ts examples/cdktn/main.ts
// (in this repository the constructs' source is written against cdktf; scripts/cdktn-register.ts loads it on cdktn,
// as the published aurora-tls/cdktn does). Then `cd examples/cdktn.out/stacks/AuroraTlsCdkTerrainExample && terraform plan`.
import { join } from 'path';
import { AwsProvider } from '@cdktn/provider-aws/lib/provider';
import { App, TerraformOutput, TerraformStack } from 'cdktn';
import { Construct } from 'constructs';
// In your project:
//   import { AuroraEngine, CaSelection, CertificateAuthority } from 'aurora-tls';
//   import * as tf from 'aurora-tls/cdktn';
import { AuroraEngine, CaSelection, CertificateAuthority, ValidityPeriod } from '../../lib/core';
import * as tf from '../../lib/tf';

export const EXAMPLE_STACK = 'AuroraTlsCdkTerrainExample';

export class AuroraTlsCdkTerrainExample extends TerraformStack {
  public readonly database: tf.TlsAuroraCluster;

  constructor(scope: Construct, id: string) {
    super(scope, id);
    new AwsProvider(this, 'aws', { region: 'us-east-1' });

    this.database = new tf.TlsAuroraCluster(this, 'Database', {
      engine: AuroraEngine.AURORA_MYSQL,
      engineVersion: '8.0.mysql_aurora.3.08.0',
      instanceClass: 'db.r6g.large',
      certificateAuthority: CaSelection.exactly(CertificateAuthority.ECC384_G1),
      trustBundle: { minimumValidity: ValidityPeriod.days(180) },
      clusterConfig: {
        engine: AuroraEngine.AURORA_MYSQL,
        clusterIdentifierPrefix: 'aurora-tls-cdktn-',
        masterUsername: 'app',
        manageMasterUserPassword: true,
        deletionProtection: true,
        finalSnapshotIdentifier: 'aurora-tls-cdktn-final',
      },
    });

    new TerraformOutput(this, 'certificate_authority', { value: this.database.certificateAuthorityIdentifier });
    new TerraformOutput(this, 'trust_bundle_parameters', { value: this.database.trustBundle!.parameterNames });
  }
}

/** Synthesize the example into `outdir`; returns the names of the synthesized stacks. */
export function synth(outdir: string): string[] {
  const app = new App({ outdir, stackTraces: false });
  const stack = new AuroraTlsCdkTerrainExample(app, EXAMPLE_STACK);
  app.synth();
  return [stack.node.id];
}

if (require.main === module) {
  const stacks = synth(process.argv[2] ?? join(__dirname, '..', 'cdktn.out'));
  process.stdout.write(`Terraform JSON (CDK Terrain) for ${stacks.join(', ')} in examples/cdktn.out/\n`);
}
