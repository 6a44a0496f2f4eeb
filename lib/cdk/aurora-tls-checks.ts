import { Annotations, IAspect, Stack, Token } from 'aws-cdk-lib';
import * as rds from 'aws-cdk-lib/aws-rds';
import { IConstruct } from 'constructs';
import { AuroraTlsCheckLevel, AuroraTlsFinding } from '../core/audit-findings';
import { checkedLevels } from './private/audit-levels';
import { CDK_DIALECT } from './private/cdk-dialect';
import { AuditFinding, AuditLevels, AuditValue, AuroraAudit, Unresolved } from '../core/private/aurora-audit';
import { describeValue } from '../core/private/util';
import { AuroraTlsValidationError } from '../core/private/validation-error';

// The finding ids and levels live in core (the CLI and the validation plugin report the same ids); exported here too,
// where they were first declared.
export { AuroraTlsCheckLevel, AuroraTlsFinding };

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

const ERROR_CODE = 'AuroraTlsChecksInvalidProps';

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
    const level = AuditLevels.defaultLevel(finding);
    if (level === undefined) {
      throw new AuroraTlsValidationError(ERROR_CODE, `Unknown finding ${describeValue(finding)}; use an AuroraTlsFinding value`);
    }
    return level;
  }

  private readonly levels: AuditLevels;
  private readonly visited = new WeakSet<IConstruct>();

  constructor(props: AuroraTlsChecksProps = {}) {
    this.levels = checkedLevels(props, 'AuroraTlsChecks');
  }

  public visit(node: IConstruct): void {
    if (this.visited.has(node)) return;
    this.visited.add(node);
    // rds.DatabaseCluster (and any other L2) is audited through its CfnDBCluster and CfnDBInstance children.
    if (node instanceof rds.CfnDBInstance) this.checkInstance(node);
    else if (node instanceof rds.CfnDBCluster) this.checkCluster(node);
  }

  private checkInstance(instance: rds.CfnDBInstance): void {
    const stack = Stack.of(instance);
    const identifier: unknown = stack.resolve(instance.caCertificateIdentifier);
    const region = stack.region;
    this.report(instance, AuroraAudit.instance({
      resource: instance.node.path,
      engine: literalOr(stack.resolve(instance.engine), DEPLOY_TIME),
      // A deploy-time CA (e.g. TlsAuroraCluster's region mapping) is checked by RDS and the deploy-time check.
      caIdentifier: identifier === undefined ? undefined : literalOr(identifier, DEPLOY_TIME),
      // An environment-agnostic stack: checked per region by RDS at deploy time.
      region: Token.isUnresolved(region) ? undefined : region,
    }, CDK_DIALECT));
  }

  private checkCluster(cluster: rds.CfnDBCluster): void {
    const stack = Stack.of(cluster);
    const name: unknown = stack.resolve(cluster.dbClusterParameterGroupName);
    const group = groupInStack(stack, name);
    this.report(cluster, AuroraAudit.cluster({
      resource: cluster.node.path,
      engine: literalOr(stack.resolve(cluster.engine), DEPLOY_TIME),
      parameterGroupName: name === undefined ? undefined : literalOr(name, UNKNOWN_AT_SYNTH),
      parameterGroup: group && {
        name: group.node.path,
        family: typeof group.family === 'string' && !Token.isUnresolved(group.family) ? group.family : UNKNOWN_AT_SYNTH,
        parameters: parametersOf(stack.resolve(group.parameters)),
      },
    }, CDK_DIALECT));
  }

  private report(node: IConstruct, findings: AuditFinding[]): void {
    for (const { finding, message } of findings) {
      const level = this.levels.of(finding);
      if (level === AuroraTlsCheckLevel.ERROR) {
        Annotations.of(node).addError(`${message} [${finding}]`);
      } else if (level === AuroraTlsCheckLevel.WARNING) {
        Annotations.of(node).addWarningV2(finding, message);
      }
    }
  }
}

/** Left to deploy time: RDS refuses a retired or unavailable CA, and the deploy-time check runs before the database. */
const DEPLOY_TIME: Unresolved = { unresolved: 'a deploy-time value', deployTime: true };
/** Reported as unverifiable. */
const UNKNOWN_AT_SYNTH: Unresolved = { unresolved: 'a deploy-time value' };

/** A resolved literal as text, or the given stand-in for anything else (a CloudFormation intrinsic). */
function literalOr(value: unknown, otherwise: Unresolved): AuditValue {
  if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') return String(value);
  return otherwise;
}

function parametersOf(resolved: unknown): { [name: string]: AuditValue } {
  const all = resolved !== null && typeof resolved === 'object' && !Array.isArray(resolved) ? (resolved as { [name: string]: unknown }) : {};
  const parameters: { [name: string]: AuditValue } = {};
  for (const [name, value] of Object.entries(all)) parameters[name] = literalOr(value, UNKNOWN_AT_SYNTH);
  return parameters;
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
