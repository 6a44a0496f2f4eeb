// The one set of audit rules for Aurora TLS, over a neutral model of clusters, instances and parameter groups. Used by
// the AWS CDK aspect (AuroraTlsChecks), the AWS CDK policy validation plugin (AuroraTlsValidationPlugin) and the CLI
// (`aurora-tls audit` on CloudFormation templates and Terraform plans). Each caller only builds the model from what it
// reads and says how its findings are worded (a Dialect: property names, where a group must be defined, the fix).
// Not exported from the package: the model uses TypeScript unions, which jsii cannot express.
import { AuroraEngineFacts } from './engine-facts';
import { AuroraTlsCheckLevel, AuroraTlsFinding } from '../audit-findings';
import { CaSelection } from '../ca-selection';
import { CertificateAuthority } from '../certificate-authority';
import { RegionCatalog } from '../region-catalog';
import { AuroraEngine, TlsEnforcement, TlsParameterFinding } from '../tls-enforcement';
import { DEPLOY_TIME_STAND_IN } from './cluster-rules';
import { describeValue } from './util';

/**
 * A value that the audited code does not state literally.
 * - `reason` says what it is, to be read after "is" or "given by": `a deploy-time value`,
 *   `the template parameter 'CaParam' (chosen at deploy time)`, `known only after apply`.
 * - `deployTime`: the value is checked when it is deployed (by RDS or aurora-tls's deploy-time check), so the rules
 *   stay silent about it instead of reporting that they cannot tell.
 */
export interface Unresolved {
  readonly unresolved: string;
  readonly deployTime?: boolean;
}

/** A literal value, a value the code does not state (`Unresolved`), or `undefined` when the property is absent. */
export type AuditValue = string | Unresolved | undefined;

export function isUnresolved(value: unknown): value is Unresolved {
  return value !== null && typeof value === 'object' && typeof (value as Unresolved).unresolved === 'string';
}

/** A DB instance (AWS::RDS::DBInstance, aws_rds_cluster_instance, rds.CfnDBInstance). */
export interface AuditInstance {
  /** Where it is: a logical id, a Terraform address, a construct path. */
  readonly resource: string;
  /** The engine (`aurora-postgresql`, `aurora-mysql`, `aurora`, or another RDS engine, which is not audited). */
  readonly engine: AuditValue;
  /** `CACertificateIdentifier` / `ca_cert_identifier`; undefined when not set (the account default CA applies). */
  readonly caIdentifier: AuditValue;
  /** The region it is deployed to; undefined when the caller leaves regional availability to deploy time. */
  readonly region: AuditValue;
}

/** A cluster parameter group defined next to the cluster (same stack, template or plan). */
export interface AuditParameterGroup {
  /** How findings name it: a construct path, a logical id, a Terraform address. */
  readonly name: string;
  /** The parameter group family, e.g. `aurora-postgresql16`. */
  readonly family: AuditValue;
  /** The parameters, name to value; an `Unresolved` when the whole map is not known. */
  readonly parameters: { [name: string]: AuditValue } | Unresolved;
}

/** A DB cluster (AWS::RDS::DBCluster, aws_rds_cluster, rds.CfnDBCluster). */
export interface AuditCluster {
  readonly resource: string;
  readonly engine: AuditValue;
  /** The name of its cluster parameter group as written; undefined when none is set (the engine default applies). */
  readonly parameterGroupName: AuditValue;
  /** The group the name refers to, when it is defined next to the cluster. */
  readonly parameterGroup?: AuditParameterGroup;
}

/** What one piece of code (a template, a plan) holds. */
export interface AuditModel {
  readonly clusters: AuditCluster[];
  readonly instances: AuditInstance[];
  /** The type of every resource, by the name findings use (e.g. `AWS::RDS::DBInstance`, `aws_rds_cluster`). */
  readonly types: { [resource: string]: string };
}

/** How one kind of code is talked about in findings. Every text is a fragment of a sentence. */
export interface Dialect {
  /** Where things are defined: `stack`, `template`, `plan`. */
  readonly scope: string;
  /** The property holding an instance's CA, e.g. `CACertificateIdentifier`. */
  readonly caProperty: string;
  /** The property naming a cluster's parameter group, e.g. `DBClusterParameterGroupName`. */
  readonly groupProperty: string;
  /** How to pin the CA, after "pin it, e.g. ". */
  readonly pinExample: string;
  /** After "Give the cluster its own parameter group that enforces TLS". */
  readonly ownGroupHint: string;
  /** What to do about a group defined elsewhere, after "so aurora-tls cannot audit its TLS settings; ". */
  readonly externalGroupFix: string;
  /** What to do about an unresolved TLS parameter, after "so aurora-tls cannot audit it; ". */
  readonly unresolvedParameterFix: string;
  /** What to do about an unresolved CA. */
  readonly unresolvedCaFix: string;
  /** What to do when the region is not known at all. */
  readonly missingRegionFix: string;
  /** The fix for a CA not offered in the region; undefined: the catalog's own (which names CaSelection). */
  unavailableFix?(ca: CertificateAuthority, region: string): string;
}

/** One finding: where, which rule, and the message (the reason, then the fix). */
export interface AuditFinding {
  readonly resource: string;
  readonly finding: AuroraTlsFinding;
  /** The whole message: `${reason}${separator}${fix}`, as annotations and reports show it. */
  readonly message: string;
  readonly reason: string;
  readonly fix: string;
  /** The property concerned, e.g. `CACertificateIdentifier` (for report locations). */
  readonly property?: string;
}

const DEFAULT_LEVELS: { [id: string]: AuroraTlsCheckLevel } = {
  [AuroraTlsFinding.UNPINNED_CA]: AuroraTlsCheckLevel.WARNING,
  [AuroraTlsFinding.RETIRED_CA]: AuroraTlsCheckLevel.ERROR,
  [AuroraTlsFinding.CA_UNAVAILABLE]: AuroraTlsCheckLevel.ERROR,
  [AuroraTlsFinding.UNKNOWN_REGION]: AuroraTlsCheckLevel.WARNING,
  [AuroraTlsFinding.DEFAULT_PARAMETER_GROUP]: AuroraTlsCheckLevel.ERROR,
  [AuroraTlsFinding.WEAK_TLS]: AuroraTlsCheckLevel.ERROR,
  [AuroraTlsFinding.UNVERIFIABLE_PARAMETER_GROUP]: AuroraTlsCheckLevel.WARNING,
  [AuroraTlsFinding.UNVERIFIABLE_CA]: AuroraTlsCheckLevel.WARNING,
};

/** One line per finding id: what it checks (for rule lists: SARIF rules, the validation plugin's ruleIds). */
export const FINDING_SUMMARIES: { [id: string]: string } = {
  [AuroraTlsFinding.UNPINNED_CA]: 'DB instance without a pinned CA (gets the account default CA)',
  [AuroraTlsFinding.RETIRED_CA]: 'DB instance on a retired or unknown CA',
  [AuroraTlsFinding.CA_UNAVAILABLE]: 'DB instance on a CA that the region does not offer',
  [AuroraTlsFinding.UNKNOWN_REGION]: 'Region unknown, so CA availability cannot be checked',
  [AuroraTlsFinding.DEFAULT_PARAMETER_GROUP]: 'DB cluster on a default cluster parameter group, which cannot enforce TLS',
  [AuroraTlsFinding.WEAK_TLS]: 'Cluster parameter group does not enforce TLS, or allows deprecated TLS versions',
  [AuroraTlsFinding.UNVERIFIABLE_PARAMETER_GROUP]: 'Cluster parameter group (or a TLS parameter) cannot be audited',
  [AuroraTlsFinding.UNVERIFIABLE_CA]: "DB instance's CA cannot be audited (not a literal)",
};

/** The levels of findings, from options `{ level?, levels? }` as the aspect, the plugin and the CLI take them. */
export class AuditLevels {
  /** The default level of a finding, or undefined for an unknown id. */
  public static defaultLevel(id: string): AuroraTlsCheckLevel | undefined {
    return Object.prototype.hasOwnProperty.call(DEFAULT_LEVELS, id) ? DEFAULT_LEVELS[id] : undefined;
  }

  /** Every finding id, in declaration order. */
  public static ids(): string[] {
    return Object.keys(DEFAULT_LEVELS);
  }

  /** Every problem of the options, one message each (empty when they are valid). */
  public static problems(props: unknown): string[] {
    const levelValues = Object.values(AuroraTlsCheckLevel) as string[];
    const problems: string[] = [];
    if (props === null || typeof props !== 'object') {
      return [`props must be AuroraTlsChecksProps such as { level: AuroraTlsCheckLevel.WARNING }, got ${describeValue(props)}`];
    }
    const { level, levels } = props as { level?: unknown; levels?: unknown };
    if (level !== undefined && !levelValues.includes(level as string)) {
      problems.push(`level must be an AuroraTlsCheckLevel (ERROR, WARNING or OFF), got ${describeValue(level)}`);
    }
    if (levels !== undefined && (levels === null || typeof levels !== 'object' || Array.isArray(levels))) {
      problems.push(
        `levels must be an object of finding ids to levels such as { [AuroraTlsFinding.UNPINNED_CA]: AuroraTlsCheckLevel.ERROR }, got ${describeValue(levels)}`,
      );
      return problems;
    }
    const unknown: string[] = [];
    const badLevels: string[] = [];
    for (const [id, value] of Object.entries((levels ?? {}) as object)) {
      if (AuditLevels.defaultLevel(id) === undefined) {
        unknown.push(describeValue(id));
      } else if (!levelValues.includes(value)) {
        badLevels.push(`levels['${id}'] must be an AuroraTlsCheckLevel (ERROR, WARNING or OFF), got ${describeValue(value)}`);
      }
    }
    if (unknown.length > 0) {
      // One problem, however many unknown ids (a map of thousands must not make a message of megabytes).
      const named = unknown.length === 1 ? `an unknown finding ${unknown[0]}`
        : `${unknown.length} unknown findings: ${unknown.slice(0, 3).join(', ')}${unknown.length > 3 ? ` and ${unknown.length - 3} more` : ''}`;
      problems.push(`levels names ${named}; use one of ${AuditLevels.ids().join(', ')}`);
    }
    problems.push(...badLevels);
    return problems;
  }

  private readonly levels: { [id: string]: AuroraTlsCheckLevel };

  /** Options already checked with `problems()`. */
  constructor(private readonly props: { level?: AuroraTlsCheckLevel; levels?: { [id: string]: AuroraTlsCheckLevel } } = {}) {
    this.levels = { ...(props.levels ?? {}) };
  }

  /** The level of a finding under these options. */
  public of(id: string): AuroraTlsCheckLevel {
    return this.levels[id] ?? this.props.level ?? DEFAULT_LEVELS[id];
  }
}

/** Engine types of RDS (CloudFormation `Engine`, Terraform `engine`) to the core engine. `aurora` is Aurora MySQL version 1. */
/** The core engine of an RDS engine type (`aurora-postgresql`, `aurora-mysql`, `aurora`), or undefined (engine-facts.ts). */
export function auroraEngineOf(engineType: unknown): AuroraEngine | undefined {
  return AuroraEngineFacts.coreEngineOf(engineType);
}

/** Split a core message `reason; fix` at its first `; ` (core messages name the fix after it). */
function splitMessage(message: string): { reason: string; fix: string } {
  const at = message.indexOf('; ');
  return at === -1 ? { reason: message, fix: '' } : { reason: message.slice(0, at), fix: message.slice(at + 2) };
}

function finding(resource: string, id: AuroraTlsFinding, reason: string, fix: string, separator = '; ', property?: string): AuditFinding {
  return { resource, finding: id, reason, fix, message: fix ? `${reason}${separator}${fix}` : reason, property };
}

function fromCoreMessage(resource: string, id: AuroraTlsFinding, message: string, property?: string): AuditFinding {
  const { reason, fix } = splitMessage(message);
  return { resource, finding: id, reason, fix, message, property };
}

/** The audit rules. */
export class AuroraAudit {
  /** The findings of one DB instance (none for an instance of another engine). */
  public static instance(instance: AuditInstance, dialect: Dialect): AuditFinding[] {
    if (auroraEngineOf(instance.engine) === undefined) return []; // not an Aurora instance (or the engine is not known)
    const where = instance.resource;
    const property = dialect.caProperty;
    const identifier = instance.caIdentifier;
    if (identifier === undefined) {
      return [finding(where, AuroraTlsFinding.UNPINNED_CA,
        `DB instance has no ${property}, so RDS gives it the account default CA (aws rds modify-certificates), ` +
          'which can differ between accounts and change over time',
        `pin it, e.g. ${dialect.pinExample}`, '; ', property)];
    }
    if (isUnresolved(identifier)) {
      if (identifier.deployTime) return [];
      return [finding(where, AuroraTlsFinding.UNVERIFIABLE_CA,
        `${property} is ${identifier.unresolved}, so aurora-tls cannot tell whether the CA is current and offered in the region`,
        dialect.unresolvedCaFix, '; ', property)];
    }
    let ca: CertificateAuthority;
    try {
      ca = CertificateAuthority.of(identifier);
    } catch (e) {
      return [fromCoreMessage(where, AuroraTlsFinding.RETIRED_CA, (e as Error).message, property)];
    }
    const region = instance.region;
    if (region === undefined) return []; // regional availability left to deploy time
    if (isUnresolved(region)) {
      if (region.deployTime || RegionCatalog.regionsWithout(ca).length === 0) return [];
      return [finding(where, AuroraTlsFinding.UNKNOWN_REGION,
        `Cannot tell whether ${ca.identifier} is offered: the region is ${region.unresolved}, and ${ca.identifier} is not offered in ` +
          `${RegionCatalog.regionsWithout(ca).join(', ')}`,
        dialect.missingRegionFix, '; ', property)];
    }
    if (!RegionCatalog.isKnownRegion(region)) {
      const message = `Cannot check that ${ca.identifier} is offered: ${regionError(region)}`;
      return [fromCoreMessage(where, AuroraTlsFinding.UNKNOWN_REGION, message, property)];
    }
    const problem = CaSelection.exactly(ca).problemIn(region);
    if (problem === undefined) return [];
    if (dialect.unavailableFix) {
      return [finding(where, AuroraTlsFinding.CA_UNAVAILABLE, `${ca.identifier} is not offered in ${region} (AWS Aurora user guide)`,
        dialect.unavailableFix(ca, region), '; ', property)];
    }
    return [fromCoreMessage(where, AuroraTlsFinding.CA_UNAVAILABLE, problem, property)];
  }

  /** The findings of one DB cluster (none for a cluster of another engine). */
  public static cluster(cluster: AuditCluster, dialect: Dialect): AuditFinding[] {
    const engine = auroraEngineOf(cluster.engine);
    if (engine === undefined) return []; // not an Aurora cluster (or the engine is not known)
    const where = cluster.resource;
    const property = dialect.groupProperty;
    const name = cluster.parameterGroupName;
    if (name === undefined || (typeof name === 'string' && name.startsWith('default.'))) {
      const which = name === undefined ? `has no ${property}, so it uses` : `uses '${name}',`;
      const gaps = TlsEnforcement.audit(engine, {}).map((f) => f.message).join('; ');
      return [finding(where, AuroraTlsFinding.DEFAULT_PARAMETER_GROUP,
        `DB cluster ${which} the engine's default cluster parameter group, which cannot be changed: ${gaps}`,
        `Give the cluster its own parameter group that enforces TLS${dialect.ownGroupHint}`, '. ', property)];
    }
    const group = cluster.parameterGroup;
    if (group === undefined) {
      const shown = typeof name === 'string' ? `'${name}'` : `given by ${name.unresolved}`;
      return [finding(where, AuroraTlsFinding.UNVERIFIABLE_PARAMETER_GROUP,
        `DB cluster parameter group ${shown} is not defined in this ${dialect.scope}, so aurora-tls cannot audit its TLS settings`,
        dialect.externalGroupFix, '; ', property)];
    }
    const family = group.family;
    const groupEngine = typeof family === 'string' ? TlsEnforcement.engineOfFamily(family) ?? engine : engine;
    if (isUnresolved(group.parameters)) {
      return [finding(where, AuroraTlsFinding.UNVERIFIABLE_PARAMETER_GROUP,
        `The parameters of cluster parameter group '${group.name}' are ${group.parameters.unresolved}, so aurora-tls cannot audit them`,
        dialect.unresolvedParameterFix, '; ', 'Parameters')];
    }
    const { findings, unverifiable } = auditParameters(groupEngine, group.parameters);
    return [
      ...findings.map((f) => fromCoreMessage(where, AuroraTlsFinding.WEAK_TLS, `Cluster parameter group '${group.name}': ${f.message}`, f.parameter)),
      ...unverifiable.map(([parameter, value]) => finding(where, AuroraTlsFinding.UNVERIFIABLE_PARAMETER_GROUP,
        `Parameter '${parameter}' of cluster parameter group '${group.name}' is ${value.unresolved}, so aurora-tls cannot audit it`,
        dialect.unresolvedParameterFix, '; ', parameter)),
    ];
  }

  /** The findings of a whole model: clusters, then instances, each in the order given. */
  public static model(model: AuditModel, dialect: Dialect): AuditFinding[] {
    return [
      ...model.clusters.flatMap((c) => AuroraAudit.cluster(c, dialect)),
      ...model.instances.flatMap((i) => AuroraAudit.instance(i, dialect)),
    ];
  }

  private constructor() {}
}

/**
 * Audit parameters: literal values through core; an unresolved value of a parameter core checks makes it
 * unverifiable (and drops the finding core would report for it as missing); unresolved values of other parameters
 * do not matter.
 */
function auditParameters(engine: AuroraEngine, parameters: { [name: string]: AuditValue }):
{ findings: TlsParameterFinding[]; unverifiable: Array<[string, Unresolved]> } {
  const literal: { [name: string]: string } = Object.create(null);
  const unverifiable: Array<[string, Unresolved]> = [];
  for (const [name, value] of Object.entries(parameters)) {
    if (typeof value === 'string') {
      literal[name] = value;
    } else if (isUnresolved(value) && TlsEnforcement.audit(engine, { [name]: DEPLOY_TIME_STAND_IN }).some((f) => f.parameter === name)) {
      unverifiable.push([name, value]);
    }
  }
  const skipped = new Set(unverifiable.map(([n]) => n.toLowerCase()));
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
