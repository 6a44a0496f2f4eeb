import { createHash } from 'crypto';
import { DataAwsRdsCertificate } from '@cdktf/provider-aws/lib/data-aws-rds-certificate';
import { DataAwsRegion } from '@cdktf/provider-aws/lib/data-aws-region';
import { RdsCluster, RdsClusterConfig } from '@cdktf/provider-aws/lib/rds-cluster';
import { RdsClusterInstance } from '@cdktf/provider-aws/lib/rds-cluster-instance';
import { RdsClusterParameterGroup } from '@cdktf/provider-aws/lib/rds-cluster-parameter-group';
import { Annotations, Fn, Op, Precondition, TerraformProvider, TerraformStack, Token } from 'cdktf';
import { Construct } from 'constructs';
import { TrustBundle } from './trust-bundle';
import { CaSelection } from '../core/ca-selection';
import { CertificateAuthority } from '../core/certificate-authority';
import { resolveRegion } from './private/region';
import { RegionValues } from './private/region-values';
import { failures, problemsOf, throwIfInvalid, ValidationRule } from './private/validation';
import { ClusterRules } from '../core/private/cluster-rules';
import { describeValue } from '../core/private/util';
import { SslMode } from '../core/ssl-mode';
import { AuroraEngine, TlsEnforcement, TlsParameterGroupSpec, TlsVersion } from '../core/tls-enforcement';
import { TrustStore } from '../core/trust-store';

/** Most DB instances in an Aurora cluster: one writer and up to 15 Aurora Replicas. */
const MAX_INSTANCES = 16;
/** The longest `minimumValidityDays` accepted (100 years). */
const MAX_MINIMUM_VALIDITY_DAYS = 36_500;
const DEFAULT_MINIMUM_VALIDITY_DAYS = 365;
/** An RDS DB instance class: `db.r6g.large`, `db.serverless`, `db.x2g.16xlarge`. */
const INSTANCE_CLASS = /^db\.[a-z0-9-]+(\.[a-z0-9-]+)?$/;
/** Id of the TLS notes, as `TlsAuroraClusterAnnotation.TLS_NOTE` of the AWS CDK construct (cdktf annotations take no id). */
const TLS_NOTE = 'aurora-tls:tls-note';

/**
 * Properties of a `TlsAuroraCluster` (CDK for Terraform).
 */
export interface TlsAuroraClusterProps {
  /** The Aurora engine. */
  readonly engine: AuroraEngine;

  /**
   * The engine version, as AWS spells it (`'16.4'`, `'8.0.mysql_aurora.3.05.2'`). It decides the parameter group
   * family and the TLS parameters, so it must be a literal (not a Terraform expression).
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
   *
   * @default - only the TLS-enforcing parameters
   */
  readonly parameters?: { [name: string]: string };

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
   * available: the AWS provider's `aws_rds_cluster_instance` has no `certificate_rotation_restart` argument.
   *
   * @default true - RDS restarts the instances when the certificate changes (in the maintenance window)
   */
  readonly certificateRotationRestart?: boolean;

  /**
   * Days the certificate authority must stay valid after the plan (`data.aws_rds_certificate.valid_till`); the plan
   * fails otherwise. 0 to 36500.
   *
   * @default 365
   */
  readonly minimumValidityDays?: number;

  /**
   * Whether to publish the region's trust bundle (S3 object and SSM parameters) with a `TrustBundle` shared by every
   * cluster of the stack that uses the same certificate authority, region and provider.
   *
   * @default true
   */
  readonly publishTrustBundle?: boolean;

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
 * An Aurora DB cluster with TLS enforced and a verified server certificate authority, on the Terraform AWS provider.
 *
 * - `aws_rds_cluster_parameter_group` with the TLS-enforcing parameters of `TlsEnforcement` (the same as the AWS
 *   CDK `TlsAuroraCluster`), plus yours;
 * - `aws_rds_cluster` and `instanceCount` x `aws_rds_cluster_instance`, each with `ca_cert_identifier`;
 * - `data.aws_rds_certificate` for the chosen CA: the plan fails if RDS does not offer it; preconditions check
 *   that RDS's root is the vendored one (thumbprint) and stays valid for `minimumValidityDays`;
 * - when the region is known only at plan time, preconditions on `data.aws_region` keep the cluster out of
 *   regions where the CA is not offered, and a `preferred()` selection is resolved from a region table;
 * - a shared `TrustBundle` (unless `publishTrustBundle` is false).
 *
 * Props are validated at synth time, every problem in one error, before any resource is created.
 * Requires Terraform 1.5 or later (`plantimestamp()`).
 */
export class TlsAuroraCluster extends Construct {
  /** The cluster (construct id `Resource`). */
  public readonly cluster: RdsCluster;
  /** The DB instances, `Instance1` to `InstanceN`; the others wait for `Instance1`, the writer of a new cluster. */
  public readonly instances: RdsClusterInstance[];
  /** The DB cluster parameter group that enforces TLS. */
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
  /** RDS's view of the certificate authority (`data.aws_rds_certificate`, construct id `Certificate`). */
  public readonly certificateData: DataAwsRdsCertificate;
  /** The oldest TLS version clients may connect with. */
  public readonly minimumTlsVersion: TlsVersion;
  /** The TLS parameters (family, parameters, notes) from `TlsEnforcement.parametersFor`. */
  public readonly tlsParameters: TlsParameterGroupSpec;
  /**
   * The client TLS mode to use: `verify-full` (libpq `sslmode`; MySQL `VERIFY_IDENTITY`): encrypt, check the
   * certificate chain against the region's RDS bundle, and check the host name.
   */
  public readonly recommendedSslMode: string;
  /** The published trust bundle (undefined when `publishTrustBundle` is false). */
  public readonly trustBundle?: TrustBundle;

  constructor(scope: Construct, id: string, props: TlsAuroraClusterProps) {
    super(scope, id);
    props = props ?? ({} as TlsAuroraClusterProps);
    const region = resolveRegion(this, props.region, props.provider);
    const config: RdsClusterConfig | undefined = props.clusterConfig;

    // ---- Validate every prop before creating any child (the same rules and messages as the AWS CDK construct) ----
    const rules: ValidationRule[] = [];

    const rawSelection: unknown = props.certificateAuthority ?? CaSelection.exactly(CertificateAuthority.RSA2048_G1);
    const selection = rawSelection instanceof CaSelection ? rawSelection : undefined;
    rules.push({ condition: selection === undefined, message: ClusterRules.selectionProblem(rawSelection, isToken) ?? '' });

    const rawMinimum: unknown = props.minimumTlsVersion ?? TlsVersion.TLS_1_2;
    const minimum = rawMinimum instanceof TlsVersion ? rawMinimum : undefined;
    rules.push({ condition: minimum === undefined, message: ClusterRules.minimumTlsVersionProblem(rawMinimum, isToken) ?? '' });

    const restart: unknown = props.certificateRotationRestart;
    rules.push(
      { condition: restart !== undefined && typeof restart !== 'boolean', message: ClusterRules.booleanProblem('certificateRotationRestart', restart) ?? '' },
      {
        condition: restart === false,
        message: 'certificateRotationRestart: false is not available with CDK for Terraform: aws_rds_cluster_instance has no ' +
          'certificate_rotation_restart argument; omit it (RDS restarts the instances to rotate the certificate), or rotate with ' +
          '`aws rds modify-db-instance --no-certificate-rotation-restart`',
      },
    );

    if (selection && region.literal !== undefined) {
      const problem = ClusterRules.regionProblem(selection, region.literal, region.source);
      rules.push({ condition: problem !== undefined, message: problem ?? '' });
      if (problem === undefined && (props.publishTrustBundle ?? true)) {
        const literal = region.literal;
        const rootProblems = problemsOf(() => TrustStore.bundled().root(literal, selection.resolve(literal)));
        rules.push(...failures(rootProblems.map((p) => `${p} (or set publishTrustBundle: false to publish no trust bundle)`)));
      }
    }

    let spec: TlsParameterGroupSpec | undefined;
    const versionIsToken = typeof props.engineVersion === 'string' && Token.isUnresolved(props.engineVersion);
    rules.push({
      condition: versionIsToken,
      message: "engineVersion must be a literal such as '16.4', not a Terraform expression: " +
        'it decides the parameter group family and the TLS parameters',
    });
    if (!versionIsToken && minimum) {
      try {
        spec = TlsEnforcement.parametersFor({ engine: props.engine, engineVersion: props.engineVersion, minimumTlsVersion: minimum });
      } catch (e) {
        rules.push({ condition: true, message: (e as Error).message });
      }
    }
    if (spec && props.parameters !== undefined) {
      rules.push(...failures(ClusterRules.parameterProblems(spec, props.parameters, isToken)));
    }

    rules.push(
      {
        condition: typeof props.instanceClass !== 'string' ||
          (!Token.isUnresolved(props.instanceClass) && !INSTANCE_CLASS.test(props.instanceClass)),
        message: `instanceClass ${describeValue(props.instanceClass)} is not an RDS DB instance class; ` +
          "use one such as 'db.r6g.large', or 'db.serverless' for Aurora Serverless v2",
      },
      {
        condition: props.instanceCount !== undefined && Token.isUnresolved(props.instanceCount),
        message: `instanceCount must be a literal whole number from 1 to ${MAX_INSTANCES} (it decides how many aws_rds_cluster_instance ` +
          'resources are created), got a Terraform expression',
      },
      {
        condition: props.minimumValidityDays !== undefined && Token.isUnresolved(props.minimumValidityDays),
        message: `minimumValidityDays must be a literal whole number of days from 0 to ${MAX_MINIMUM_VALIDITY_DAYS}, e.g. 365, got a Terraform expression`,
      },
      {
        condition: props.instanceCount !== undefined && !Token.isUnresolved(props.instanceCount) &&
          !isWholeNumberIn(props.instanceCount, 1, MAX_INSTANCES),
        message: `instanceCount must be a whole number from 1 to ${MAX_INSTANCES} (one writer and up to 15 Aurora Replicas), ` +
          `got ${describeValue(props.instanceCount)}`,
      },
      {
        condition: props.minimumValidityDays !== undefined && !Token.isUnresolved(props.minimumValidityDays) &&
          !isWholeNumberIn(props.minimumValidityDays, 0, MAX_MINIMUM_VALIDITY_DAYS),
        message: `minimumValidityDays must be a whole number of days from 0 to ${MAX_MINIMUM_VALIDITY_DAYS}, e.g. 365, ` +
          `got ${describeValue(props.minimumValidityDays)}`,
      },
      ...clusterConfigRules(props.engine, config),
    );
    throwIfInvalid(this, 'TlsAuroraCluster', rules);

    // Validated: these are set.
    const tls = spec!;
    const chosen = selection!;
    this.tlsParameters = tls;
    this.certificateAuthoritySelection = chosen;
    this.minimumTlsVersion = minimum!;
    this.recommendedSslMode = SslMode.RECOMMENDED.value;
    for (const note of tls.notes) Annotations.of(this).addInfo(`[${TLS_NOTE}] ${note}`);

    // ---- The CA: a literal, or resolved at plan time from a region table ----
    const provider = props.provider;
    const argument = region.argument;
    const regionExpr = region.literal ?? argument ?? new DataAwsRegion(this, 'Region', { provider }).region;
    // The region table only matters when the region is known at plan time.
    const candidates = region.literal !== undefined ? [] : Object.keys(chosen.resolutionTable());
    const values = new RegionValues(this, regionExpr, candidates, region.literal !== undefined);
    const caIn = (r: string) => chosen.resolve(r);
    this.certificateAuthorityIdentifier = values.value('CaIdentifiers', (r) => caIn(r).identifier);
    this.certificateAuthority = Token.isUnresolved(this.certificateAuthorityIdentifier)
      ? undefined
      : CertificateAuthority.of(this.certificateAuthorityIdentifier);

    this.certificateData = new DataAwsRdsCertificate(this, 'Certificate', {
      id: this.certificateAuthorityIdentifier,
      provider,
      region: argument,
      lifecycle: values.literal ? undefined : { precondition: planTimeRegionChecks(chosen, regionExpr) },
    });
    // ---- Parameter group, cluster, instances ----
    const merged = TlsEnforcement.mergeParameters(tls, props.parameters ?? {});
    this.parameterGroup = new RdsClusterParameterGroup(this, 'ParameterGroup', {
      namePrefix: 'aurora-tls-',
      family: tls.family,
      description: `aurora-tls: TLS ${tls.minimumTlsVersion.version}+ required for ${tls.engine} ${tls.engineVersion}`,
      parameter: Object.entries(merged).map(([name, value]) => ({ name, value, applyMethod: 'pending-reboot' })),
      lifecycle: { createBeforeDestroy: true },
      provider,
      region: argument,
    });

    const store = TrustStore.bundled();
    const certificate = this.certificateData;
    const apiThumbprint = Fn.lower(certificate.thumbprint);
    const expectedThumbprint = values.valueOr('Thumbprints', (r) => {
      try {
        return store.root(r, caIn(r)).thumbprint;
      } catch {
        return undefined; // no vendored root (China): no thumbprint check there
      }
    }, apiThumbprint);
    const days = props.minimumValidityDays ?? DEFAULT_MINIMUM_VALIDITY_DAYS;
    const caText = this.certificateAuthority?.identifier ?? certificate.id;
    const preconditions: Precondition[] = [];
    // No thumbprint check where no root is vendored (a literal China region): RDS has the last word there.
    if (expectedThumbprint !== apiThumbprint) {
      preconditions.push({
        condition: Op.eq(apiThumbprint, expectedThumbprint),
        errorMessage: `aurora-tls: Thumbprint mismatch in ${regionExpr}: RDS reports ${caText} with thumbprint ${apiThumbprint}, ` +
          `but the vendored ${regionExpr} bundle's ${caText} root has thumbprint ${expectedThumbprint}. ` +
          'The vendored trust store is out of date or RDS rotated the CA: upgrade aurora-tls before deploying',
      });
    }
    preconditions.push(
      {
        // timecmp() is 1 when valid_till is later than the horizon, 0 when equal.
        condition: Op.neq(Fn.timecmp(certificate.validTill, Fn.timeadd(Fn.plantimestamp(), `${days * 24}h`)), -1),
        errorMessage: `aurora-tls: ${caText} in ${regionExpr} is valid until ${certificate.validTill}, less than minimumValidityDays (${days}) ` +
          'from now; plan the rotation to a CA that is valid for longer, or lower minimumValidityDays',
      },
      ...(config?.lifecycle?.precondition ?? []),
    );

    this.cluster = new RdsCluster(this, 'Resource', {
      ...config,
      // Secure by default: the provider leaves storage unencrypted unless asked.
      storageEncrypted: config?.storageEncrypted ?? true,
      engine: props.engine,
      engineVersion: props.engineVersion,
      dbClusterParameterGroupName: this.parameterGroup.name,
      lifecycle: { ...config?.lifecycle, precondition: preconditions },
      provider,
      region: argument,
    });

    const count = props.instanceCount ?? 2;
    this.instances = [];
    for (let i = 1; i <= count; i++) {
      this.instances.push(new RdsClusterInstance(this, `Instance${i}`, {
        clusterIdentifier: this.cluster.id,
        engine: props.engine,
        engineVersion: this.cluster.engineVersion,
        instanceClass: props.instanceClass,
        caCertIdentifier: this.certificateAuthorityIdentifier,
        dbSubnetGroupName: config?.dbSubnetGroupName,
        // The first instance is created first, so it is the writer of a new cluster.
        dependsOn: i === 1 ? undefined : [this.instances[0]],
        provider,
        region: argument,
      }));
    }

    // ---- The trust bundle, one per stack, CA, region and provider ----
    if (props.publishTrustBundle ?? true) {
      const bundleSelection = this.certificateAuthority ? CaSelection.exactly(this.certificateAuthority) : chosen;
      this.trustBundle = sharedTrustBundle(this, bundleSelection, props.region, provider);
    }
  }
}

function pascal(text: string): string {
  return text.split(/[^a-zA-Z0-9]+/).filter(Boolean).map((w) => w[0].toUpperCase() + w.slice(1)).join('');
}

function shortHash(text: string): string {
  return createHash('sha256').update(text).digest('hex').slice(0, 8).toUpperCase();
}

/** The props rules for `clusterConfig`: keys this construct owns are refused. */
function clusterConfigRules(engine: AuroraEngine, config: RdsClusterConfig | undefined): ValidationRule[] {
  if (config === undefined) return [];
  if (config === null || typeof config !== 'object') {
    return [{ condition: true, message: `clusterConfig must be an object of aws_rds_cluster settings, got ${describeValue(config)}` }];
  }
  const set = (key: keyof RdsClusterConfig) => config[key] !== undefined;
  return [
    {
      condition: set('engine') && config.engine !== engine,
      message: `clusterConfig.engine ${describeValue(config.engine)} differs from engine '${engine}'; TlsAuroraCluster owns the engine: ` +
        `give clusterConfig.engine the same value '${engine}' (the provider type requires it) or omit it`,
    },
    {
      condition: set('engineVersion'),
      message: 'clusterConfig.engineVersion is owned by TlsAuroraCluster (it decides the TLS parameters); set engineVersion instead',
    },
    {
      condition: set('dbClusterParameterGroupName'),
      message: 'clusterConfig.dbClusterParameterGroupName is owned by TlsAuroraCluster (its parameter group enforces TLS); pass extra cluster parameters in parameters instead',
    },
    {
      condition: set('caCertificateIdentifier'),
      message: 'clusterConfig.caCertificateIdentifier is for Multi-AZ DB clusters, not Aurora: Aurora sets the CA on each DB instance; use certificateAuthority instead',
    },
    {
      condition: set('region'),
      message: 'clusterConfig.region is owned by TlsAuroraCluster (every resource of the construct uses it); set region instead',
    },
    {
      condition: set('provider'),
      message: 'clusterConfig.provider is owned by TlsAuroraCluster (every resource of the construct uses it); set provider instead',
    },
    {
      condition: set('count') || set('forEach'),
      message: 'clusterConfig.count and clusterConfig.forEach are refused: a TlsAuroraCluster is one cluster; create one TlsAuroraCluster per cluster instead',
    },
    {
      condition: set('engineMode') && config.engineMode !== 'provisioned',
      message: `clusterConfig.engineMode ${describeValue(config.engineMode)} is not supported: TlsAuroraCluster creates provisioned DB instances ` +
        "(use instanceClass 'db.serverless' for Aurora Serverless v2); omit engineMode",
    },
  ];
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

/** The stack's trust bundle for a CA selection, region and provider, created on first use. */
function sharedTrustBundle(
  scope: Construct,
  selection: CaSelection,
  region: string | undefined,
  provider: TerraformProvider | undefined,
): TrustBundle {
  const stack = TerraformStack.of(scope);
  const parts = [selection.isPreference ? 'Preferred' : '', ...selection.candidates.map((ca) => pascal(ca.identifier.replace(/^rds-ca-/, '')))];
  if (region !== undefined) parts.push(Token.isUnresolved(region) ? `Region${shortHash(region)}` : pascal(region));
  if (provider !== undefined) parts.push(`Provider${shortHash(provider.node.path)}`);
  const id = `AuroraTlsTrustBundle${parts.join('')}`;
  const existing = stack.node.tryFindChild(id);
  if (existing instanceof TrustBundle) return existing;
  return new TrustBundle(stack, id, { certificateAuthority: selection, region, provider });
}

function isWholeNumberIn(value: unknown, min: number, max: number): boolean {
  return typeof value === 'number' && Number.isInteger(value) && value >= min && value <= max;
}

function isToken(value: string): boolean {
  return Token.isUnresolved(value);
}
