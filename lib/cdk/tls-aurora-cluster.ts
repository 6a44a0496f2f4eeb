import { Annotations, Stack, Token, ValidationError } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as rds from 'aws-cdk-lib/aws-rds';
import { Construct, IDependable } from 'constructs';
import {
  CaSelection,
  CertificateAuthority,
  SslMode,
  TlsEnforcement,
  TlsParameterGroupSpec,
  TlsVersion,
} from '../core';
import { DeployTimeCaGuard } from './private/deploy-time-ca';
import { DeployTimeCheck } from './private/deploy-time-check';
import { EngineFacts, EngineFactsReader } from './private/engine-facts';
import { TrustBundlePlan } from './private/trust-bundle-plan';
import { TrustBundle, TrustBundleOptions } from './trust-bundle';
import { ClusterRules } from '../core/private/cluster-rules';
import { describeValue } from '../core/private/util';

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
 * Properties of a `TlsAuroraCluster`: every `rds.DatabaseClusterProps` property, plus the TLS settings.
 */
export interface TlsAuroraClusterProps extends rds.DatabaseClusterProps {
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
   * @default - the `TrustBundleOptions` defaults: a bucket created for the stack, `/aurora-tls/<ca-identifier>`,
   *   365 days, `ExpiryBehavior.FAIL`
   */
  readonly trustBundle?: TrustBundleOptions;
}

/** A validation rule: checked with every other rule, all failures reported together. */
interface ValidationRule {
  readonly condition: boolean;
  readonly message: string;
}

/** How the CA selection resolves for this stack. */
interface CaPlan {
  /** The CA for a concrete region, or the only one an env-agnostic stack can get. */
  readonly authority?: CertificateAuthority;
  /** The identifier when it is known at synth time. */
  readonly literalIdentifier?: string;
  /** A phrase for messages: what the selection resolves to, e.g. `rds-ca-ecc384-g1 in us-east-1`. */
  readonly description: string;
}

/** Everything validated about the props, computed without creating any construct. */
interface Plan {
  readonly selection?: CaSelection;
  readonly minimum?: TlsVersion;
  readonly region?: string;
  readonly ca?: CaPlan;
  readonly engine: EngineFacts;
  readonly spec?: TlsParameterGroupSpec;
  /** The user's rds.ParameterGroup to extend, when one was given. */
  readonly userGroup?: rds.ParameterGroup;
  /** The parameters already in `userGroup`. */
  readonly userGroupParameters?: { [name: string]: string };
  readonly rules: ValidationRule[];
  readonly deferred: string[];
  /** Whether to add the deploy-time check and the trust bundle. */
  readonly deployTimeCheck: boolean;
}

const DEFAULT_SELECTION = CaSelection.exactly(CertificateAuthority.RSA2048_G1);
const ERROR_CODE = 'TlsAuroraClusterInvalidProps' as unknown as ConstructorParameters<typeof ValidationError>[0];

/**
 * An Aurora cluster (`rds.DatabaseCluster`) with TLS done right: every DB instance pinned to an explicit server
 * certificate authority chosen for the region, and TLS enforced in the cluster parameter group. By default
 * (`deployTimeCheck`), RDS is asked at deploy time whether it offers the CA for the engine version, and the region's
 * trust bundle is published (`trustBundle`), before the cluster and its instances are created or updated.
 *
 * Props are validated together before anything is created: one `ValidationError` lists every problem.
 *
 * Secure defaults beyond TLS: the cluster's storage is encrypted unless you set `storageEncrypted: false`
 * (aws-cdk-lib's own default is unencrypted).
 *
 * @example
 * new TlsAuroraCluster(this, 'Db', {
 *   engine: rds.DatabaseClusterEngine.auroraPostgres({ version: rds.AuroraPostgresEngineVersion.VER_16_4 }),
 *   writer: rds.ClusterInstance.serverlessV2('Writer'),
 *   vpc,
 *   certificateAuthority: CaSelection.preferred([CertificateAuthority.ECC384_G1, CertificateAuthority.RSA2048_G1]),
 * });
 */
export class TlsAuroraCluster extends Construct implements ec2.IConnectable {
  /** The wrapped cluster (construct id `Resource`). */
  public readonly cluster: rds.DatabaseCluster;

  /** The certificate authority selection the cluster was given. */
  public readonly certificateAuthoritySelection: CaSelection;

  /**
   * The certificate authority of every DB instance.
   *
   * Known when the stack has a concrete region, or when the selection resolves to one CA in every region
   * (`exactly()`, or a preference whose first candidate is offered everywhere). Undefined for an
   * environment-agnostic stack with a preference that resolves per region: use `certificateAuthorityIdentifier`.
   */
  public readonly certificateAuthority?: CertificateAuthority;

  /**
   * The identifier of the certificate authority of every DB instance, e.g. `rds-ca-rsa2048-g1`: a literal, or a
   * deploy-time `Fn::FindInMap` token for an environment-agnostic stack with a per-region preference.
   */
  public readonly certificateAuthorityIdentifier: string;

  /** The cluster parameter group that enforces TLS (created by this construct, or the one given and extended). */
  public readonly parameterGroup: rds.IParameterGroup;

  /** The oldest TLS version clients may connect with. */
  public readonly minimumTlsVersion: TlsVersion;

  /** The cluster (writer) endpoint. */
  public readonly clusterEndpoint: rds.Endpoint;

  /** The port clients connect to. */
  public readonly port: number;

  /**
   * The client TLS mode to use: `verify-full` (libpq `sslmode`; MySQL `VERIFY_IDENTITY`): encrypt, check the
   * certificate chain against the region's RDS bundle, and check the host name.
   */
  public readonly recommendedSslMode: string;

  /** Network connections of the cluster (its security groups and port). */
  public readonly connections: ec2.Connections;

  /**
   * The stack's trust bundle of the cluster's certificate authority, published at deploy time before the cluster is
   * created (undefined when `deployTimeCheck` is false). Use `grantRead` and `parameterNames` to give applications
   * the CA bundle.
   */
  public readonly trustBundle?: TrustBundle;

  constructor(scope: Construct, id: string, props: TlsAuroraClusterProps) {
    super(scope, id);

    const plan = this.plan(props ?? ({} as TlsAuroraClusterProps));
    const failures = plan.rules.filter((rule) => rule.condition).map((rule) => rule.message);
    if (failures.length > 0) {
      throw new ValidationError(
        ERROR_CODE,
        `TlsAuroraCluster initialization failed due to the following validation error(s):\n${failures.map((f) => `- ${f}`).join('\n')}`,
        this,
      );
    }
    // Validated: every field below is set.
    const selection = plan.selection!;
    const spec = plan.spec!;
    this.certificateAuthoritySelection = selection;
    this.minimumTlsVersion = plan.minimum!;
    this.recommendedSslMode = SslMode.RECOMMENDED.value;

    // The CA: a literal, or (env-agnostic stack) the stack-wide Rule and, for a per-region preference, a mapping.
    let identifier = plan.ca!.literalIdentifier;
    if (plan.region === undefined) {
      identifier = DeployTimeCaGuard.ensure(Stack.of(this), selection).identifier;
    }
    this.certificateAuthority = plan.ca!.authority;
    this.certificateAuthorityIdentifier = identifier!;

    // TLS enforcement in the cluster parameter group.
    const {
      parameters: _userParameters,
      parameterGroup: _userGroup,
      deployTimeCheck: _deployTimeCheck,
      trustBundle: _trustBundle,
      ...clusterProps
    } = props;
    if (plan.userGroup) {
      const existing = new Set(Object.keys(plan.userGroupParameters ?? {}).map((name) => name.toLowerCase()));
      // Validated: the group's own values are acceptable, so only the missing TLS parameters are added.
      for (const [name, value] of Object.entries(spec.parameters)) {
        if (!existing.has(name.toLowerCase())) plan.userGroup.addParameter(name, value);
      }
      this.parameterGroup = plan.userGroup;
    } else {
      this.parameterGroup = new rds.ParameterGroup(this, 'ParameterGroup', {
        engine: props.engine,
        // Kept independent of the TLS minimum: a new description would replace the group.
        description: `aurora-tls: ${spec.family} cluster parameter group with TLS required`,
        parameters: TlsEnforcement.mergeParameters(spec, props.parameters ?? {}),
      });
    }

    // Secure by default: aws-cdk-lib leaves storage unencrypted unless asked.
    this.cluster = new rds.DatabaseCluster(this, 'Resource', {
      ...clusterProps,
      storageEncrypted: clusterProps.storageEncrypted ?? true,
      parameterGroup: this.parameterGroup,
    });

    // Pin every DB instance (writer, readers, legacy instanceProps instances) through its CfnDBInstance.
    for (const instance of this.dbInstances()) {
      const own = instance.caCertificateIdentifier;
      if (own !== undefined && own !== identifier) {
        // Only reachable for IClusterInstance implementations whose props cannot be read before they are bound.
        throw new ValidationError(
          ERROR_CODE,
          'TlsAuroraCluster initialization failed due to the following validation error(s):\n- ' +
            conflictMessage(`DB instance '${instance.node.path}'`, own, plan.ca!.description),
          this,
        );
      }
      instance.caCertificateIdentifier = identifier;
      if (props.certificateRotationRestart !== undefined) {
        instance.certificateRotationRestart = props.certificateRotationRestart;
      }
    }

    this.clusterEndpoint = this.cluster.clusterEndpoint;
    this.port = this.cluster.clusterEndpoint.port;
    this.connections = this.cluster.connections;

    // The deploy-time check: the stack's trust bundle of the CA, and a check-only resource for the engine version.
    if (plan.deployTimeCheck) {
      const bundle = TrustBundle.of(this, { ...props.trustBundle, certificateAuthority: selection });
      const check = DeployTimeCheck.ensure(Stack.of(this), {
        selection,
        region: plan.region,
        identifier: identifier!,
        engine: plan.engine.engine!,
        engineVersion: props.engine.engineVersion!.fullVersion!,
        settings: TrustBundlePlan.settings({ minimumValidity: bundle.minimumValidity, expiryBehavior: bundle.expiryBehavior }),
      });
      this.addDeployTimeCheck(bundle.resource);
      this.addDeployTimeCheck(check);
      this.trustBundle = bundle;
    }

    for (const note of spec.notes) {
      Annotations.of(this).addInfoV2(TlsAuroraClusterAnnotation.TLS_NOTE, note);
    }
    for (const message of plan.deferred) {
      Annotations.of(this).addWarningV2(TlsAuroraClusterAnnotation.DEFERRED_CHECK, message);
    }
  }

  /**
   * Make the cluster and every DB instance depend on `check`, so that CloudFormation creates or updates them only
   * after it: the seam for a deploy-time check (such as a custom resource that asks RDS whether the certificate
   * authority is offered) that must pass before the database is touched.
   *
   * `check` must not itself depend on the cluster (that would be a dependency cycle).
   */
  public addDeployTimeCheck(check: IDependable): void {
    this.cluster.node.addDependency(check);
    for (const instance of this.dbInstances()) {
      instance.node.addDependency(check);
    }
  }

  /** Every CfnDBInstance of the cluster. */
  private dbInstances(): rds.CfnDBInstance[] {
    return this.cluster.node.findAll().filter((c): c is rds.CfnDBInstance => c instanceof rds.CfnDBInstance);
  }

  /** Validate the props and work out what to create, without creating anything. */
  private plan(props: TlsAuroraClusterProps): Plan {
    const rules: ValidationRule[] = [];
    const deferred: string[] = [];

    // certificateAuthority
    const rawSelection: unknown = props.certificateAuthority ?? DEFAULT_SELECTION;
    const selection = rawSelection instanceof CaSelection ? rawSelection : undefined;
    const selectionProblem = ClusterRules.selectionProblem(rawSelection, isToken);
    rules.push({ condition: selectionProblem !== undefined, message: selectionProblem ?? '' });

    // minimumTlsVersion
    const rawMinimum: unknown = props.minimumTlsVersion ?? TlsVersion.TLS_1_2;
    const minimum = rawMinimum instanceof TlsVersion ? rawMinimum : undefined;
    const minimumProblem = ClusterRules.minimumTlsVersionProblem(rawMinimum, isToken);
    rules.push({ condition: minimumProblem !== undefined, message: minimumProblem ?? '' });

    // certificateRotationRestart
    const restartProblem = ClusterRules.booleanProblem('certificateRotationRestart', props.certificateRotationRestart);
    rules.push({ condition: restartProblem !== undefined, message: restartProblem ?? '' });

    // Region and CA
    const stackRegion = Stack.of(this).region;
    const region = Token.isUnresolved(stackRegion) ? undefined : stackRegion;
    let ca: CaPlan | undefined;
    if (selection && region !== undefined) {
      const problem = ClusterRules.regionProblem(selection, region, 'Stack region');
      rules.push({ condition: problem !== undefined, message: problem ?? '' });
      if (problem === undefined) {
        const authority = selection.resolve(region);
        ca = { authority, literalIdentifier: authority.identifier, description: `${authority.identifier} in ${region}` };
      }
    } else if (selection) {
      const literal = DeployTimeCaGuard.literalIdentifier(selection);
      ca = literal !== undefined
        ? {
          authority: CertificateAuthority.of(literal),
          literalIdentifier: literal,
          description: `${literal} (${selection.toString()}, in every region where it is offered)`,
        }
        : { description: `${selection.toString()}, resolved per region at deploy time` };
    }

    // Instances that bring their own CA
    if (ca) {
      for (const { label, identifier } of declaredInstanceCas(props)) {
        rules.push({
          condition: identifier !== ca.literalIdentifier,
          message: conflictMessage(label, identifier, ca.description),
        });
      }
    }

    // Engine and TLS parameters
    const engine = EngineFactsReader.read(props.engine);
    rules.push({ condition: engine.problem !== undefined, message: engine.problem ?? '' });
    let spec: TlsParameterGroupSpec | undefined;
    if (engine.problem === undefined && minimum) {
      try {
        spec = TlsEnforcement.parametersFor({ engine: engine.engine!, engineVersion: engine.version!, minimumTlsVersion: minimum });
      } catch (e) {
        rules.push({ condition: true, message: (e as Error).message });
      }
      if (spec && engine.fullVersionIsToken) {
        deferred.push(
          `The engine version is a deploy-time value, so the TLS parameters were chosen for ${spec.engine} ${spec.majorVersion} ` +
            '(TLS 1.3 treated as unavailable); RDS checks that they apply to the actual version when it creates the cluster. ' +
            'Use a literal engine version to check at synth time',
        );
      }
      if (spec && engine.family !== undefined && !Token.isUnresolved(engine.family)) {
        rules.push({
          condition: engine.family !== spec.family,
          message: `aws-cdk-lib derives the parameter group family ${engine.family} from the engine, but the TLS rules are for ${spec.family}; ` +
            'use a versioned engine from rds.DatabaseClusterEngine.auroraPostgres() or auroraMysql()',
        });
      }
    }

    // Parameters and parameter group
    const group = props.parameterGroup;
    rules.push({
      condition: group !== undefined && props.parameters !== undefined,
      message: 'parameterGroup and parameters cannot both be given (aws-cdk-lib refuses it); put the parameters in the parameter group, ' +
        'or drop parameterGroup and let TlsAuroraCluster create one',
    });
    let userGroup: rds.ParameterGroup | undefined;
    let userGroupParameters: { [name: string]: string } | undefined;
    if (group !== undefined) {
      const refusal = this.groupRefusal(group);
      rules.push({ condition: refusal !== undefined, message: refusal ?? '' });
      if (refusal === undefined) {
        userGroup = group as rds.ParameterGroup;
        const cfn = clusterCfnGroup(userGroup);
        const family = cfn.family;
        if (spec) {
          rules.push({
            condition: !Token.isUnresolved(family) && family !== spec.family,
            message: ClusterRules.groupFamilyMessage(userGroup.node.path, family, spec.family),
          });
        }
        userGroupParameters = resolvedParameters(userGroup, cfn);
        if (spec) {
          for (const problem of ClusterRules.parameterProblems(spec, userGroupParameters, isToken)) {
            rules.push({ condition: true, message: `parameterGroup '${userGroup.node.path}': ${problem}` });
          }
        }
      }
    }
    if (spec && props.parameters !== undefined) {
      for (const problem of ClusterRules.parameterProblems(spec, props.parameters, isToken)) {
        rules.push({ condition: true, message: problem });
      }
    }

    // Deploy-time check and trust bundle options
    const rawCheck: unknown = props.deployTimeCheck;
    rules.push({
      condition: rawCheck !== undefined && typeof rawCheck !== 'boolean',
      message: `deployTimeCheck takes true or false, got ${describeValue(rawCheck)}`,
    });
    const deployTimeCheck = rawCheck !== false;
    rules.push(...this.trustBundleRules(props, deployTimeCheck, selection, region, ca));

    return { selection, minimum, region, ca, engine, spec, userGroup, userGroupParameters, rules, deferred, deployTimeCheck };
  }

  /** The problems of `trustBundle`, and of a trust bundle the stack cannot publish or share with this cluster. */
  private trustBundleRules(
    props: TlsAuroraClusterProps,
    deployTimeCheck: boolean,
    selection: CaSelection | undefined,
    region: string | undefined,
    ca: CaPlan | undefined,
  ): ValidationRule[] {
    const options: unknown = props.trustBundle;
    if (!deployTimeCheck) {
      return [{
        condition: options !== undefined,
        message: 'trustBundle is only used by the deploy-time check, which deployTimeCheck: false turns off; ' +
          'remove trustBundle, or remove deployTimeCheck: false',
      }];
    }
    if (options !== undefined && (options === null || typeof options !== 'object')) {
      return [{
        condition: true,
        message: `trustBundle takes TrustBundleOptions such as { minimumValidity: Duration.days(180) }, got ${describeValue(options)}`,
      }];
    }
    const given = (options ?? {}) as TrustBundleOptions & { certificateAuthority?: unknown };
    const rules = TrustBundlePlan.optionRules(given, 'trustBundle.');
    rules.push({
      condition: given.certificateAuthority !== undefined,
      message: 'trustBundle.certificateAuthority is not used: the trust bundle publishes the cluster\'s certificateAuthority; remove it',
    });
    // Without a CA (an invalid selection or region, reported already) there is nothing more to check.
    if (!selection || !ca) return rules;
    if (region !== undefined) {
      const problem = TrustBundlePlan.storeProblem(ca.authority!, region);
      rules.push({
        condition: problem !== undefined,
        message: `deployTimeCheck: ${problem}; set deployTimeCheck to false to deploy without the deploy-time check and the trust bundle, ` +
          'which need the roots vendored with aurora-tls',
      });
    }
    const existing = TrustBundle._existing(Stack.of(this), selection, region);
    if (existing) {
      rules.push(...TrustBundlePlan.conflicts(existing, given, ca.literalIdentifier ?? selection.toString(), 'trustBundle: '));
    }
    return rules;
  }

  /** Why a user parameter group cannot be extended, or undefined. */
  private groupRefusal(group: rds.IParameterGroup): string | undefined {
    if (group === null || typeof (group as { bindToCluster?: unknown }).bindToCluster !== 'function') {
      return `parameterGroup takes an rds.ParameterGroup created in this app, got ${describeValue(group)}; ` +
        'pass its settings as parameters instead (TlsAuroraCluster then creates the group)';
    }
    if (!(group instanceof rds.ParameterGroup)) {
      const boundName = group.bindToCluster({}).parameterGroupName;
      const name = Token.isUnresolved(boundName) ? group.node.path : boundName;
      return `parameterGroup '${name}' is imported, so aurora-tls can neither read nor extend it to enforce TLS; ` +
        'pass its settings as parameters instead (TlsAuroraCluster then creates the group), or pass an rds.ParameterGroup created in this app';
    }
    if (group.node.root !== this.node.root) {
      return `parameterGroup '${group.node.path}' belongs to another CDK app; create it in this app`;
    }
    return undefined;
  }

}

/** The CfnDBClusterParameterGroup of a ParameterGroup (created the way rds.DatabaseCluster would create it). */
function clusterCfnGroup(group: rds.ParameterGroup): rds.CfnDBClusterParameterGroup {
  group.bindToCluster({});
  return group.node.children.find((c): c is rds.CfnDBClusterParameterGroup => c instanceof rds.CfnDBClusterParameterGroup)!;
}

/** The parameters of a ParameterGroup as they are now. */
function resolvedParameters(group: rds.ParameterGroup, cfn: rds.CfnDBClusterParameterGroup): { [name: string]: string } {
  const resolved: unknown = Stack.of(group).resolve(cfn.parameters);
  if (resolved === null || typeof resolved !== 'object') return {};
  const parameters: { [name: string]: string } = {};
  for (const [name, value] of Object.entries(resolved as { [name: string]: unknown })) {
    // A deploy-time value resolves to an intrinsic: keep it a token, so that it is treated as one.
    parameters[name] = value !== null && typeof value === 'object' ? Token.asString(value) : (value as string);
  }
  return parameters;
}

/** The CAs that the writer and readers set themselves (only readable for rds.ClusterInstance). */
function declaredInstanceCas(props: TlsAuroraClusterProps): Array<{ label: string; identifier: string }> {
  const declared: Array<{ label: string; identifier: string }> = [];
  const instances: Array<[string, rds.IClusterInstance | undefined]> = [
    ['writer', props.writer],
    ...(props.readers ?? []).map((r, i): [string, rds.IClusterInstance] => [`readers[${i}]`, r]),
  ];
  for (const [where, instance] of instances) {
    if (!(instance instanceof rds.ClusterInstance)) continue;
    // aws-cdk-lib keeps the options of ClusterInstance.provisioned()/serverlessV2() in a private field and offers no
    // getter; read it to refuse a conflicting CA before anything is created. Other IClusterInstance
    // implementations are checked on their CfnDBInstance once bound.
    const internals = instance as unknown as { id?: unknown; props?: { caCertificate?: rds.CaCertificate } };
    const caCertificate = internals.props?.caCertificate;
    if (caCertificate === undefined) continue;
    const label = typeof internals.id === 'string' ? `${where} '${internals.id}'` : where;
    declared.push({ label, identifier: caCertificate.toString() });
  }
  return declared;
}

function conflictMessage(label: string, own: string, resolved: string): string {
  const shown = Token.isUnresolved(own) ? 'a deploy-time value' : own;
  return `${label} sets caCertificate ${shown}, but certificateAuthority resolves to ${resolved}; ` +
    'TlsAuroraCluster sets the CA of every instance from certificateAuthority: remove caCertificate from the instance, ' +
    'or change certificateAuthority';
}

function isToken(value: string): boolean {
  return Token.isUnresolved(value);
}
