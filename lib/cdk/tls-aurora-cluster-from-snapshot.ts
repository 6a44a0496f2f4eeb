import * as rds from 'aws-cdk-lib/aws-rds';
import { Construct } from 'constructs';
import { TlsClusterSetup } from './private/tls-cluster-setup';
import { TlsAuroraClusterBase, TlsAuroraClusterOptions } from './tls-aurora-cluster-base';

/**
 * Properties of a `TlsAuroraClusterFromSnapshot`: every `rds.DatabaseClusterFromSnapshotProps` property, plus the TLS
 * settings.
 */
export interface TlsAuroraClusterFromSnapshotProps extends rds.DatabaseClusterFromSnapshotProps, TlsAuroraClusterOptions {}

/**
 * An Aurora cluster restored from a snapshot (`rds.DatabaseClusterFromSnapshot`) with the same TLS settings and
 * guarantees as `TlsAuroraCluster`: every DB instance pinned to the chosen certificate authority, TLS enforced in the
 * cluster parameter group, the deploy-time check and the trust bundle, validated before anything is created and
 * again when the app is synthesized. It is an `rds.IDatabaseCluster`.
 *
 * Storage encryption is not defaulted here: a restored cluster inherits it from the snapshot (CloudFormation ignores
 * `StorageEncrypted` with a `SnapshotIdentifier`), so `storageEncrypted` is passed on only when you set it.
 *
 * @example
 * import { aws_ec2 as ec2, aws_rds as rds } from 'aws-cdk-lib';
 * import { TlsAuroraClusterFromSnapshot } from 'aurora-tls';
 *
 * declare const vpc: ec2.IVpc;
 * new TlsAuroraClusterFromSnapshot(this, 'Restored', {
 *   snapshotIdentifier: 'arn:aws:rds:us-east-1:111111111111:cluster-snapshot:before-upgrade',
 *   engine: rds.DatabaseClusterEngine.auroraPostgres({ version: rds.AuroraPostgresEngineVersion.VER_16_4 }),
 *   writer: rds.ClusterInstance.serverlessV2('Writer'),
 *   vpc,
 * });
 */
export class TlsAuroraClusterFromSnapshot extends TlsAuroraClusterBase {
  /** The wrapped cluster (construct id `Resource`). */
  public readonly cluster: rds.DatabaseClusterFromSnapshot;

  constructor(scope: Construct, id: string, props: TlsAuroraClusterFromSnapshotProps) {
    super(scope, id);
    const tls = TlsClusterSetup.apply(this, 'TlsAuroraClusterFromSnapshot', props, (clusterProps) =>
      new rds.DatabaseClusterFromSnapshot(this, 'Resource', clusterProps));
    this._tls = tls;
    this.cluster = tls.cluster;
  }
}
