import type { DataAwsRdsCertificate } from '@cdktf/provider-aws/lib/data-aws-rds-certificate';
import type { DataAwsRdsEngineVersion } from '@cdktf/provider-aws/lib/data-aws-rds-engine-version';
import { RdsCluster, RdsClusterConfig } from '@cdktf/provider-aws/lib/rds-cluster';
import { RdsClusterInstance } from '@cdktf/provider-aws/lib/rds-cluster-instance';
import { RdsClusterParameterGroup, RdsClusterParameterGroupParameter } from '@cdktf/provider-aws/lib/rds-cluster-parameter-group';
import { Annotations, Fn, Op, Precondition, TerraformProvider, TerraformStack, Token } from 'cdktf';
import { Construct } from 'constructs';
import { CheckBlock } from './private/check-block';
import { LazyProviders } from './private/providers';
import { ResolvedRegion, resolveRegion } from './private/region';
import { RegionValues } from './private/region-values';
import { failures, throwIfInvalid, ValidationRule } from './private/validation';
import { TrustBundle } from './trust-bundle';
import { BundleBucketSettings, BundleRemovalPolicy } from '../core/bundle-removal-policy';
import { CaSelection } from '../core/ca-selection';
import { CertificateAuthority } from '../core/certificate-authority';
import { ExpiryBehavior } from '../core/expiry-behavior';
import { CaCheckMessages, RootThumbprints } from '../core/private/ca-check-messages';
import { ClusterRules } from '../core/private/cluster-rules';
import { AuroraEngineFacts } from '../core/private/engine-facts';
import { Naming } from '../core/private/naming';
import { describeValue } from '../core/private/util';
import { SslMode } from '../core/ssl-mode';
import { AuroraEngine, TlsEnforcement, TlsParameterGroupSpec, TlsVersion } from '../core/tls-enforcement';
import { ValidityPeriod } from '../core/validity-period';

/** Most DB instances in an Aurora cluster: one writer and up to 15 Aurora Replicas. */
const MAX_INSTANCES = 16;
/** An RDS DB instance class: `db.r6g.large`, `db.serverless`, `db.x2g.16xlarge`. */
const INSTANCE_CLASS = /^db\.[a-z0-9-]+(\.[a-z0-9-]+)?$/;
/** Id of the TLS notes, as `TlsAuroraClusterAnnotation.TLS_NOTE` of the AWS CDK construct (cdktf annotations take no id). */
const TLS_NOTE = 'aurora-tls:tls-note';

/**
 * Options of the trust bundle a `TlsAuroraCluster` publishes and of its plan-time check: the same names and meaning as
 * the AWS CDK `TrustBundleOptions` (the certificate authority comes from the cluster).
 */
export interface TrustBundleOptions {
  /**
   * How long the certificate authority must stay valid after the plan, as RDS reports it
   * (`data.aws_rds_certificate.valid_till`).
   *
   * @default ValidityPeriod.days(365)
   */
  readonly minimumValidity?: ValidityPeriod;

  /**
   * What the plan does when the certificate authority expires within `minimumValidity`: `FAIL` fails the plan (a
   * precondition of the cluster); `WARN` reports a warning in every plan and apply (a Terraform `check` block).
   *
   * @default ExpiryBehavior.FAIL
   */
  readonly expiryBehavior?: ExpiryBehavior;

  /**
   * An existing S3 bucket to hold the bundle object (see `TrustBundleProps.bucketName`).
   *
   * @default - a bucket created for the trust bundle (see `removalPolicy`)
   */
  readonly bucketName?: string;

  /**
   * Prefix of the SSM parameters (see `TrustBundleLayout.parameterNames`).
   *
   * @default - `TrustBundleLayout.parameterPrefix(stackName, ca)`, with the `TerraformStack`'s id as the stack name
   */
  readonly parameterPrefix?: string;

  /**
   * What happens to the bucket created for the bundle on `terraform destroy` (see `BundleRemovalPolicy`).
   *
   * @default BundleRemovalPolicy.RETAIN - S3 Object Lock keeps every version for a year; no `force_destroy`
   */
  readonly removalPolicy?: BundleRemovalPolicy;
}

/**
 * Properties of a `TlsAuroraCluster` (CDK for Terraform and CDK Terrain).
 */
export interface TlsAuroraClusterProps {
  /** The Aurora engine. */
  readonly engine: AuroraEngine;

  /**
   * The engine version, as RDS names it: `'16.4'` for Aurora PostgreSQL, `'8.0.mysql_aurora.3.08.0'` for Aurora MySQL.
   * It decides the parameter group family and the TLS parameters, so it must be a literal (not a Terraform
   * expression). Its form is checked at synth time; with `deployTimeCheck`, RDS is asked at plan time whether it
   * offers it in the region (`data.aws_rds_engine_version`).
   */
  readonly engineVersion: string;

  /** DB instance class of every instance, e.g. `'db.r6g.large'`, or `'db.serverless'` for Aurora Serverless v2. */
  readonly instanceClass: string;

  /**
   * Number of DB instances: the writer and the Aurora Replicas, 1 to 16.
   *
   * @default 2 - a writer and one replica in another Availability Zone
   */
  readonly instanceCount?: number;

  /**
   * The server certificate authority of every DB instance (`ca_cert_identifier`).
   *
   * @default CaSelection.exactly(CertificateAuthority.RSA2048_G1) - the RDS default, offered in every region
   */
  readonly certificateAuthority?: CaSelection;

  /**
   * The oldest TLS version clients may connect with.
   *
   * @default TlsVersion.TLS_1_2 - TLS 1.2 and newer (TLS 1.3 where the engine version offers it)
   */
  readonly minimumTlsVersion?: TlsVersion;

  /**
   * Extra DB cluster parameters, merged with the TLS-enforcing ones (`TlsEnforcement.mergeParameters`); a parameter
   * that weakens TLS enforcement is refused. Every parameter uses `apply_method = "pending-reboot"`, which both
   * static and dynamic parameters accept: on an existing cluster a change applies at the next reboot.
   * Not with `parameterGroup`.
   *
   * @default - only the TLS-enforcing parameters
   */
  readonly parameters?: { [name: string]: string };

  /**
   * Your own `aws_rds_cluster_parameter_group` (of this stack) to use instead of a new one: its family must be the
   * engine's, a parameter of it that weakens TLS enforcement is refused (the same rules and messages as the AWS CDK
   * construct), and the TLS-enforcing parameters it lacks are added to it (`pending-reboot`).
   *
   * @default - a new parameter group with the TLS-enforcing parameters and `parameters`
   */
  readonly parameterGroup?: RdsClusterParameterGroup;

  /**
   * The AWS region of the cluster, and the `region` argument of every resource and data source (AWS provider 6).
   *
   * @default - the region of `provider` (or of the stack's default `AwsProvider`) when it is a literal, checked at
   *   synth time; otherwise the region is read at plan time (`data.aws_region`) and checked by preconditions
   */
  readonly region?: string;

  /**
   * The AWS provider for every resource and data source.
   *
   * @default - the stack's default (un-aliased) AWS provider
   */
  readonly provider?: TerraformProvider;

  /**
   * Whether RDS restarts the DB instances to rotate their server certificate. Only `true`, the RDS default, is
   * available: unlike CloudFormation (`CertificateRotationRestart`), the AWS provider's `aws_rds_cluster_instance` has
   * no `certificate_rotation_restart` argument, so the AWS CDK construct's `false` cannot be expressed.
   *
   * @default true - RDS restarts the instances when the certificate changes (in the maintenance window)
   */
  readonly certificateRotationRestart?: boolean;

  /**
   * Whether to check the certificate authority and the engine version with Amazon RDS at plan time, and publish the
   * region's trust bundle: the Terraform counterpart of the AWS CDK construct's deploy-time check.
   *
   * `data.aws_rds_certificate` asks RDS for the CA (the plan fails if RDS does not offer it); preconditions on the
   * cluster check that RDS's thumbprint is the root vendored with aurora-tls (a region without a vendored root is
   * refused: the check fails closed) and that the CA stays valid for `trustBundle.minimumValidity`;
   * `data.aws_rds_engine_version` asks RDS whether it offers the engine version. A `TrustBundle` shared by the
   * clusters of the stack with the same CA, region and provider publishes the bundle (S3 and SSM).
   *
   * @default true
   */
  readonly deployTimeCheck?: boolean;

  /**
   * Where the trust bundle is published and how long the certificate authority must stay valid. Only with
   * `deployTimeCheck`.
   *
   * @default - the `TrustBundleOptions` defaults
   */
  readonly trustBundle?: TrustBundleOptions;

  /**
   * The other `aws_rds_cluster` settings (master user, networking, backups, encryption, ...), passed through.
   * `TlsAuroraCluster` owns `engine` (the provider type requires it: give the same value as `engine`, or omit it
   * in JavaScript), `engineVersion`, `dbClusterParameterGroupName`, `caCertificateIdentifier` (Multi-AZ DB clusters
   * only), `region`, `provider`, `count` and `forEach`; setting them here is refused. `lifecycle` preconditions are
   * added to aurora-tls's own.
   *
   * @default - the provider defaults
   */
  readonly clusterConfig?: RdsClusterConfig;
}

/**
 * An Aurora DB cluster with TLS enforced and a verified server certificate authority, on the Terraform AWS provider
 * (CDK for Terraform: `aurora-tls/tf`; CDK Terrain: `aurora-tls/cdktn`; the same source, the same props and checks).
 *
 * - `aws_rds_cluster_parameter_group` with the TLS-enforcing parameters of `TlsEnforcement` (the same as the AWS
 *   CDK `TlsAuroraCluster`), plus yours; or your own parameter group, checked and extended;
 * - `aws_rds_cluster` and `instanceCount` x `aws_rds_cluster_instance`, each with `ca_cert_identifier`;
 * - with `deployTimeCheck` (default): `data.aws_rds_certificate` for the chosen CA and `data.aws_rds_engine_version`
 *   for the engine version, with preconditions: RDS offers the engine version, RDS's root is the vendored one
 *   (thumbprint) and stays valid for `trustBundle.minimumValidity`; and a shared `TrustBundle`;
 * - when the region is known only at plan time, preconditions on `data.aws_region` keep the cluster out of
 *   regions where the CA is not offered, and a `preferred()` selection is resolved from a region table.
 *
 * Props are validated at synth time, every problem in one error, before any resource is created.
 * Requires Terraform 1.5 or later (`plantimestamp()`, `check` blocks).
 *
 * Unlike CloudFormation, the AWS provider cannot ask RDS not to restart an instance to rotate its certificate
 * (`certificateRotationRestart: false`), and has no deploy-time function: the checks run at plan time.
 */
export class TlsAuroraCluster extends Construct {
  /** The cluster (construct id `Resource`). */
  public readonly cluster: RdsCluster;
  /** The DB instances, `Instance1` to `InstanceN`; the others wait for `Instance1`, the writer of a new cluster. */
  public readonly instances: RdsClusterInstance[];
  /** The DB cluster parameter group that enforces TLS (created, or the one given and extended). */
  public readonly parameterGroup: RdsClusterParameterGroup;
  /** The certificate authority selection the cluster was given. */
  public readonly certificateAuthoritySelection: CaSelection;
  /**
   * The certificate authority of every DB instance.
   *
   * Known when the region is a literal, or when the selection resolves to one CA in every region (`exactly()`, or a
   * preference whose first candidate is offered everywhere). Undefined for a plan-time region with a preference that
   * resolves per region: use `certificateAuthorityIdentifier`.
   */
  public readonly certificateAuthority?: CertificateAuthority;
  /**
   * The identifier of the certificate authority of every DB instance, e.g. `rds-ca-rsa2048-g1`: a literal, or a
   * Terraform expression (a lookup in a region table) for a plan-time region with a per-region preference.
   */
  public readonly certificateAuthorityIdentifier: string;
  /** RDS's view of the certificate authority (`data.aws_rds_certificate`, construct id `Certificate`); undefined without `deployTimeCheck`. */
  public readonly certificateData?: DataAwsRdsCertificate;
  /** RDS's view of the engine version (`data.aws_rds_engine_version`, construct id `EngineVersion`); undefined without `deployTimeCheck`. */
  public readonly engineVersionData?: DataAwsRdsEngineVersion;
  /** The oldest TLS version clients may connect with. */
  public readonly minimumTlsVersion: TlsVersion;
  /** The TLS parameters (family, parameters, notes) from `TlsEnforcement.parametersFor`. */
  public readonly tlsParameters: TlsParameterGroupSpec;
  /** How long the certificate authority must stay valid after the plan. */
  public readonly minimumValidity: ValidityPeriod;
  /** What the plan does when the certificate authority expires within `minimumValidity`. */
  public readonly expiryBehavior: ExpiryBehavior;
  /**
   * The client TLS mode to use: `verify-full` (libpq `sslmode`; MySQL `VERIFY_IDENTITY`): encrypt, check the
   * certificate chain against the region's RDS bundle, and check the host name.
   */
  public readonly recommendedSslMode: string;
  /** The published trust bundle (undefined when `deployTimeCheck` is false). */
  public readonly trustBundle?: TrustBundle;

  constructor(scope: Construct, id: string, props: TlsAuroraClusterProps) {
    super(scope, id);
    props = props ?? ({} as TlsAuroraClusterProps);
    const region = resolveRegion(this, props.region, props.provider);
    const config: RdsClusterConfig | undefined = props.clusterConfig;
    const valid = validateProps(this, props, region);

    const tls = valid.spec;
    const chosen = valid.selection;
    this.tlsParameters = tls;
    this.certificateAuthoritySelection = chosen;
    this.minimumTlsVersion = valid.minimum;
    this.minimumValidity = valid.options.minimumValidity ?? ValidityPeriod.days(ValidityPeriod.DEFAULT_DAYS);
    this.expiryBehavior = valid.options.expiryBehavior ?? ExpiryBehavior.FAIL;
    this.recommendedSslMode = SslMode.RECOMMENDED.value;
    for (const note of tls.notes) Annotations.of(this).addInfo(`[${TLS_NOTE}] ${note}`);

    // ---- The CA: a literal, or resolved at plan time from a region table ----
    const provider = props.provider;
    const argument = region.argument;
    const regionExpr = region.literal ?? argument ?? new LazyProviders.DataAwsRegion(this, 'Region', { provider }).region;
    // The region table only matters when the region is known at plan time.
    const candidates = region.literal !== undefined ? [] : Object.keys(chosen.resolutionTable());
    const values = new RegionValues(this, regionExpr, candidates, region.literal !== undefined);
    this.certificateAuthorityIdentifier = values.value('CaIdentifiers', (r) => chosen.resolve(r).identifier);
    this.certificateAuthority = Token.isUnresolved(this.certificateAuthorityIdentifier)
      ? undefined
      : CertificateAuthority.of(this.certificateAuthorityIdentifier);

    // ---- Parameter group ----
    if (valid.userGroup) {
      extendParameterGroup(valid.userGroup, tls);
      this.parameterGroup = valid.userGroup;
    } else {
      // Validated above: merging only adds the user's parameters to the TLS-enforcing ones.
      const merged = props.parameters === undefined ? tls.parameters : TlsEnforcement.mergeParameters(tls, props.parameters);
      this.parameterGroup = new RdsClusterParameterGroup(this, 'ParameterGroup', {
        namePrefix: 'aurora-tls-',
        family: tls.family,
        description: `aurora-tls: TLS ${tls.minimumTlsVersion.version}+ required for ${tls.engine} ${tls.engineVersion}`,
        parameter: Object.entries(merged).map(([name, value]) => ({ name, value, applyMethod: 'pending-reboot' })),
        lifecycle: { createBeforeDestroy: true },
        provider,
        region: argument,
      });
    }

    // ---- The plan-time check: RDS's CA and engine version ----
    const preconditions: Precondition[] = [];
    if (valid.deployTimeCheck) {
      const check = addPlanTimeCheck(this, props, values, {
        regionArgument: argument,
        caIdentifier: this.certificateAuthorityIdentifier,
        caText: this.certificateAuthority?.identifier,
        days: this.minimumValidity.toDays(),
        expiryBehavior: this.expiryBehavior,
      });
      this.certificateData = check.certificate;
      this.engineVersionData = check.engineVersion;
      preconditions.push(...check.preconditions);
    }
    preconditions.push(...(config?.lifecycle?.precondition ?? []));

    this.cluster = new RdsCluster(this, 'Resource', {
      ...config,
      // Secure by default: the provider leaves storage unencrypted unless asked.
      storageEncrypted: config?.storageEncrypted ?? true,
      engine: props.engine,
      engineVersion: props.engineVersion,
      dbClusterParameterGroupName: this.parameterGroup.name,
      lifecycle: preconditions.length > 0 || config?.lifecycle ? { ...config?.lifecycle, precondition: preconditions } : undefined,
      provider,
      region: argument,
    });

    const count = props.instanceCount ?? 2;
    // One reference token each, shared by the instances (every attribute read creates a new token).
    const clusterId = this.cluster.id;
    const clusterEngineVersion = this.cluster.engineVersion;
    this.instances = [];
    for (let i = 1; i <= count; i++) {
      this.instances.push(new RdsClusterInstance(this, `Instance${i}`, {
        clusterIdentifier: clusterId,
        engine: props.engine,
        engineVersion: clusterEngineVersion,
        instanceClass: props.instanceClass,
        caCertIdentifier: this.certificateAuthorityIdentifier,
        dbSubnetGroupName: config?.dbSubnetGroupName,
        // The first instance is created first, so it is the writer of a new cluster.
        dependsOn: i === 1 ? undefined : [this.instances[0]],
        provider,
        region: argument,
      }));
    }

    // ---- The trust bundle, one per stack, CA, region, provider and options ----
    if (valid.deployTimeCheck) {
      const bundleSelection = this.certificateAuthority ? CaSelection.exactly(this.certificateAuthority) : chosen;
      this.trustBundle = sharedTrustBundle(this, bundleSelection, props.region, provider, valid.options);
    }
  }
}

/** The props of a `TlsAuroraCluster` once validated. */
interface ValidProps {
  readonly spec: TlsParameterGroupSpec;
  readonly selection: CaSelection;
  readonly minimum: TlsVersion;
  readonly deployTimeCheck: boolean;
  readonly options: TrustBundleOptions;
  /** The user's parameter group to extend, if given. */
  readonly userGroup?: RdsClusterParameterGroup;
}

/**
 * Validate every prop before any child is created (the same rules and messages as the AWS CDK construct): one error
 * lists every problem. A message is built only for a rule that fails.
 */
function validateProps(scope: Construct, props: TlsAuroraClusterProps, region: ResolvedRegion): ValidProps {
  const rules: ValidationRule[] = [];
  const fail = (message: string) => rules.push({ condition: true, message });

  const rawSelection: unknown = props.certificateAuthority ?? ClusterRules.DEFAULT_SELECTION;
  const selection = rawSelection instanceof CaSelection ? rawSelection : undefined;
  if (selection === undefined) fail(ClusterRules.selectionProblem(rawSelection, isToken) ?? '');

  const rawMinimum: unknown = props.minimumTlsVersion ?? TlsVersion.TLS_1_2;
  const minimum = rawMinimum instanceof TlsVersion ? rawMinimum : undefined;
  if (minimum === undefined) fail(ClusterRules.minimumTlsVersionProblem(rawMinimum, isToken) ?? '');

  const restart: unknown = props.certificateRotationRestart;
  if (restart !== undefined && typeof restart !== 'boolean') fail(ClusterRules.booleanProblem('certificateRotationRestart', restart) ?? '');
  if (restart === false) {
    fail('certificateRotationRestart: false is not available with Terraform: aws_rds_cluster_instance has no ' +
      'certificate_rotation_restart argument; omit it (RDS restarts the instances to rotate the certificate), or rotate with ' +
      '`aws rds modify-db-instance --no-certificate-rotation-restart`');
  }

  const rawCheck: unknown = props.deployTimeCheck;
  if (rawCheck !== undefined && typeof rawCheck !== 'boolean') fail(ClusterRules.booleanProblem('deployTimeCheck', rawCheck) ?? '');
  const deployTimeCheck = rawCheck !== false;
  const options = trustBundleRules(props.trustBundle, deployTimeCheck, rules);

  if (selection && region.literal !== undefined) {
    const problem = ClusterRules.regionProblem(selection, region.literal, region.source);
    if (problem !== undefined) fail(problem);
    if (problem === undefined && deployTimeCheck) {
      // Fail closed: without the vendored root there is nothing to compare RDS's root with.
      const missing = RootThumbprints.problem(region.literal, selection.resolve(region.literal));
      if (missing !== undefined) {
        fail(`deployTimeCheck: ${missing}; set deployTimeCheck to false to deploy without the plan-time check and the trust bundle, ` +
          'which need the roots vendored with aurora-tls');
      }
    }
  }

  let spec: TlsParameterGroupSpec | undefined;
  const versionIsToken = typeof props.engineVersion === 'string' && Token.isUnresolved(props.engineVersion);
  if (versionIsToken) {
    fail("engineVersion must be a literal such as '16.4', not a Terraform expression: " +
      'it decides the parameter group family and the TLS parameters');
  }
  const versionProblem = versionIsToken ? undefined : AuroraEngineFacts.fullVersionProblem(props.engine, props.engineVersion);
  if (versionProblem !== undefined) fail(versionProblem);
  if (!versionIsToken && versionProblem === undefined && minimum) {
    try {
      spec = TlsEnforcement.parametersFor({ engine: props.engine, engineVersion: props.engineVersion, minimumTlsVersion: minimum });
    } catch (e) {
      fail((e as Error).message);
    }
  }
  if (spec && props.parameters !== undefined) {
    rules.push(...failures(ClusterRules.parameterProblems(spec, props.parameters, isToken)));
  }
  const userGroup = parameterGroupRules(scope, props, spec, rules);

  if (typeof props.instanceClass !== 'string' || (!Token.isUnresolved(props.instanceClass) && !INSTANCE_CLASS.test(props.instanceClass))) {
    fail(`instanceClass ${describeValue(props.instanceClass)} is not an RDS DB instance class; ` +
      "use one such as 'db.r6g.large', or 'db.serverless' for Aurora Serverless v2");
  }
  if (props.instanceCount !== undefined && Token.isUnresolved(props.instanceCount)) {
    fail(`instanceCount must be a literal whole number from 1 to ${MAX_INSTANCES} (it decides how many aws_rds_cluster_instance ` +
      'resources are created), got a Terraform expression');
  } else if (props.instanceCount !== undefined && !isWholeNumberIn(props.instanceCount, 1, MAX_INSTANCES)) {
    fail(`instanceCount must be a whole number from 1 to ${MAX_INSTANCES} (one writer and up to 15 Aurora Replicas), ` +
      `got ${describeValue(props.instanceCount)}`);
  }
  rules.push(...clusterConfigRules(props.engine, props.clusterConfig));
  throwIfInvalid(scope, 'TlsAuroraCluster', rules);

  // Validated: these are set.
  return { spec: spec!, selection: selection!, minimum: minimum!, deployTimeCheck, options, userGroup };
}

/** What `addPlanTimeCheck` needs from the cluster. */
interface PlanTimeCheckInputs {
  /** The `region` argument of the data sources (see `ResolvedRegion.argument`). */
  readonly regionArgument?: string;
  /** The CA identifier: a literal, or a lookup in the region table. */
  readonly caIdentifier: string;
  /** The CA identifier for messages when it is a literal. */
  readonly caText?: string;
  /** `minimumValidity` in days. */
  readonly days: number;
  readonly expiryBehavior: ExpiryBehavior;
}

/**
 * The plan-time check (`deployTimeCheck`): `data.aws_rds_certificate` and `data.aws_rds_engine_version` under
 * `scope`, and the preconditions for the cluster (thumbprint, validity, engine version). With
 * `ExpiryBehavior.WARN` the validity horizon is a `check` block instead.
 */
function addPlanTimeCheck(
  scope: Construct,
  props: TlsAuroraClusterProps,
  values: RegionValues,
  inputs: PlanTimeCheckInputs,
): { certificate: DataAwsRdsCertificate; engineVersion: DataAwsRdsEngineVersion; preconditions: Precondition[] } {
  const provider = props.provider;
  const argument = inputs.regionArgument;
  const regionExpr = values.region;
  const selection = props.certificateAuthority ?? ClusterRules.DEFAULT_SELECTION;
  const preconditions: Precondition[] = [];
  const certificate = new LazyProviders.DataAwsRdsCertificate(scope, 'Certificate', {
    id: inputs.caIdentifier,
    provider,
    region: argument,
    lifecycle: values.literal ? undefined : { precondition: planTimeRegionChecks(selection, regionExpr) },
  });
  const caText = inputs.caText ?? certificate.id;
  const apiThumbprint = Fn.lower(certificate.thumbprint);
  // Fail closed: a region without a vendored root looks up a value no thumbprint can equal.
  const expectedThumbprint = values.valueOr('Thumbprints', (r) => RootThumbprints.of(r, selection.resolve(r)), 'no vendored root');
  preconditions.push({
    condition: Op.eq(apiThumbprint, expectedThumbprint),
    errorMessage: ownMessage(CaCheckMessages.thumbprintMismatch(regionExpr, caText, apiThumbprint, expectedThumbprint)),
  });
  const days = inputs.days;
  // timecmp() is 1 when valid_till is later than the horizon, 0 when equal.
  const validEnough = Op.neq(Fn.timecmp(certificate.validTill, Fn.timeadd(Fn.plantimestamp(), `${days * 24}h`)), -1);
  if (inputs.expiryBehavior === ExpiryBehavior.WARN) {
    // An expired CA always fails; one expiring within the horizon is a warning of every plan and apply.
    preconditions.push({
      condition: Op.neq(Fn.timecmp(certificate.validTill, Fn.plantimestamp()), -1),
      errorMessage: ownMessage(CaCheckMessages.expired(regionExpr, caText, certificate.validTill)),
    });
    new CheckBlock(scope, 'CaValidity', {
      condition: validEnough,
      errorMessage: ownMessage(CaCheckMessages.expiresWithin(regionExpr, caText, certificate.validTill, days, ExpiryBehavior.WARN)),
    });
  } else {
    preconditions.push({
      condition: validEnough,
      errorMessage: ownMessage(CaCheckMessages.expiresWithin(regionExpr, caText, certificate.validTill, days, ExpiryBehavior.FAIL)),
    });
  }

  // RDS's default version of the engine always exists: asking for [engineVersion, default] never fails the read,
  // so the precondition below, not the provider, reports a version RDS does not offer.
  const defaultVersion = new LazyProviders.DataAwsRdsEngineVersion(scope, 'DefaultEngineVersion', {
    engine: props.engine, defaultOnly: true, provider, region: argument,
  });
  const engineVersion = new LazyProviders.DataAwsRdsEngineVersion(scope, 'EngineVersion', {
    engine: props.engine,
    includeAll: true,
    preferredVersions: [props.engineVersion, defaultVersion.versionActual],
    provider,
    region: argument,
  });
  preconditions.push({
    condition: Op.eq(engineVersion.versionActual, props.engineVersion),
    errorMessage: ownMessage(CaCheckMessages.unknownEngineVersion(props.engine, props.engineVersion, regionExpr)),
  });
  return { certificate, engineVersion, preconditions };
}

/** The rules of `trustBundle` (appended to `rules`), and the options to use. */
function trustBundleRules(value: unknown, deployTimeCheck: boolean, rules: ValidationRule[]): TrustBundleOptions {
  if (value === undefined) return {};
  if (!deployTimeCheck) {
    rules.push({
      condition: true,
      message: 'trustBundle is only used by the deploy-time check, which deployTimeCheck: false turns off; ' +
        'remove trustBundle, or remove deployTimeCheck: false',
    });
    return {};
  }
  if (value === null || typeof value !== 'object') {
    rules.push({ condition: true, message: `trustBundle takes TrustBundleOptions such as { minimumValidity: ValidityPeriod.days(180) }, got ${describeValue(value)}` });
    return {};
  }
  const options = value as TrustBundleOptions;
  const validity: unknown = options.minimumValidity;
  rules.push({
    condition: validity !== undefined && !(validity instanceof ValidityPeriod),
    message: 'trustBundle.minimumValidity takes a ValidityPeriod such as ValidityPeriod.days(365), got ' +
      `${Token.isUnresolved(validity) ? 'a Terraform expression (the horizon must be known at synth time)' : describeValue(validity)}`,
  });
  const behavior = ClusterRules.expiryBehaviorProblem('trustBundle.expiryBehavior', options.expiryBehavior);
  rules.push({ condition: behavior !== undefined, message: behavior ?? '' });
  const removal = BundleBucketSettings.problem(options.removalPolicy);
  rules.push({ condition: removal !== undefined, message: `trustBundle.${removal}` });
  return {
    ...options,
    minimumValidity: validity instanceof ValidityPeriod ? validity : undefined,
  };
}

/** The rules of `parameterGroup` (appended to `rules`), and the group to extend when it can be. */
function parameterGroupRules(
  scope: Construct,
  props: TlsAuroraClusterProps,
  spec: TlsParameterGroupSpec | undefined,
  rules: ValidationRule[],
): RdsClusterParameterGroup | undefined {
  const group: unknown = props.parameterGroup;
  if (group === undefined) return undefined;
  rules.push({
    condition: props.parameters !== undefined,
    message: ClusterRules.groupAndParametersMessage(),
  });
  if (!(group instanceof RdsClusterParameterGroup)) {
    rules.push({
      condition: true,
      message: `parameterGroup takes an RdsClusterParameterGroup of this stack, got ${describeValue(group)}; ` +
        'pass its settings as parameters instead (TlsAuroraCluster then creates the group)',
    });
    return undefined;
  }
  const path = group.node.path;
  if (TerraformStack.of(group) !== TerraformStack.of(scope)) {
    rules.push({ condition: true, message: `parameterGroup '${path}' belongs to another stack; create it in the stack of the cluster` });
    return undefined;
  }
  const family = group.familyInput;
  if (spec) {
    rules.push({
      condition: family !== undefined && !Token.isUnresolved(family) && family !== spec.family,
      message: ClusterRules.groupFamilyMessage(path, String(family), spec.family),
    });
    for (const problem of ClusterRules.parameterProblems(spec, groupParameters(group), isToken)) {
      rules.push({ condition: true, message: `parameterGroup '${path}': ${problem}` });
    }
  }
  return group;
}

/** The parameters of a parameter group as configured now (name -> value). */
function groupParameters(group: RdsClusterParameterGroup): { [name: string]: string } {
  const given = group.parameterInput;
  const parameters: { [name: string]: string } = {};
  if (!Array.isArray(given)) return parameters;
  for (const p of given as RdsClusterParameterGroupParameter[]) parameters[p.name] = p.value;
  return parameters;
}

/** Add the TLS-enforcing parameters a validated group lacks. */
function extendParameterGroup(group: RdsClusterParameterGroup, spec: TlsParameterGroupSpec): void {
  const given = Array.isArray(group.parameterInput) ? (group.parameterInput as RdsClusterParameterGroupParameter[]) : [];
  const existing = new Set(given.map((p) => p.name.toLowerCase()));
  const added = Object.entries(spec.parameters)
    .filter(([name]) => !existing.has(name.toLowerCase()))
    .map(([name, value]) => ({ name, value, applyMethod: 'pending-reboot' }));
  if (added.length > 0) group.putParameter([...given, ...added]);
}

/** The props rules for `clusterConfig`: keys this construct owns are refused (a message only for a rule that fails). */
function clusterConfigRules(engine: AuroraEngine, config: RdsClusterConfig | undefined): ValidationRule[] {
  if (config === undefined) return [];
  if (config === null || typeof config !== 'object') {
    return failures([`clusterConfig must be an object of aws_rds_cluster settings, got ${describeValue(config)}`]);
  }
  const set = (key: keyof RdsClusterConfig) => config[key] !== undefined;
  const problems: string[] = [];
  if (set('engine') && config.engine !== engine) {
    problems.push(`clusterConfig.engine ${describeValue(config.engine)} differs from engine '${engine}'; TlsAuroraCluster owns the engine: ` +
      `give clusterConfig.engine the same value '${engine}' (the provider type requires it) or omit it`);
  }
  if (set('engineVersion')) {
    problems.push('clusterConfig.engineVersion is owned by TlsAuroraCluster (it decides the TLS parameters); set engineVersion instead');
  }
  if (set('dbClusterParameterGroupName')) {
    problems.push('clusterConfig.dbClusterParameterGroupName is owned by TlsAuroraCluster (its parameter group enforces TLS); pass extra cluster parameters in parameters instead');
  }
  if (set('caCertificateIdentifier')) {
    problems.push('clusterConfig.caCertificateIdentifier is for Multi-AZ DB clusters, not Aurora: Aurora sets the CA on each DB instance; use certificateAuthority instead');
  }
  if (set('region')) {
    problems.push('clusterConfig.region is owned by TlsAuroraCluster (every resource of the construct uses it); set region instead');
  }
  if (set('provider')) {
    problems.push('clusterConfig.provider is owned by TlsAuroraCluster (every resource of the construct uses it); set provider instead');
  }
  if (set('count') || set('forEach')) {
    problems.push('clusterConfig.count and clusterConfig.forEach are refused: a TlsAuroraCluster is one cluster; create one TlsAuroraCluster per cluster instead');
  }
  if (set('engineMode') && config.engineMode !== 'provisioned') {
    problems.push(`clusterConfig.engineMode ${describeValue(config.engineMode)} is not supported: TlsAuroraCluster creates provisioned DB instances ` +
      "(use instanceClass 'db.serverless' for Aurora Serverless v2); omit engineMode");
  }
  return failures(problems);
}

/**
 * Preconditions for a region known only at plan time: the checks of the AWS CDK construct's CloudFormation Rule,
 * with its messages, on `data.aws_rds_certificate` (so they fail before RDS is asked for the CA).
 */
function planTimeRegionChecks(selection: CaSelection, region: string): Precondition[] {
  const checks: Precondition[] = [];
  const unsupported = ClusterRules.unsupportedRegionsMessage(selection);
  if (unsupported !== undefined) {
    checks.push({ condition: Op.not(Fn.contains(selection.unsupportedRegions(), region)), errorMessage: unsupported });
  }
  const table = selection.resolutionTable();
  if (new Set(Object.values(table)).size > 1) {
    checks.push({ condition: Fn.contains(Object.keys(table), region), errorMessage: ClusterRules.unknownRegionMessage(selection, 'give the AwsProvider (or the region prop) a literal region') });
  }
  return checks;
}

/** The stack's trust bundle for a CA selection, region, provider and bucket options, created on first use. */
function sharedTrustBundle(
  scope: Construct,
  selection: CaSelection,
  region: string | undefined,
  provider: TerraformProvider | undefined,
  options: TrustBundleOptions,
): TrustBundle {
  const stack = TerraformStack.of(scope);
  const parts = [selection.isPreference ? 'Preferred' : '', ...selection.candidates.map((ca) => Naming.pascal(ca.identifier.replace(/^rds-ca-/, '')))];
  if (region !== undefined) parts.push(Token.isUnresolved(region) ? `Region${Naming.shortHash(region)}` : Naming.pascal(region));
  if (provider !== undefined) parts.push(`Provider${Naming.shortHash(provider.node.path)}`);
  const bucket = { bucketName: options.bucketName, parameterPrefix: options.parameterPrefix, removalPolicy: options.removalPolicy };
  if (Object.values(bucket).some((v) => v !== undefined)) parts.push(Naming.shortHash(JSON.stringify(bucket)));
  const id = `AuroraTlsTrustBundle${parts.join('')}`;
  const existing = stack.node.tryFindChild(id);
  if (existing instanceof TrustBundle) return existing;
  return new TrustBundle(stack, id, { certificateAuthority: selection, region, provider, ...bucket });
}

/** A precondition or check message, marked as aurora-tls's: Terraform does not say whose condition failed. */
function ownMessage(message: string): string {
  return `aurora-tls: ${message}`;
}

function isWholeNumberIn(value: unknown, min: number, max: number): boolean {
  return typeof value === 'number' && Number.isInteger(value) && value >= min && value <= max;
}

function isToken(value: string): boolean {
  return Token.isUnresolved(value);
}
