// The TLS set-up shared by TlsAuroraCluster and TlsAuroraClusterFromSnapshot: validate the props, create the TLS
// parameter group, let the caller create the cluster, pin every DB instance to the CA, add the deploy-time check, and
// check the same invariants again on the final construct tree (node.addValidation).
// Not exported from the package.

import { Annotations, IResource, Stack, Token } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as rds from 'aws-cdk-lib/aws-rds';
import { Construct, IConstruct, IDependable } from 'constructs';
import { CrossStackConnections } from './cross-stack-connections';
import { DeployTimeCaGuard } from './deploy-time-ca';
import { DeployTimeCheck } from './deploy-time-check';
import { EngineFacts, EngineFactsReader } from './engine-facts';
import { TrustBundlePlan } from './trust-bundle-plan';
import {
  CaSelection,
  CertificateAuthority,
  SslMode,
  TlsEnforcement,
  TlsParameterGroupSpec,
  TlsVersion,
} from '../../core';
import { ClusterRules } from '../../core/private/cluster-rules';
import { describeValue } from '../../core/private/util';
import { AuroraTlsValidationError } from '../../core/private/validation-error';
import { TlsAuroraClusterAnnotation, TlsAuroraClusterOptions } from '../tls-aurora-cluster-base';
import { ITrustBundle, TrustBundle, TrustBundleOptions } from '../trust-bundle';

/** The props both cluster kinds share: the TLS options and the `rds.DatabaseClusterBaseProps` that TLS depends on. */
export interface TlsClusterProps extends TlsAuroraClusterOptions {
  readonly engine: rds.IClusterEngine;
  readonly writer?: rds.IClusterInstance;
  readonly readers?: rds.IClusterInstance[];
  readonly parameterGroup?: rds.IParameterGroup;
  readonly parameters?: { [key: string]: string };
  readonly storageEncrypted?: boolean;
}

/** The clusters aurora-tls wraps. */
export type TlsCapableCluster = rds.DatabaseCluster | rds.DatabaseClusterFromSnapshot;

/** What the set-up made: the wrapped cluster and the TLS facts the public classes expose. */
export interface TlsClusterState<C extends TlsCapableCluster> {
  readonly cluster: C;
  readonly selection: CaSelection;
  readonly certificateAuthority?: CertificateAuthority;
  readonly identifier: string;
  readonly parameterGroup: rds.IParameterGroup;
  readonly minimumTlsVersion: TlsVersion;
  readonly recommendedSslMode: string;
  readonly trustBundle?: ITrustBundle;
  /** The cluster's security groups and port; a peer of another stack is allowed in from its own stack. */
  readonly connections: ec2.Connections;
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

/** The TLS set-up of one cluster. */
export class TlsClusterSetup {
  /**
   * Validate `props` (one error listing every problem, before anything is created), create the TLS parameter group,
   * create the cluster with `createCluster`, pin its DB instances, add the deploy-time check, and register the
   * final-tree validation on `owner`.
   *
   * @param owner the public construct (TlsAuroraCluster or TlsAuroraClusterFromSnapshot)
   * @param kind the public class name, for messages
   * @param createCluster creates the wrapped cluster (id `Resource`) with the props it is given
   */
  public static apply<P extends TlsClusterProps, C extends TlsCapableCluster>(
    owner: Construct,
    kind: string,
    props: P,
    createCluster: (clusterProps: P) => C,
  ): TlsClusterState<C> {
    const setup = new TlsClusterSetup(owner, kind);
    const plan = setup.plan(props ?? ({} as P));
    const failures = plan.rules.filter((rule) => rule.condition).map((rule) => rule.message);
    if (failures.length > 0) {
      throw new AuroraTlsValidationError(`${kind}InvalidProps`, AuroraTlsValidationError.initializationMessage(kind, failures), owner.node.path);
    }
    // Validated: every field below is set.
    const selection = plan.selection!;
    const spec = plan.spec!;

    // The CA: a literal, or (env-agnostic stack) the stack-wide Rule and, for a per-region preference, a mapping.
    let identifier = plan.ca!.literalIdentifier;
    if (plan.region === undefined) {
      identifier = DeployTimeCaGuard.ensure(Stack.of(owner), selection).identifier;
    }

    // TLS enforcement in the cluster parameter group.
    const {
      parameters: _userParameters,
      parameterGroup: _userGroup,
      deployTimeCheck: _deployTimeCheck,
      trustBundle: _trustBundle,
      ...clusterProps
    } = props;
    let parameterGroup: rds.IParameterGroup;
    if (plan.userGroup) {
      const existing = new Set(Object.keys(plan.userGroupParameters ?? {}).map((name) => name.toLowerCase()));
      // Validated: the group's own values are acceptable, so only the missing TLS parameters are added.
      for (const [name, value] of Object.entries(spec.parameters)) {
        if (!existing.has(name.toLowerCase())) plan.userGroup.addParameter(name, value);
      }
      parameterGroup = plan.userGroup;
    } else {
      parameterGroup = new rds.ParameterGroup(owner, 'ParameterGroup', {
        engine: props.engine,
        // Kept independent of the TLS minimum: a new description would replace the group.
        description: `aurora-tls: ${spec.family} cluster parameter group with TLS required`,
        parameters: TlsEnforcement.mergeParameters(spec, props.parameters ?? {}),
      });
    }

    const cluster = createCluster({ ...clusterProps, parameterGroup } as unknown as P);

    // Pin every DB instance (writer, readers, legacy instanceProps instances) through its CfnDBInstance.
    for (const instance of dbInstancesUnder(cluster)) {
      const own = instance.caCertificateIdentifier;
      if (own !== undefined && own !== identifier) {
        // Only reachable for IClusterInstance implementations whose props cannot be read before they are bound.
        throw new AuroraTlsValidationError(
          `${kind}InvalidProps`,
          AuroraTlsValidationError.initializationMessage(kind, [setup.conflictMessage(`DB instance '${instance.node.path}'`, own, plan.ca!.description)]),
          owner.node.path,
        );
      }
      instance.caCertificateIdentifier = identifier;
      if (props.certificateRotationRestart !== undefined) {
        instance.certificateRotationRestart = props.certificateRotationRestart;
      }
    }

    // The deploy-time check: the stack's trust bundle of the CA, and a check-only resource for the engine version.
    let trustBundle: TrustBundle | undefined;
    if (plan.deployTimeCheck) {
      // Every database stack publishes its own bundle (names unique per stack), even beside another stack that does.
      trustBundle = TrustBundle.of(owner, { ...props.trustBundle, certificateAuthority: selection, allowDuplicate: true });
      const check = DeployTimeCheck.ensure(Stack.of(owner), {
        selection,
        region: plan.region,
        identifier: identifier!,
        engine: plan.engine.engine!,
        engineVersion: props.engine.engineVersion!.fullVersion!,
        settings: TrustBundlePlan.settings({ minimumValidity: trustBundle.minimumValidity, expiryBehavior: trustBundle.expiryBehavior }),
      });
      TlsClusterSetup.addDeployTimeCheck(cluster, trustBundle.resource);
      TlsClusterSetup.addDeployTimeCheck(cluster, check);
    }

    for (const note of spec.notes) {
      Annotations.of(owner).addInfoV2(TlsAuroraClusterAnnotation.TLS_NOTE, note);
    }
    for (const message of plan.deferred) {
      Annotations.of(owner).addWarningV2(TlsAuroraClusterAnnotation.DEFERRED_CHECK, message);
    }

    // The same invariants, again on the final tree: users keep building after the constructor.
    const invariants = { cluster, identifier: identifier!, description: plan.ca!.description, parameterGroup, spec };
    owner.node.addValidation({ validate: () => setup.finalTreeProblems(invariants) });

    return {
      cluster,
      selection,
      certificateAuthority: plan.ca!.authority,
      identifier: identifier!,
      parameterGroup,
      minimumTlsVersion: plan.minimum!,
      recommendedSslMode: SslMode.RECOMMENDED.value,
      trustBundle,
      connections: new CrossStackConnections(owner, {
        securityGroups: cluster.connections.securityGroups,
        defaultPort: cluster.connections.defaultPort,
      }),
    };
  }

  /** Make the cluster and every DB instance depend on `check` (see `TlsAuroraClusterBase.addDeployTimeCheck`). */
  public static addDeployTimeCheck(cluster: TlsCapableCluster, check: IDependable): void {
    cluster.node.addDependency(check);
    for (const instance of dbInstancesUnder(cluster)) {
      instance.node.addDependency(check);
    }
  }

  private constructor(private readonly owner: Construct, private readonly kind: string) {}

  /**
   * The broken invariants of the final tree, one message each: every DB instance of the cluster (under it, or
   * anywhere in the stack with its DBClusterIdentifier) pinned to the CA; the cluster on the TLS parameter group; the
   * group still enforcing TLS at the minimum, with no weakening parameter.
   */
  private finalTreeProblems(invariants: {
    cluster: TlsCapableCluster;
    identifier: string;
    description: string;
    parameterGroup: rds.IParameterGroup;
    spec: TlsParameterGroupSpec;
  }): string[] {
    const { cluster, identifier, description, parameterGroup, spec } = invariants;
    const stack = Stack.of(this.owner);
    const expectedCa = JSON.stringify(stack.resolve(identifier));
    const problems: string[] = [];

    for (const instance of dbInstancesOf(cluster)) {
      const own = instance.caCertificateIdentifier;
      if (own === undefined) {
        problems.push(
          `DB instance '${instance.node.path}' has no caCertificateIdentifier, so RDS gives it the account's default CA, not ${description}; ` +
            `set its caCertificateIdentifier to ${shownIdentifier(identifier)}, or add the instance through the cluster's writer and readers props`,
        );
      } else if (JSON.stringify(stack.resolve(own)) !== expectedCa) {
        problems.push(this.conflictMessage(`DB instance '${instance.node.path}'`, own, description));
      }
    }

    const cfnCluster = cluster.node.defaultChild as rds.CfnDBCluster;
    const groupName = parameterGroup.bindToCluster({}).parameterGroupName;
    const usedGroup = cfnCluster.dbClusterParameterGroupName;
    if (JSON.stringify(stack.resolve(usedGroup)) !== JSON.stringify(stack.resolve(groupName))) {
      problems.push(
        `DB cluster '${cfnCluster.node.path}' uses the parameter group ${describeValue(Token.isUnresolved(usedGroup ?? '') ? 'a deploy-time value' : usedGroup)}, ` +
          `not '${parameterGroup.node.path}', which enforces TLS; remove the override of its DBClusterParameterGroupName (${this.kind} sets it)`,
      );
    }

    if (parameterGroup instanceof rds.ParameterGroup) {
      const parameters = resolvedParameters(parameterGroup, clusterCfnGroup(parameterGroup));
      const present = new Set(Object.keys(parameters).map((name) => name.toLowerCase()));
      for (const [name, value] of Object.entries(spec.parameters)) {
        if (!present.has(name.toLowerCase())) {
          problems.push(
            `parameterGroup '${parameterGroup.node.path}' no longer sets ${name}, which must be ${value} to enforce TLS; ` +
              `put back ${name}=${value} (do not replace the parameters of the group's CfnDBClusterParameterGroup)`,
          );
        }
      }
      for (const problem of ClusterRules.parameterProblems(spec, parameters, isToken)) {
        problems.push(`parameterGroup '${parameterGroup.node.path}': ${problem}`);
      }
    }
    return problems;
  }

  /** Validate the props and work out what to create, without creating anything. */
  private plan(props: TlsClusterProps): Plan {
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
    const stackRegion = Stack.of(this.owner).region;
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
          message: this.conflictMessage(label, identifier, ca.description),
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
        `or drop parameterGroup and let ${this.kind} create one`,
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
    props: TlsClusterProps,
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
    const rules = TrustBundlePlan.optionRules(given, 'trustBundle.', Stack.of(this.owner));
    rules.push({
      condition: given.certificateAuthority !== undefined,
      message: 'trustBundle.certificateAuthority is not used: the trust bundle publishes the cluster\'s certificateAuthority; remove it',
    });
    // Without a CA (an invalid selection or region, reported already) there is nothing more to check.
    if (!selection || !ca) return rules;
    if (region !== undefined) {
      const problem = TrustBundlePlan.deployTimeStoreProblem(ca.authority!, region);
      rules.push({ condition: problem !== undefined, message: problem ?? '' });
    }
    const existing = TrustBundle._existing(Stack.of(this.owner), selection, region);
    if (existing) {
      rules.push(...TrustBundlePlan.conflicts(existing, given, ca.literalIdentifier ?? selection.toString(), 'trustBundle: '));
    }
    return rules;
  }

  /** Why a user parameter group cannot be extended, or undefined. */
  private groupRefusal(group: rds.IParameterGroup): string | undefined {
    if (group === null || typeof (group as { bindToCluster?: unknown }).bindToCluster !== 'function') {
      return `parameterGroup takes an rds.ParameterGroup created in this app, got ${describeValue(group)}; ` +
        `pass its settings as parameters instead (${this.kind} then creates the group)`;
    }
    if (!(group instanceof rds.ParameterGroup)) {
      const boundName = group.bindToCluster({}).parameterGroupName;
      const name = Token.isUnresolved(boundName) ? group.node.path : boundName;
      return `parameterGroup '${name}' is imported, so aurora-tls can neither read nor extend it to enforce TLS; ` +
        `pass its settings as parameters instead (${this.kind} then creates the group), or pass an rds.ParameterGroup created in this app`;
    }
    if (group.node.root !== this.owner.node.root) {
      return `parameterGroup '${group.node.path}' belongs to another CDK app; create it in this app`;
    }
    return undefined;
  }

  private conflictMessage(label: string, own: string, resolved: string): string {
    const shown = Token.isUnresolved(own) ? 'a deploy-time value' : own;
    return `${label} sets caCertificate ${shown}, but certificateAuthority resolves to ${resolved}; ` +
      `${this.kind} sets the CA of every instance from certificateAuthority: remove caCertificate from the instance, ` +
      'or change certificateAuthority';
  }
}

/** Every CfnDBInstance under the cluster construct. */
function dbInstancesUnder(cluster: IConstruct): rds.CfnDBInstance[] {
  return cluster.node.findAll().filter((c): c is rds.CfnDBInstance => c instanceof rds.CfnDBInstance);
}

/** Every CfnDBInstance of the cluster: under its construct, or anywhere in its stack with its DBClusterIdentifier. */
function dbInstancesOf(cluster: TlsCapableCluster & IResource): rds.CfnDBInstance[] {
  const stack = Stack.of(cluster);
  const ref = JSON.stringify(stack.resolve(cluster.clusterIdentifier));
  const under = new Set(dbInstancesUnder(cluster));
  const elsewhere = stack.node.findAll().filter((c): c is rds.CfnDBInstance =>
    c instanceof rds.CfnDBInstance && !under.has(c) && c.dbClusterIdentifier !== undefined &&
    Stack.of(c) === stack && JSON.stringify(stack.resolve(c.dbClusterIdentifier)) === ref);
  return [...under, ...elsewhere];
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

/**
 * The CAs that the writer and readers set themselves, read through the public `bind()` of each instance into a
 * scratch construct tree (aws-cdk-lib offers no getter for the options of `ClusterInstance.provisioned()`/
 * `serverlessV2()`), so that a conflicting CA is refused before anything is created in the user's tree.
 */
function declaredInstanceCas(props: TlsClusterProps): Array<{ label: string; identifier: string }> {
  const declared: Array<{ label: string; identifier: string }> = [];
  const instances: Array<[string, rds.IClusterInstance | undefined]> = [
    ['writer', props.writer],
    ...(props.readers ?? []).map((r, i): [string, rds.IClusterInstance] => [`readers[${i}]`, r]),
  ];
  for (const [where, instance] of instances) {
    if (!(instance instanceof rds.ClusterInstance)) continue;
    const probe = InstanceProbe.bind(instance);
    if (probe?.caCertificateIdentifier === undefined) continue;
    declared.push({ label: `${where} '${probe.id}'`, identifier: probe.caCertificateIdentifier });
  }
  return declared;
}

/**
 * Binds a ClusterInstance into a scratch construct tree, outside the user's app, to read the CfnDBInstance it would
 * create. The scratch stack and its imported cluster are made once per process; each probe's constructs are removed
 * right after (binding costs about as much as creating the instance, so nothing is made twice).
 */
class InstanceProbe {
  /** The construct id and CA of the instance, or undefined when it cannot be bound outside a real cluster. */
  public static bind(instance: rds.ClusterInstance): { id: string; caCertificateIdentifier?: string } | undefined {
    const { stack, cluster } = InstanceProbe.scratchTree();
    const scope = new Construct(stack, `Probe${InstanceProbe.count++}`);
    try {
      const bound = instance.bind(scope, cluster, { promotionTier: 0 });
      const cfn = bound.node.findAll().find((c): c is rds.CfnDBInstance => c instanceof rds.CfnDBInstance);
      return { id: bound.node.id, caCertificateIdentifier: cfn?.caCertificateIdentifier };
    } catch {
      return undefined;
    } finally {
      stack.node.tryRemoveChild(scope.node.id);
    }
  }

  private static scratch?: { stack: Stack; cluster: rds.IDatabaseCluster };
  private static count = 0;

  private static scratchTree(): { stack: Stack; cluster: rds.IDatabaseCluster } {
    if (!InstanceProbe.scratch) {
      const stack = new Stack(undefined, 'AuroraTlsInstanceProbe');
      const cluster = rds.DatabaseCluster.fromDatabaseClusterAttributes(stack, 'Cluster', {
        clusterIdentifier: 'probe',
        engine: rds.DatabaseClusterEngine.AURORA_POSTGRESQL,
      });
      InstanceProbe.scratch = { stack, cluster };
    }
    return InstanceProbe.scratch;
  }

  private constructor() {}
}

function shownIdentifier(identifier: string): string {
  return Token.isUnresolved(identifier) ? 'the cluster\'s CA identifier (certificateAuthorityIdentifier)' : identifier;
}

function isToken(value: string): boolean {
  return Token.isUnresolved(value);
}
