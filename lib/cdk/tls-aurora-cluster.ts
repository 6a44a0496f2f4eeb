import * as rds from 'aws-cdk-lib/aws-rds';
import { Construct } from 'constructs';
import { TlsClusterSetup } from './private/tls-cluster-setup';
import { TlsAuroraClusterBase, TlsAuroraClusterOptions } from './tls-aurora-cluster-base';

/**
 * Properties of a `TlsAuroraCluster`: every `rds.DatabaseClusterProps` property, plus the TLS settings.
 */
export interface TlsAuroraClusterProps extends rds.DatabaseClusterProps, TlsAuroraClusterOptions {}

/**
 * An Aurora cluster (`rds.DatabaseCluster`) with TLS done right: every DB instance pinned to an explicit server
 * certificate authority chosen for the region, and TLS enforced in the cluster parameter group. By default
 * (`deployTimeCheck`), RDS is asked at deploy time whether it offers the CA for the engine version, and the region's
 * trust bundle is published (`trustBundle`), before the cluster and its instances are created or updated.
 *
 * Props are validated together before anything is created: one error lists every problem
 * (`AuroraTlsErrors.isValidationError`). The same invariants are checked again when the app is synthesized, so a DB
 * instance or a parameter added after the constructor cannot weaken them unseen (see `TlsAuroraClusterBase`).
 *
 * It is an `rds.IDatabaseCluster`: pass it to `rds.ProxyTarget.fromCluster`, `grantConnect`, and every other API
 * that takes a cluster.
 *
 * Secure defaults beyond TLS: the cluster's storage is encrypted unless you set `storageEncrypted: false`
 * (aws-cdk-lib's own default is unencrypted).
 *
 * @example
 * import { aws_ec2 as ec2, aws_rds as rds } from 'aws-cdk-lib';
 * import { CaSelection, CertificateAuthority, TlsAuroraCluster } from 'aurora-tls';
 *
 * declare const vpc: ec2.IVpc;
 * new TlsAuroraCluster(this, 'Db', {
 *   engine: rds.DatabaseClusterEngine.auroraPostgres({ version: rds.AuroraPostgresEngineVersion.VER_16_4 }),
 *   writer: rds.ClusterInstance.serverlessV2('Writer'),
 *   vpc,
 *   certificateAuthority: CaSelection.preferred([CertificateAuthority.ECC384_G1, CertificateAuthority.RSA2048_G1]),
 * });
 */
export class TlsAuroraCluster extends TlsAuroraClusterBase {
  /** The wrapped cluster (construct id `Resource`). */
  public readonly cluster: rds.DatabaseCluster;

  constructor(scope: Construct, id: string, props: TlsAuroraClusterProps) {
    super(scope, id);
    const tls = TlsClusterSetup.apply(this, 'TlsAuroraCluster', props, (clusterProps) =>
      // Secure by default: aws-cdk-lib leaves storage unencrypted unless asked.
      new rds.DatabaseCluster(this, 'Resource', { ...clusterProps, storageEncrypted: clusterProps.storageEncrypted ?? true }));
    this._tls = tls;
    this.cluster = tls.cluster;
  }
}
