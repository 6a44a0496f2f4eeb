import { existsSync, readFileSync } from 'fs';
import { dirname, join } from 'path';
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
 * import { App, Validations } from 'aws-cdk-lib';
 * import { AuroraTlsValidationPlugin } from 'aurora-tls';
 *
 * const app = new App();
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
    for (const stack of stacksOf(context)) {
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

/** A stack template to audit, and its region when the stack has one. */
interface AuditedStack {
  readonly templatePath: string;
  readonly region?: string;
}

/**
 * The stack templates of the validation context. aws-cdk-lib gives each stack's region in `stackTemplates` from
 * 2.257.0 on; older versions of the supported range give only `templatePaths`, whose regions are read from the
 * cloud assembly's manifest beside them.
 */
function stacksOf(context: IPolicyValidationContext): AuditedStack[] {
  const withRegions = (context as { stackTemplates?: AuditedStack[] }).stackTemplates;
  if (withRegions !== undefined) return withRegions;
  const regions = new Map<string, string>();
  for (const dir of new Set(context.templatePaths.map((p) => dirname(p)))) {
    const manifest = join(dir, 'manifest.json');
    if (!existsSync(manifest)) continue;
    const artifacts: Record<string, { type?: string; environment?: string; properties?: { templateFile?: string } }> =
      JSON.parse(readFileSync(manifest, 'utf8')).artifacts ?? {};
    for (const artifact of Object.values(artifacts)) {
      const region = /^aws:\/\/[^/]*\/(.+)$/.exec(artifact.environment ?? '')?.[1];
      const file = artifact.properties?.templateFile;
      if (artifact.type === 'aws:cloudformation:stack' && file && region && region !== 'unknown-region') regions.set(join(dir, file), region);
    }
  }
  return context.templatePaths.map((templatePath) => ({ templatePath, region: regions.get(templatePath) }));
}
