// The CDK for Terraform apps the synth benchmark compares: the same Aurora clusters built with aurora-tls's
// TlsAuroraCluster (aurora-tls/tf, or aurora-tls/cdktn through the module mapping) and written by hand with @cdktf/provider-aws (aws_rds_cluster_parameter_group with the same TLS
// parameters, aws_rds_cluster, aws_rds_cluster_instance with ca_cert_identifier). test/bench/bench-cases.test.ts
// checks that both synthesize equivalent databases.
//
// As in cdk-apps.ts, the library is passed in, and the hand-written app never loads aurora-tls.
import { DataAwsRdsCertificate } from '@cdktf/provider-aws/lib/data-aws-rds-certificate';
import { AwsProvider } from '@cdktf/provider-aws/lib/provider';
import { RdsCluster } from '@cdktf/provider-aws/lib/rds-cluster';
import { RdsClusterInstance } from '@cdktf/provider-aws/lib/rds-cluster-instance';
import { RdsClusterParameterGroup } from '@cdktf/provider-aws/lib/rds-cluster-parameter-group';
import { App, Fn, Op, TerraformStack } from 'cdktf';
import { Construct } from 'constructs';
import { HAND_WRITTEN_FAMILY, HAND_WRITTEN_TLS_PARAMETERS } from './hand-written';
import type * as AuroraTls from '../../lib/tf';
import { TfVariant } from './tf-apps-variant';

export { TfVariant } from './tf-apps-variant';

export interface TfAppOptions {
  readonly variant: TfVariant;
  /** Clusters in the stack. */
  readonly clusters: number;
  /** The AWS provider's region. */
  readonly region: string;
  /** The CA identifier in `region` (see CdkAppOptions.caByRegion). Only the hand-written apps read it. */
  readonly caIdentifier: string;
  /** SHA-1 thumbprint of the CA's root in `region` (from the vendored trust store). Only HAND_CHECK reads it. */
  readonly thumbprint: string;
  readonly outdir: string;
  /** aurora-tls; required for the library variants. */
  readonly lib?: typeof AuroraTls;
}

const ENGINE = 'aurora-postgresql';
const ENGINE_VERSION = '16.4';
const INSTANCE_CLASS = 'db.r6g.large';
const INSTANCES = 2;

/** Build the app (not synthesized): one stack. */
export function buildTfApp(options: TfAppOptions): App {
  const app = new App({ outdir: options.outdir, stackTraces: false });
  const stack = new TerraformStack(app, 'Bench');
  new AwsProvider(stack, 'aws', { region: options.region });
  for (let i = 1; i <= options.clusters; i++) {
    if (options.variant === TfVariant.HAND || options.variant === TfVariant.HAND_CHECK) {
      handWrittenCluster(stack, `Db${i}`, options);
    } else if (options.variant === TfVariant.HAND_CONSTRUCT) {
      handWrittenCluster(new Construct(stack, `Db${i}`), '', options);
    } else {
      libraryCluster(stack, `Db${i}`, options);
    }
  }
  return app;
}

const DAYS = 365;

/** One cluster's resources in `scope`, their ids prefixed with `id` (`Db1ParameterGroup`; `Resource` when `id` is empty). */
function handWrittenCluster(scope: Construct, id: string, options: TfAppOptions): void {
  const check = options.variant === TfVariant.HAND_CHECK;
  const parameterGroup = new RdsClusterParameterGroup(scope, `${id}ParameterGroup`, {
    // The strings TlsAuroraCluster writes, so that the like-for-like apps synthesize the same resources.
    namePrefix: 'aurora-tls-',
    family: HAND_WRITTEN_FAMILY,
    description: `aurora-tls: TLS 1.2+ required for ${ENGINE} ${ENGINE_VERSION}`,
    parameter: Object.entries(HAND_WRITTEN_TLS_PARAMETERS).map(([name, value]) => ({ name, value, applyMethod: 'pending-reboot' })),
    lifecycle: { createBeforeDestroy: true },
  });
  const certificate = check ? new DataAwsRdsCertificate(scope, `${id}Certificate`, { id: options.caIdentifier }) : undefined;
  const cluster = new RdsCluster(scope, id || 'Resource', {
    engine: ENGINE,
    engineVersion: ENGINE_VERSION,
    dbClusterParameterGroupName: parameterGroup.name,
    masterUsername: 'app',
    manageMasterUserPassword: true,
    storageEncrypted: true, // as TlsAuroraCluster (secure by default), so that the resources are the same
    lifecycle: certificate && {
      precondition: [
        {
          condition: Op.eq(Fn.lower(certificate.thumbprint), options.thumbprint),
          errorMessage: `${options.caIdentifier} in ${options.region}: RDS reports thumbprint ${Fn.lower(certificate.thumbprint)}, expected ${options.thumbprint}`,
        },
        {
          condition: Op.neq(Fn.timecmp(certificate.validTill, Fn.timeadd(Fn.plantimestamp(), `${DAYS * 24}h`)), -1),
          errorMessage: `${options.caIdentifier} in ${options.region} is valid until ${certificate.validTill}, less than ${DAYS} days from now`,
        },
      ],
    },
  });
  const instances: RdsClusterInstance[] = [];
  for (let n = 1; n <= INSTANCES; n++) {
    instances.push(new RdsClusterInstance(scope, `${id}Instance${n}`, {
      clusterIdentifier: cluster.id,
      engine: ENGINE,
      engineVersion: cluster.engineVersion,
      instanceClass: INSTANCE_CLASS,
      caCertIdentifier: options.caIdentifier,
      dependsOn: n > 1 ? [instances[0]] : undefined, // writer first, as TlsAuroraCluster
    }));
  }
}

function libraryCluster(stack: TerraformStack, id: string, options: TfAppOptions): void {
  const lib = options.lib;
  if (lib === undefined) throw new Error(`bench: the ${options.variant} variant needs the aurora-tls module`);
  new lib.TlsAuroraCluster(stack, id, {
    engine: lib.AuroraEngine.AURORA_POSTGRESQL,
    engineVersion: ENGINE_VERSION,
    instanceClass: INSTANCE_CLASS,
    instanceCount: INSTANCES,
    // The same selection as benchSelection() in cdk-apps.ts (not imported: this process must not load aws-cdk-lib).
    certificateAuthority: lib.CaSelection.preferred([lib.CertificateAuthority.ECC384_G1, lib.CertificateAuthority.RSA2048_G1]),
    deployTimeCheck: options.variant === TfVariant.LIB,
    clusterConfig: { engine: ENGINE, masterUsername: 'app', manageMasterUserPassword: true },
  });
}
