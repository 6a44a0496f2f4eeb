// The AWS CDK apps the synth benchmark compares: the same Aurora clusters built with aurora-tls's TlsAuroraCluster
// and written by hand with aws-cdk-lib (rds.DatabaseCluster + rds.ParameterGroup with the same TLS parameters +
// caCertificate on every instance). test/bench/bench-cases.test.ts checks that both synthesize equivalent databases.
//
// The library is passed in (not imported) so that the benchmark loads the compiled package (dist/, what consumers
// run) while the unit test loads the TypeScript sources, and so that the hand-written app never loads aurora-tls.
import { App, Stack } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as rds from 'aws-cdk-lib/aws-rds';
import { HAND_WRITTEN_TLS_PARAMETERS } from './hand-written';
import type * as AuroraTls from '../../lib';

/** Which app to build. */
export enum CdkVariant {
  /** aws-cdk-lib only, written by hand. */
  HAND = 'hand',
  /** TlsAuroraCluster with `deployTimeCheck: false`: the construct's own overhead, no extra resources. */
  LIB_NO_CHECK = 'lib-nocheck',
  /** TlsAuroraCluster with its defaults (the deploy-time check: a Lambda, a custom resource, a bucket). */
  LIB = 'lib',
}

export interface CdkAppOptions {
  readonly variant: CdkVariant;
  /** Clusters per stack. */
  readonly clusters: number;
  /** One stack per region, in this order. */
  readonly regions: string[];
  /**
   * The CA identifier of each region: what `CaSelection.preferred([ECC384_G1, RSA2048_G1])` resolves to, looked up
   * once by the runner. Only the hand-written app reads it (a user would write the literal).
   */
  readonly caByRegion: { [region: string]: string };
  /** Where `app.synth()` writes the cloud assembly. */
  readonly outdir: string;
  /** aurora-tls (the compiled package or the sources); required for the library variants. */
  readonly lib?: typeof AuroraTls;
  /**
   * aws-cdk-lib's built-in CloudFormation validation at synth (`App` prop `builtinCloudFormationValidation`).
   * @default true - as `cdk synth` runs it for users
   */
  readonly builtinValidation?: boolean;
}

/** The CA selection of every benchmark cluster, CDK and Terraform: ECC384 where offered, else RSA2048. */
export function benchSelection(lib: typeof AuroraTls): AuroraTls.CaSelection {
  return lib.CaSelection.preferred([lib.CertificateAuthority.ECC384_G1, lib.CertificateAuthority.RSA2048_G1]);
}

/** What `benchSelection` resolves to in each region: the literals the hand-written apps use. */
export function caByRegion(lib: typeof AuroraTls, regions: string[]): { [region: string]: string } {
  const selection = benchSelection(lib);
  const table: { [region: string]: string } = {};
  for (const region of regions) table[region] = selection.resolve(region).identifier;
  return table;
}

const ACCOUNT = '111111111111';

/** The engine of every cluster (a literal version, so that the TLS rules are decided at synth time). */
function engine(): rds.IClusterEngine {
  return rds.DatabaseClusterEngine.auroraPostgres({ version: rds.AuroraPostgresEngineVersion.VER_16_4 });
}

/** The same VPC in every variant: imported, so that the benchmark measures the clusters, not a VPC. */
function importedVpc(stack: Stack, region: string): ec2.IVpc {
  return ec2.Vpc.fromVpcAttributes(stack, 'Vpc', {
    vpcId: 'vpc-0123456789abcdef0',
    availabilityZones: [`${region}a`, `${region}b`],
    privateSubnetIds: ['subnet-0123456789abcdef0', 'subnet-0123456789abcdef1'],
  });
}

/** Build the app (not synthesized). */
export function buildCdkApp(options: CdkAppOptions): App {
  const app = new App({ outdir: options.outdir, builtinCloudFormationValidation: options.builtinValidation ?? true });
  for (const region of options.regions) {
    const stack = new Stack(app, `Bench-${region}`, { env: { account: ACCOUNT, region } });
    const vpc = importedVpc(stack, region);
    for (let i = 1; i <= options.clusters; i++) {
      const id = `Db${i}`;
      if (options.variant === CdkVariant.HAND) {
        handWrittenCluster(stack, id, vpc, options.caByRegion[region]);
      } else {
        libraryCluster(stack, id, vpc, options);
      }
    }
  }
  return app;
}

/** The hand-written cluster: what a user writes without aurora-tls to get the same database. */
function handWrittenCluster(stack: Stack, id: string, vpc: ec2.IVpc, caIdentifier: string): void {
  if (caIdentifier === undefined) throw new Error(`bench: no CA for ${stack.region} in caByRegion`);
  const caCertificate = rds.CaCertificate.of(caIdentifier);
  const clusterEngine = engine();
  const parameterGroup = new rds.ParameterGroup(stack, `${id}ParameterGroup`, {
    engine: clusterEngine,
    description: 'Aurora PostgreSQL 16 cluster parameter group with TLS required',
    parameters: { ...HAND_WRITTEN_TLS_PARAMETERS },
  });
  new rds.DatabaseCluster(stack, id, {
    engine: clusterEngine,
    writer: rds.ClusterInstance.provisioned('Writer', { caCertificate }),
    readers: [rds.ClusterInstance.provisioned('Reader', { caCertificate })],
    vpc,
    parameterGroup,
  });
}

/** The same cluster with TlsAuroraCluster. */
function libraryCluster(stack: Stack, id: string, vpc: ec2.IVpc, options: CdkAppOptions): void {
  const lib = options.lib;
  if (lib === undefined) throw new Error(`bench: the ${options.variant} variant needs the aurora-tls module`);
  // `deployTimeCheck` is typed loosely so that the app also builds against a library without the prop; the runner
  // reports whether the default app really has the check (it counts the Lambda functions).
  const props: AuroraTls.TlsAuroraClusterProps & { deployTimeCheck?: boolean } = {
    engine: engine(),
    writer: rds.ClusterInstance.provisioned('Writer'),
    readers: [rds.ClusterInstance.provisioned('Reader')],
    vpc,
    certificateAuthority: benchSelection(lib),
    ...(options.variant === CdkVariant.LIB_NO_CHECK ? { deployTimeCheck: false } : {}),
  };
  new lib.TlsAuroraCluster(stack, id, props);
}
