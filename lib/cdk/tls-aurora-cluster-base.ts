import { RemovalPolicy, Resource } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as rds from 'aws-cdk-lib/aws-rds';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import type { aws_rds as rdsRefs } from 'aws-cdk-lib/interfaces';
import { IDependable } from 'constructs';
import type { TlsCapableCluster, TlsClusterState } from './private/tls-cluster-setup';
import { ITrustBundle, TrustBundleOptions } from './trust-bundle';
import { CaSelection, CertificateAuthority, TlsVersion } from '../core';

/**
 * Ids of the warnings and notes `TlsAuroraCluster` adds with `Annotations` (acknowledge them by id).
 */
export enum TlsAuroraClusterAnnotation {
  /**
   * A check that needs a synth-time value was moved to deploy time because the value is a token
   * (e.g. a deploy-time engine version). The message says which check and where it moved.
   */
  DEFERRED_CHECK = 'aurora-tls:deferred-check',
  /** A caveat of the TLS rules for the engine version (info), e.g. that `tls_version` needs a reboot. */
  TLS_NOTE = 'aurora-tls:tls-note',
}

/**
 * The TLS settings of a `TlsAuroraCluster` or `TlsAuroraClusterFromSnapshot`.
 */
export interface TlsAuroraClusterOptions {
  /**
   * The certificate authority that signs the server certificate of every DB instance.
   *
   * Set explicitly on the writer and every reader (provisioned and Serverless v2), so the cluster never depends on
   * the account's default CA (`aws rds modify-certificates`). An instance given its own, different `caCertificate`
   * is an error. With a concrete stack region the selection is resolved and checked at synth time. In an
   * environment-agnostic stack, a CloudFormation Rule (one per stack and selection) refuses, before any resource is
   * created, the regions the catalog lists without the CA; a `CaSelection.preferred()` that resolves differently per
   * region is looked up in a region mapping at deploy time, and its Rule also refuses regions the catalog does not
   * know (they have no mapping entry). An exact CA in a region the catalog does not know is left to RDS.
   *
   * @default CaSelection.exactly(CertificateAuthority.RSA2048_G1) - rds-ca-rsa2048-g1, offered in every region
   */
  readonly certificateAuthority?: CaSelection;

  /**
   * The oldest TLS version clients may connect with, enforced in the cluster parameter group
   * (`rds.force_ssl=1` and `ssl_min_protocol_version` for Aurora PostgreSQL; `require_secure_transport=ON` and
   * `tls_version` for Aurora MySQL). TLS 1.3 needs an engine version that offers it (Aurora PostgreSQL 12.15, 13.11,
   * 14.8, 15.3, 16 and later; Aurora MySQL 3.04.0 and later); otherwise it is an error.
   *
   * @default TlsVersion.TLS_1_2 - TLS 1.2 and newer (TLS 1.3 too where the engine version offers it)
   */
  readonly minimumTlsVersion?: TlsVersion;

  /**
   * `CertificateRotationRestart` of every DB instance: whether RDS restarts the instance when its SSL/TLS certificate
   * is rotated, e.g. by a stack update that changes `certificateAuthority`.
   *
   * Per the CloudFormation reference, RDS restarts the instance by default, and the certificate is not updated
   * until the instance restarts; AWS says to set this property only if clients do not connect with SSL/TLS.
   * `false` asks RDS not to restart: the new server certificate is then used only after the next restart (yours,
   * or maintenance), unless the engine version supports rotating the certificate without a restart
   * (`SupportsCertificateRotationWithoutRestart` in `aws rds describe-db-engine-versions`, per the Aurora user guide).
   *
   * @see https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/aws-resource-rds-dbinstance.html#cfn-rds-dbinstance-certificaterotationrestart
   * @default - not set: CloudFormation's default, RDS restarts the instance to rotate its certificate
   */
  readonly certificateRotationRestart?: boolean;

  /**
   * Whether to verify the certificate authority with Amazon RDS at deploy time, and publish the region's trust
   * bundle, before the cluster and its DB instances are created or updated.
   *
   * Two custom resources (backed by one Lambda function per stack) ask RDS whether the CA is offered in the region
   * (`DescribeCertificates`) and supported by the engine version (`DescribeDBEngineVersions`), check that RDS's
   * thumbprint is the root vendored with aurora-tls and that the CA stays valid for `trustBundle.minimumValidity`:
   * the stack's `TrustBundle` of the CA (shared by the clusters of the stack with the same CA), and a check-only
   * resource per CA, engine and engine version (shared the same way). The cluster and every DB instance depend on
   * both, so a refused CA creates or changes no database. China regions have no vendored roots: turn it off there.
   *
   * @default true - checked at deploy time, and the trust bundle published
   */
  readonly deployTimeCheck?: boolean;

  /**
   * Where the trust bundle is published and how long the certificate authority must stay valid (the certificate
   * authority is the cluster's). Only with the deploy-time check. Clusters of one stack with the same CA share one
   * trust bundle, so they must not give it different options.
   *
   * @default - the `TrustBundleOptions` defaults: a bucket created for the stack, `/aurora-tls/<stack-name>/<ca-identifier>`,
   *   365 days, `ExpiryBehavior.FAIL`
   */
  readonly trustBundle?: TrustBundleOptions;
}

/**
 * What `TlsAuroraCluster` and `TlsAuroraClusterFromSnapshot` share: the TLS facts of the cluster, and the
 * `rds.IDatabaseCluster` members, delegated to the wrapped cluster, so that either fits every API that takes a
 * cluster (`rds.ProxyTarget.fromCluster`, `addProxy`, `grantConnect`, secret rotation, metrics, ...).
 *
 * Invariants checked when the app is synthesized (`node.addValidation`), after everything else was built: every DB
 * instance of the cluster (under it, or anywhere in its stack with its `DBClusterIdentifier`) is pinned to the
 * cluster's certificate authority; the cluster uses the TLS parameter group; the group enforces TLS at
 * `minimumTlsVersion` and has no weakening parameter (e.g. `parameterGroup.addParameter('rds.force_ssl', '0')` after
 * the constructor fails synth, naming the parameter group, the value and the fix).
 */
export abstract class TlsAuroraClusterBase extends Resource implements rds.IDatabaseCluster {
  /**
   * What the TLS set-up made; set by the subclass constructor right after `super()`.
   * @internal
   */
  protected _tls!: TlsClusterState<TlsCapableCluster>;

  /** The certificate authority selection the cluster was given. */
  public get certificateAuthoritySelection(): CaSelection {
    return this._tls.selection;
  }

  /**
   * The certificate authority of every DB instance.
   *
   * Known when the stack has a concrete region, or when the selection resolves to one CA in every region
   * (`exactly()`, or a preference whose first candidate is offered everywhere). Undefined for an
   * environment-agnostic stack with a preference that resolves per region: use `certificateAuthorityIdentifier`.
   */
  public get certificateAuthority(): CertificateAuthority | undefined {
    return this._tls.certificateAuthority;
  }

  /**
   * The identifier of the certificate authority of every DB instance, e.g. `rds-ca-rsa2048-g1`: a literal, or a
   * deploy-time `Fn::FindInMap` token for an environment-agnostic stack with a per-region preference.
   */
  public get certificateAuthorityIdentifier(): string {
    return this._tls.identifier;
  }

  /** The cluster parameter group that enforces TLS (created by this construct, or the one given and extended). */
  public get parameterGroup(): rds.IParameterGroup {
    return this._tls.parameterGroup;
  }

  /** The oldest TLS version clients may connect with. */
  public get minimumTlsVersion(): TlsVersion {
    return this._tls.minimumTlsVersion;
  }

  /**
   * The client TLS mode to use: `verify-full` (libpq `sslmode`; MySQL `VERIFY_IDENTITY`): encrypt, check the
   * certificate chain against the region's RDS bundle, and check the host name.
   */
  public get recommendedSslMode(): string {
    return this._tls.recommendedSslMode;
  }

  /**
   * The stack's trust bundle of the cluster's certificate authority, published at deploy time before the cluster is
   * created (undefined when `deployTimeCheck` is false). Use `grantRead` and `parameterNames` to give applications
   * the CA bundle, in this stack or another one of the app (CDK adds the exports).
   */
  public get trustBundle(): ITrustBundle | undefined {
    return this._tls.trustBundle;
  }

  /** The port clients connect to. */
  public get port(): number {
    return this._tls.cluster.clusterEndpoint.port;
  }

  // rds.IDatabaseCluster, delegated to the wrapped cluster.

  /** The cluster (writer) endpoint. */
  public get clusterEndpoint(): rds.Endpoint {
    return this._tls.cluster.clusterEndpoint;
  }

  /** The reader endpoint of the cluster. */
  public get clusterReadEndpoint(): rds.Endpoint {
    return this._tls.cluster.clusterReadEndpoint;
  }

  /** The endpoint of every DB instance of the cluster. */
  public get instanceEndpoints(): rds.Endpoint[] {
    return this._tls.cluster.instanceEndpoints;
  }

  /** The identifier of the cluster. */
  public get clusterIdentifier(): string {
    return this._tls.cluster.clusterIdentifier;
  }

  /** The immutable identifier of the cluster, e.g. `cluster-ABCD1234EFGH5678IJKL90MNOP`. */
  public get clusterResourceIdentifier(): string {
    return this._tls.cluster.clusterResourceIdentifier;
  }

  /** The identifiers of the DB instances of the cluster. */
  public get instanceIdentifiers(): string[] {
    return this._tls.cluster.instanceIdentifiers;
  }

  /** The ARN of the cluster. */
  public get clusterArn(): string {
    return this._tls.cluster.clusterArn;
  }

  /** The engine of the cluster. */
  public get engine(): rds.IClusterEngine | undefined {
    return this._tls.cluster.engine;
  }

  /**
   * Network connections of the cluster (its security groups and port). Allowing a peer of another stack in
   * (`database.connections.allowDefaultPortFrom(fn)`) makes the rules in the peer's stack, as
   * `fn.connections.allowToDefaultPort(database)` does, so the application stack depends on the database stack and
   * not the other way round.
   */
  public get connections(): ec2.Connections {
    return this._tls.connections;
  }

  /** A reference to the cluster (`AWS::RDS::DBCluster`), for the APIs that take an `IDBClusterRef`. */
  public get dbClusterRef(): rdsRefs.DBClusterReference {
    return this._tls.cluster.dbClusterRef;
  }

  /** The secret of the cluster's master user credentials, when there is one. */
  public get secret(): secretsmanager.ISecret | undefined {
    return this._tls.cluster.secret;
  }

  /** The cluster as the target of a secret attachment (`secretsmanager.Secret.attach`). */
  public asSecretAttachmentTarget(): secretsmanager.SecretAttachmentTargetProps {
    return this._tls.cluster.asSecretAttachmentTarget();
  }

  /** Add an RDS Proxy in front of the cluster (see the README on TLS through RDS Proxy: ACM certificates, not the RDS CA). */
  public addProxy(id: string, options: rds.DatabaseProxyOptions): rds.DatabaseProxy {
    return this._tls.cluster.addProxy(id, options);
  }

  /** Grant `rds-db:connect` on the cluster to `grantee` as database user `dbUser` (IAM database authentication). */
  public grantConnect(grantee: iam.IGrantable, dbUser: string): iam.Grant {
    return this._tls.cluster.grantConnect(grantee, dbUser);
  }

  /** Grant the Data API (`rds-data:*` on the cluster, and read of its secret) to `grantee`. */
  public grantDataApiAccess(grantee: iam.IGrantable): iam.Grant {
    return this._tls.cluster.grantDataApiAccess(grantee);
  }

  /** Add single-user rotation of the master password (needs the cluster's secret). */
  public addRotationSingleUser(options?: rds.RotationSingleUserOptions): secretsmanager.SecretRotation {
    return this._tls.cluster.addRotationSingleUser(options);
  }

  /** Add alternating-users rotation for the user whose secret is `options.secret`. */
  public addRotationMultiUser(id: string, options: rds.RotationMultiUserOptions): secretsmanager.SecretRotation {
    return this._tls.cluster.addRotationMultiUser(id, options);
  }

  /** Apply the removal policy to the wrapped cluster's `AWS::RDS::DBCluster` (as `rds.DatabaseCluster` does). */
  public applyRemovalPolicy(policy: RemovalPolicy): void {
    this._tls.cluster.applyRemovalPolicy(policy);
  }

  /**
   * Make the cluster and every DB instance depend on `check`, so that CloudFormation creates or updates them only
   * after it: the seam for a deploy-time check (such as a custom resource that asks RDS whether the certificate
   * authority is offered) that must pass before the database is touched.
   *
   * `check` must not itself depend on the cluster (that would be a dependency cycle).
   */
  public addDeployTimeCheck(check: IDependable): void {
    this._tls.cluster.node.addDependency(check);
    for (const child of this._tls.cluster.node.findAll()) {
      if (child instanceof rds.CfnDBInstance) child.node.addDependency(check);
    }
  }

  /** A CloudWatch metric of the cluster. */
  public metric(metricName: string, props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return this._tls.cluster.metric(metricName, props);
  }

  /** The percentage of CPU utilization. */
  public metricCPUUtilization(props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return this._tls.cluster.metricCPUUtilization(props);
  }

  /** The number of database connections in use. */
  public metricDatabaseConnections(props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return this._tls.cluster.metricDatabaseConnections(props);
  }

  /** The average number of deadlocks per second. */
  public metricDeadlocks(props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return this._tls.cluster.metricDeadlocks(props);
  }

  /** The time the instance has been running, in seconds. */
  public metricEngineUptime(props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return this._tls.cluster.metricEngineUptime(props);
  }

  /** The amount of available random access memory, in bytes. */
  public metricFreeableMemory(props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return this._tls.cluster.metricFreeableMemory(props);
  }

  /** The amount of local storage available, in bytes. */
  public metricFreeLocalStorage(props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return this._tls.cluster.metricFreeLocalStorage(props);
  }

  /** The incoming network traffic on the instances, in bytes per second. */
  public metricNetworkReceiveThroughput(props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return this._tls.cluster.metricNetworkReceiveThroughput(props);
  }

  /** The network throughput received from and transmitted to clients, in bytes per second. */
  public metricNetworkThroughput(props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return this._tls.cluster.metricNetworkThroughput(props);
  }

  /** The outgoing network traffic on the instances, in bytes per second. */
  public metricNetworkTransmitThroughput(props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return this._tls.cluster.metricNetworkTransmitThroughput(props);
  }

  /** The total backup storage used by manual snapshots beyond the backup retention period, in bytes. */
  public metricSnapshotStorageUsed(props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return this._tls.cluster.metricSnapshotStorageUsed(props);
  }

  /** The total amount of backup storage billed, in bytes. */
  public metricTotalBackupStorageBilled(props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return this._tls.cluster.metricTotalBackupStorageBilled(props);
  }

  /** The amount of storage used by the cluster volume, in bytes. */
  public metricVolumeBytesUsed(props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return this._tls.cluster.metricVolumeBytesUsed(props);
  }

  /** The number of billed read I/O operations from the cluster volume. */
  public metricVolumeReadIOPs(props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return this._tls.cluster.metricVolumeReadIOPs(props);
  }

  /** The number of billed write I/O operations to the cluster volume. */
  public metricVolumeWriteIOPs(props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return this._tls.cluster.metricVolumeWriteIOPs(props);
  }
}
