import { readFileSync } from 'fs';
import { IPolicyValidationContext, IPolicyValidationPlugin, PolicyValidationPluginReport, PolicyViolation } from 'aws-cdk-lib';
import { AuroraTlsChecksProps } from './aurora-tls-checks';
import { checkedLevels } from './private/audit-levels';
import { CDK_DIALECT } from './private/cdk-dialect';
import { AuroraTlsCheckLevel } from '../core/audit-findings';
import { AuditLevels, AuroraAudit, FINDING_SUMMARIES } from '../core/private/aurora-audit';
import { readCloudFormation } from '../core/private/cfn-audit-reader';

/**
 * A policy validation plugin that audits the synthesized CloudFormation templates of an app for Aurora TLS, with the
 * rules and finding ids of `AuroraTlsChecks` (`aurora-tls:unpinned-ca`, `aurora-tls:retired-ca`, ...).
 *
 * Register it beside other plugins, such as cdk-nag 3's rule packs, so that its findings appear in the same
 * validation report: `Validations.of(app).addPlugins(new AwsSolutionsChecks(), new AuroraTlsValidationPlugin())`.
 * It needs no cdk-nag: it implements aws-cdk-lib's `IPolicyValidationPlugin`. Error-level findings fail synthesis;
 * warnings are listed in the report.
 *
 * The region of each stack comes from its environment; in an environment-agnostic stack, CA availability is left to
 * deploy time (as the aspect does).
 *
 * @example
 * Validations.of(app).addPlugins(new AuroraTlsValidationPlugin());
 */
export class AuroraTlsValidationPlugin implements IPolicyValidationPlugin {
  /** The plugin name in the validation report. */
  public readonly name: string = 'aurora-tls';
  /** The finding ids this plugin reports. */
  public readonly ruleIds?: string[];

  private readonly levels: AuditLevels;

  /**
   * @param props the levels of the findings, as for `AuroraTlsChecks`
   */
  constructor(props: AuroraTlsChecksProps = {}) {
    this.levels = checkedLevels(props, 'AuroraTlsValidationPlugin');
    this.ruleIds = AuditLevels.ids().filter((id) => this.levels.of(id) !== AuroraTlsCheckLevel.OFF);
  }

  /** Audits every stack template of the app. */
  public validate(context: IPolicyValidationContext): PolicyValidationPluginReport {
    const violations: PolicyViolation[] = [];
    const byKey = new Map<string, PolicyViolation>();
    for (const stack of context.stackTemplates) {
      const template = JSON.parse(readFileSync(stack.templatePath, 'utf8'));
      // An environment-agnostic stack: RDS and the deploy-time check see the region; the aspect stays silent too.
      const model = readCloudFormation(template, stack.region ?? { unresolved: 'chosen at deploy time', deployTime: true });
      for (const f of AuroraAudit.model(model, CDK_DIALECT)) {
        const level = this.levels.of(f.finding);
        if (level === AuroraTlsCheckLevel.OFF) continue;
        const resource = {
          resourceLogicalId: f.resource,
          templatePath: stack.templatePath,
          locations: [f.property ? `Properties/${f.property}` : 'Properties'],
        };
        // One violation per rule and message, listing every resource with that message.
        const key = `${f.finding}\n${f.message}`;
        const existing = byKey.get(key);
        if (existing) {
          existing.violatingResources.push(resource);
          continue;
        }
        const violation: PolicyViolation = {
          ruleName: f.finding,
          description: f.fix ? f.reason : f.message,
          fix: f.fix || undefined,
          severity: level,
          ruleMetadata: { summary: FINDING_SUMMARIES[f.finding] },
          violatingResources: [resource],
        };
        byKey.set(key, violation);
        violations.push(violation);
      }
    }
    return { success: violations.every((v) => v.severity !== AuroraTlsCheckLevel.ERROR), violations };
  }
}
