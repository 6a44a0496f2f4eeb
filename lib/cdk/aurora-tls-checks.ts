import { Annotations, IAspect, Stack, Token, UnscopedValidationError } from 'aws-cdk-lib';
import * as rds from 'aws-cdk-lib/aws-rds';
import { IConstruct } from 'constructs';
import { AuroraEngine, CaSelection, CertificateAuthority, RegionCatalog, TlsEnforcement, TlsParameterFinding } from '../core';
import { EngineFactsReader } from './private/engine-facts';
import { DEPLOY_TIME_STAND_IN } from '../core/private/cluster-rules';
import { describeValue } from '../core/private/util';

/**
 * What `AuroraTlsChecks` reports; each value is the id of the annotation (acknowledge warnings by it).
 */
export enum AuroraTlsFinding {
  /** A DB instance has no `CACertificateIdentifier`, so it gets the account's default CA. Default: warning. */
  UNPINNED_CA = 'aurora-tls:unpinned-ca',
  /**
   * A DB instance names a CA that can no longer be chosen: retired (`rds-ca-2019`, `rds-ca-2015`, `rds-ca-2010`) or
   * not an RDS CA at all. Default: error.
   */
  RETIRED_CA = 'aurora-tls:retired-ca',
  /** A DB instance names a CA that the stack's region does not offer (aurora-tls region catalog). Default: error. */
  CA_UNAVAILABLE = 'aurora-tls:ca-unavailable',
  /** The stack's region is unknown to the aurora-tls catalog, so CA availability cannot be checked. Default: warning. */
  UNKNOWN_REGION = 'aurora-tls:unknown-region',
  /**
   * A DB cluster has no cluster parameter group, or uses an RDS `default.*` one, which cannot be changed to enforce
   * TLS. Default: error.
   */
  DEFAULT_PARAMETER_GROUP = 'aurora-tls:default-parameter-group',
  /** The cluster parameter group does not enforce TLS, or allows deprecated TLS versions. Default: error. */
  WEAK_TLS = 'aurora-tls:weak-tls',
  /**
   * The cluster parameter group, or one of its TLS parameters, is not known at synth time (defined in another stack,
   * imported by name, or a deploy-time value), so it cannot be audited. Default: warning.
   */
  UNVERIFIABLE_PARAMETER_GROUP = 'aurora-tls:unverifiable-parameter-group',
}

/** How a finding is reported. */
export enum AuroraTlsCheckLevel {
  /** As an error annotation: `cdk synth` fails. The message ends with the finding id in brackets. */
  ERROR = 'error',
  /** As a warning annotation with the finding id (`Annotations.addWarningV2`); fails `cdk synth --strict`. */
  WARNING = 'warning',
  /** Not reported. */
  OFF = 'off',
}

/**
 * Options of `AuroraTlsChecks`.
 */
export interface AuroraTlsChecksProps {
  /**
   * Report every finding at this level.
   *
   * @default - each finding at its default level: errors for a retired or unavailable CA, a default parameter group
   *   and weak TLS enforcement; warnings for an unpinned CA, an unknown region and a parameter group that cannot be
   *   audited (see `AuroraTlsFinding`)
   */
  readonly level?: AuroraTlsCheckLevel;

  /**
   * The level of individual findings, by id (an `AuroraTlsFinding` value, e.g. `'aurora-tls:unpinned-ca'`);
   * overrides `level`.
   *
   * @default - no per-finding levels
   */
  readonly levels?: { [findingId: string]: AuroraTlsCheckLevel };
}

const DEFAULT_LEVELS: { [id: string]: AuroraTlsCheckLevel } = {
  [AuroraTlsFinding.UNPINNED_CA]: AuroraTlsCheckLevel.WARNING,
  [AuroraTlsFinding.RETIRED_CA]: AuroraTlsCheckLevel.ERROR,
  [AuroraTlsFinding.CA_UNAVAILABLE]: AuroraTlsCheckLevel.ERROR,
  [AuroraTlsFinding.UNKNOWN_REGION]: AuroraTlsCheckLevel.WARNING,
  [AuroraTlsFinding.DEFAULT_PARAMETER_GROUP]: AuroraTlsCheckLevel.ERROR,
  [AuroraTlsFinding.WEAK_TLS]: AuroraTlsCheckLevel.ERROR,
  [AuroraTlsFinding.UNVERIFIABLE_PARAMETER_GROUP]: AuroraTlsCheckLevel.WARNING,
};

const ERROR_CODE = 'AuroraTlsChecksInvalidProps' as unknown as ConstructorParameters<typeof UnscopedValidationError>[0];

/**
 * An aspect that audits the TLS set-up of every Aurora cluster in a scope, including clusters not built with
 * aurora-tls: `rds.DatabaseCluster` and raw `rds.CfnDBCluster` / `rds.CfnDBInstance` resources.
 *
 * Reports, on the resource concerned: DB instances without a pinned CA, with a retired CA or with a CA the stack's
 * region does not offer; DB clusters on a default parameter group, or whose parameter group (resolved within the
 * stack) does not enforce TLS or allows deprecated versions (`TlsEnforcement.audit`). A `TlsAuroraCluster` passes.
 *
 * @example
 * import { App, Aspects } from 'aws-cdk-lib';
 * import { AuroraTlsChecks } from 'aurora-tls';
 *
 * declare const app: App;
 * Aspects.of(app).add(new AuroraTlsChecks());
 */
export class AuroraTlsChecks implements IAspect {
  /** The default level of a finding. */
  public static defaultLevel(finding: AuroraTlsFinding): AuroraTlsCheckLevel {
    const level = DEFAULT_LEVELS[finding];
    if (level === undefined) {
      throw new UnscopedValidationError(ERROR_CODE, `Unknown finding ${describeValue(finding)}; use an AuroraTlsFinding value`);
    }
    return level;
  }

  private readonly level?: AuroraTlsCheckLevel;
  private readonly levels: { [findingId: string]: AuroraTlsCheckLevel };
  private readonly visited = new WeakSet<IConstruct>();

  constructor(props: AuroraTlsChecksProps = {}) {
    props = props ?? {};
    const levelValues = Object.values(AuroraTlsCheckLevel) as string[];
    const problems: string[] = [];
    if (typeof props !== 'object') {
      problems.push(`props must be AuroraTlsChecksProps such as { level: AuroraTlsCheckLevel.WARNING }, got ${describeValue(props)}`);
      props = {};
    }
    if (props.level !== undefined && !levelValues.includes(props.level)) {
      problems.push(`level must be an AuroraTlsCheckLevel (ERROR, WARNING or OFF), got ${describeValue(props.level)}`);
    }
    const levels: unknown = props.levels;
    if (levels !== undefined && (levels === null || typeof levels !== 'object' || Array.isArray(levels))) {
      problems.push(
        `levels must be an object of finding ids to levels such as { [AuroraTlsFinding.UNPINNED_CA]: AuroraTlsCheckLevel.ERROR }, got ${describeValue(levels)}`,
      );
      props = { ...props, levels: undefined };
    }
    const unknown: string[] = [];
    const badLevels: string[] = [];
    for (const [id, level] of Object.entries(props.levels ?? {})) {
      if (!Object.prototype.hasOwnProperty.call(DEFAULT_LEVELS, id)) {
        unknown.push(describeValue(id));
      } else if (!levelValues.includes(level)) {
        badLevels.push(`levels['${id}'] must be an AuroraTlsCheckLevel (ERROR, WARNING or OFF), got ${describeValue(level)}`);
      }
    }
    if (unknown.length > 0) {
      // One problem, however many unknown ids (a map of thousands must not make a message of megabytes).
      const named = unknown.length === 1 ? `an unknown finding ${unknown[0]}`
        : `${unknown.length} unknown findings: ${unknown.slice(0, 3).join(', ')}${unknown.length > 3 ? ` and ${unknown.length - 3} more` : ''}`;
      problems.push(`levels names ${named}; use one of ${Object.keys(DEFAULT_LEVELS).join(', ')}`);
    }
    problems.push(...badLevels);
    if (problems.length > 0) {
      throw new UnscopedValidationError(
        ERROR_CODE,
        `AuroraTlsChecks initialization failed due to the following validation error(s):\n${problems.map((p) => `- ${p}`).join('\n')}`,
      );
    }
    this.level = props.level;
    this.levels = { ...(props.levels ?? {}) };
  }

  public visit(node: IConstruct): void {
    if (this.visited.has(node)) return;
    this.visited.add(node);
    // rds.DatabaseCluster (and any other L2) is audited through its CfnDBCluster and CfnDBInstance children.
    if (node instanceof rds.CfnDBInstance) this.checkInstance(node);
    else if (node instanceof rds.CfnDBCluster) this.checkCluster(node);
  }

  private checkInstance(instance: rds.CfnDBInstance): void {
    if (EngineFactsReader.coreEngineOf(instance.engine) === undefined) return; // not an Aurora instance
    const stack = Stack.of(instance);
    const identifier: unknown = stack.resolve(instance.caCertificateIdentifier);
    if (identifier === undefined) {
      this.report(instance, AuroraTlsFinding.UNPINNED_CA,
        'DB instance has no CACertificateIdentifier, so RDS gives it the account default CA (aws rds modify-certificates), ' +
          'which can differ between accounts and change over time; pin it, e.g. caCertificate: rds.CaCertificate.RDS_CA_RSA2048_G1, ' +
          'or use TlsAuroraCluster');
      return;
    }
    if (typeof identifier !== 'string') return; // deploy-time value (e.g. TlsAuroraCluster's region mapping)
    let ca: CertificateAuthority;
    try {
      ca = CertificateAuthority.of(identifier);
    } catch (e) {
      this.report(instance, AuroraTlsFinding.RETIRED_CA, (e as Error).message);
      return;
    }
    const region = stack.region;
    if (Token.isUnresolved(region)) return; // checked per region by RDS at deploy time
    if (!RegionCatalog.isKnownRegion(region)) {
      this.report(instance, AuroraTlsFinding.UNKNOWN_REGION, `Cannot check that ${ca.identifier} is offered: ${regionError(region)}`);
      return;
    }
    const problem = CaSelection.exactly(ca).problemIn(region);
    if (problem !== undefined) this.report(instance, AuroraTlsFinding.CA_UNAVAILABLE, problem);
  }

  private checkCluster(cluster: rds.CfnDBCluster): void {
    const engine = EngineFactsReader.coreEngineOf(cluster.engine);
    if (engine === undefined) return; // not an Aurora cluster (or a deploy-time engine)
    const stack = Stack.of(cluster);
    const name: unknown = stack.resolve(cluster.dbClusterParameterGroupName);
    if (name === undefined || (typeof name === 'string' && name.startsWith('default.'))) {
      const which = name === undefined ? 'has no DBClusterParameterGroupName, so it uses' : `uses '${name}',`;
      const gaps = TlsEnforcement.audit(engine, {}).map((f) => f.message).join('; ');
      this.report(cluster, AuroraTlsFinding.DEFAULT_PARAMETER_GROUP,
        `DB cluster ${which} the engine's default cluster parameter group, which cannot be changed: ${gaps}. ` +
          'Give the cluster its own parameter group that enforces TLS (TlsAuroraCluster does)');
      return;
    }
    const group = groupInStack(stack, name);
    if (group === undefined) {
      const shown = typeof name === 'string' ? `'${name}'` : 'given by a deploy-time value';
      this.report(cluster, AuroraTlsFinding.UNVERIFIABLE_PARAMETER_GROUP,
        `DB cluster parameter group ${shown} is not defined in this stack, so aurora-tls cannot audit its TLS settings; ` +
          'define the group in the same stack as the cluster (or use TlsAuroraCluster), or check it with the deploy-time check');
      return;
    }
    const groupEngine = typeof group.family === 'string' && !Token.isUnresolved(group.family)
      ? TlsEnforcement.engineOfFamily(group.family) ?? engine
      : engine;
    const { findings, unverifiable } = audit(groupEngine, stack.resolve(group.parameters));
    for (const finding of findings) {
      this.report(cluster, AuroraTlsFinding.WEAK_TLS, `Cluster parameter group '${group.node.path}': ${finding.message}`);
    }
    for (const parameter of unverifiable) {
      this.report(cluster, AuroraTlsFinding.UNVERIFIABLE_PARAMETER_GROUP,
        `Parameter '${parameter}' of cluster parameter group '${group.node.path}' is a deploy-time value, ` +
          'so aurora-tls cannot audit it; give it a literal value, or check it with the deploy-time check');
    }
  }

  private report(node: IConstruct, finding: AuroraTlsFinding, message: string): void {
    const level = this.levels[finding] ?? this.level ?? DEFAULT_LEVELS[finding];
    if (level === AuroraTlsCheckLevel.ERROR) {
      Annotations.of(node).addError(`${message} [${finding}]`);
    } else if (level === AuroraTlsCheckLevel.WARNING) {
      Annotations.of(node).addWarningV2(finding, message);
    }
  }
}

/** The CfnDBClusterParameterGroup that `{ Ref: logicalId }` names in the stack, if any. */
function groupInStack(stack: Stack, name: unknown): rds.CfnDBClusterParameterGroup | undefined {
  if (name === null || typeof name !== 'object') return undefined;
  const ref = (name as { Ref?: unknown }).Ref;
  if (typeof ref !== 'string') return undefined;
  return stack.node.findAll()
    .filter((c): c is rds.CfnDBClusterParameterGroup => c instanceof rds.CfnDBClusterParameterGroup)
    .find((g) => Stack.of(g) === stack && stack.resolve(g.logicalId) === ref);
}

/**
 * Audit resolved parameters: literal values through core; a deploy-time value of a parameter core checks makes it
 * unverifiable (and drops the finding core would report for it as missing).
 */
function audit(engine: AuroraEngine, resolved: unknown): { findings: TlsParameterFinding[]; unverifiable: string[] } {
  const all = resolved !== null && typeof resolved === 'object' && !Array.isArray(resolved) ? (resolved as { [name: string]: unknown }) : {};
  const literal: { [name: string]: string } = {};
  const unverifiable: string[] = [];
  for (const [name, value] of Object.entries(all)) {
    if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') {
      literal[name] = String(value);
    } else if (TlsEnforcement.audit(engine, { [name]: DEPLOY_TIME_STAND_IN }).some((f) => f.parameter === name)) {
      unverifiable.push(name);
    }
  }
  const skipped = new Set(unverifiable.map((n) => n.toLowerCase()));
  const findings = TlsEnforcement.audit(engine, literal).filter((f) => !skipped.has(f.parameter.toLowerCase()));
  return { findings, unverifiable };
}

function regionError(region: string): string {
  try {
    RegionCatalog.validateRegion(region);
    return `region ${region} is unknown`;
  } catch (e) {
    return (e as Error).message;
  }
}
