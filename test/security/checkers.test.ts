// Independent policy checkers on every example stack, in one synthesis:
//  - cdk-nag 3 AwsSolutionsChecks, a policy-validation plugin (it honours `Validations.of(x).acknowledge()` itself and
//    leaves acknowledged findings out of its report);
//  - @cdklabs/cdk-validator-cfnguard with the bundled Control Tower proactive rules (cfn-guard runs offline; aws-cdk-lib
//    moves acknowledged findings to `suppressedViolations`);
//  - aws-cdk-lib's CloudFormation Validate with `@aws-cdk/core:validateAgainstDefaultRules` (cdk.json's context).
//
// Zero findings may remain. A finding on a resource aurora-tls adds is acceptable only as one of the acknowledgements
// pinned below, each made by the library on that one resource with its reason; the examples acknowledge their own
// choices (examples/shared/acknowledgements.ts) and never a resource of aurora-tls. A control stack in the same app
// proves that each checker runs and that its findings reach the report.
import { mkdtempSync, readFileSync, rmSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import { CfnGuardValidator } from '@cdklabs/cdk-validator-cfnguard';
import { App, CfnResource, CustomResource, Stack, Validations, aws_ec2 as ec2, aws_iam as iam, aws_s3 as s3 } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import { IConstruct } from 'constructs';
import { buildExamples } from '../../examples/cdk-app';
import { cdkJsonContext } from '../../examples/synth-all';
import { TlsAuroraCluster, TrustBundle } from '../../lib';
import { CaCheckFunction } from '../../lib/cdk/ca-check-function';

const NAG = 'AwsSolutions';
const GUARD = 'cdk-validator-cfnguard';
const CFN_VALIDATE = 'CloudFormation Validate';
const CONTROL = 'AuroraTlsCheckersControl';
const FUNCTION_ID = `${CaCheckFunction.PURPOSE}${CaCheckFunction.UUID.replace(/-/g, '')}`;

interface Finding {
  readonly plugin: string;
  readonly rule: string;
  readonly path: string;
  readonly template?: string;
}

interface Acknowledgement {
  readonly id: string;
  readonly path: string;
  readonly reason: string;
}

interface ViolationJson {
  readonly ruleName: string;
  readonly violatingConstructs: Array<{ constructPath: string; cloudFormationResource?: { templatePath: string } }>;
}

interface PluginReportJson {
  readonly pluginName: string;
  readonly violations: ViolationJson[];
  readonly suppressedViolations?: Array<ViolationJson & { acknowledgedId: string; reason?: string; acknowledgedAt?: string }>;
}

let workdir: string;
let app: App;
let synthError: unknown;
let reports: PluginReportJson[];
/** cdk-nag's findings with acknowledgements ignored: what the rules say before anyone acknowledges anything. */
let nagBefore: Finding[];
/** Every acknowledgement recorded in the app (construct metadata). */
let acknowledgements: Acknowledgement[];
/** Path prefixes of the resources aurora-tls adds. */
let ours: string[];

beforeAll(() => {
  workdir = mkdtempSync(join(tmpdir(), 'aurora-tls-checkers-'));
  // GIVEN every example stack, and a control stack with a finding for each checker, in one app with cdk.json's context
  app = new App({ outdir: workdir, context: cdkJsonContext() });
  buildExamples(app);
  addControlStack(app);
  Validations.of(app).addPlugins(new AwsSolutionsChecks(app), new CfnGuardValidator({}));

  // WHEN it is synthesized (the control stack's findings fail the synthesis; the report is written first)
  try {
    app.synth();
  } catch (e) {
    synthError = e;
  }
  reports = JSON.parse(readFileSync(join(workdir, 'validation-report.json'), 'utf8')).pluginReports;
  nagBefore = nagFindingsIgnoringAcknowledgements(app);
  acknowledgements = acknowledgementsIn(app);
  ours = auroraTlsPaths(app);
}, 120_000);

afterAll(() => rmSync(workdir, { recursive: true, force: true }));

/** Every remaining (not acknowledged) finding of a plugin. */
function findings(plugin: string): Finding[] {
  const report = reports.find((r) => r.pluginName === plugin);
  return (report?.violations ?? []).flatMap((v) => v.violatingConstructs.map((c) => ({
    plugin, rule: v.ruleName, path: c.constructPath, template: c.cloudFormationResource?.templatePath,
  })));
}

/** The findings aws-cdk-lib suppressed for a plugin (cfn-guard), with the acknowledgement that suppressed them. */
function suppressed(plugin: string): Array<Finding & { acknowledgedId: string; reason?: string }> {
  const report = reports.find((r) => r.pluginName === plugin);
  return (report?.suppressedViolations ?? []).flatMap((v) => v.violatingConstructs.map((c) => ({
    plugin,
    rule: v.ruleName,
    path: c.constructPath,
    template: c.cloudFormationResource?.templatePath,
    acknowledgedId: v.acknowledgedId,
    reason: v.reason,
  })));
}

function isOurs(path: string): boolean {
  return ours.some((prefix) => path === prefix || path.startsWith(`${prefix}/`));
}

function relative(path: string): string {
  return path.split('/').slice(1).join('/');
}

describe('the checkers run on every example stack', () => {
  test('the synthesis fails on the control stack, after writing the report', () => {
    expect(synthError).toBeInstanceOf(Error);
    expect((synthError as Error).message).toContain(`${CONTROL}/Bucket`);
    expect((synthError as Error).message).toContain(`A copy of this report can be found in: ${join(workdir, 'validation-report.json')}`);
    expect(reports.map((r) => r.pluginName).sort()).toEqual([NAG, CFN_VALIDATE, GUARD].sort());
  });

  test('(control) each checker reports its finding on the control stack', () => {
    expect(findings(NAG)).toContainEqual({ plugin: NAG, rule: 'AwsSolutions-S1', path: `${CONTROL}/Bucket`, template: undefined });
    expect(findings(GUARD)).toContainEqual(expect.objectContaining({ rule: 's3_bucket_logging_enabled_check', path: `${CONTROL}/Bucket` }));
    expect(findings(CFN_VALIDATE)).toContainEqual(expect.objectContaining({ rule: 'W3010', path: `${CONTROL}/Subnet` }));
  });

  test('cdk-nag checks the resources of every example stack (findings before acknowledgement in each with a database)', () => {
    const stacksWithResources = app.node.children
      .filter((c): c is Stack => c instanceof Stack && c.stackName !== CONTROL && c.node.findAll().some((r) => r instanceof CfnResource))
      .map((s) => s.stackName);
    expect(stacksWithResources).toHaveLength(15);
    const stacksWithFindings = new Set(nagBefore.map((f) => f.path.split('/')[0]));
    // The catalog report's only resource is an SSM String parameter, which no AwsSolutions rule is about.
    expect(stacksWithResources.filter((name) => !stacksWithFindings.has(name))).toEqual(['AuroraTlsCatalogReport']);
  });
});

describe('zero findings remain', () => {
  test('cdk-nag AwsSolutions: none outside the control stack', () => {
    expect(findings(NAG).filter((f) => !f.path.startsWith(`${CONTROL}/`))).toEqual([]);
  });

  test('CloudFormation Validate (validateAgainstDefaultRules): none outside the control stack', () => {
    expect(cdkJsonContext()['@aws-cdk/core:validateAgainstDefaultRules']).toBe(true);
    expect(findings(CFN_VALIDATE).filter((f) => !f.path.startsWith(`${CONTROL}/`))).toEqual([]);
  });

  test('Control Tower rules (cfn-guard): none outside the control stack, but the plugin\'s path-less twins of acknowledged findings', () => {
    const remaining = findings(GUARD).filter((f) => !f.path.startsWith(`${CONTROL}/`));
    // cdk-validator-cfnguard reports a rule that calls a nested rule (CT.RDS.PR.25 checks its list with
    // check_is_list_and_not_empty) once more per template, without a construct path. Such an entry is accepted only
    // for a rule acknowledged on a resource of that many templates.
    const pathless = remaining.filter((f) => f.path === '');
    expect(remaining.filter((f) => f.path !== '')).toEqual([]);
    const rules = [...new Set(pathless.map((f) => f.rule))];
    expect(rules).toEqual(['rds_cluster_logging_enabled_check']);
    for (const rule of rules) {
      const templates = new Set(suppressed(GUARD).filter((s) => s.rule === rule).map((s) => s.template));
      expect(pathless.filter((f) => f.rule === rule).length).toBeLessThanOrEqual(templates.size);
    }
  });
});

describe('the resources aurora-tls adds', () => {
  /** The acknowledgements aurora-tls makes, per stack; every one must suppress a real finding (checked below). */
  const LIBRARY_ACKNOWLEDGEMENTS: Array<[string, string, string]> = [
    ['AwsSolutions-IAM5[Resource::*]', 'AuroraTlsCaCheckRole/DefaultPolicy/Resource', CaCheckFunction.ACKNOWLEDGEMENTS.rdsDescribeOnStar],
    ['cdk-validator-cfnguard::cloudwatch_log_group_encrypted_check', 'AuroraTlsCaCheckLogs/Resource', CaCheckFunction.ACKNOWLEDGEMENTS.logGroupWithoutKmsKey],
    ['cdk-validator-cfnguard::lambda_inside_vpc_check', `${FUNCTION_ID}/Resource`, CaCheckFunction.ACKNOWLEDGEMENTS.functionOutsideVpc],
    ['AwsSolutions-S1', 'AuroraTlsTrustBundleBucket/Resource', expect.stringMatching(/^Server access logs need a second bucket per stack/)],
    ['cdk-validator-cfnguard::s3_bucket_logging_enabled_check', 'AuroraTlsTrustBundleBucket/Resource', expect.stringMatching(/^Server access logs need a second bucket per stack/)],
    ['cdk-validator-cfnguard::s3_bucket_default_encryption_kms_check', 'AuroraTlsTrustBundleBucket/Resource', expect.stringMatching(/^The bucket holds only public CA certificates/)],
  ];
  /** What the bucket of a stack that asks for RemovalPolicy.DESTROY acknowledges on top (examples/multi-stack). */
  const SHORT_LIVED_BUCKET_ACKNOWLEDGEMENTS: Array<[string, string, string]> = [
    ['cdk-validator-cfnguard::s3_bucket_versioning_enabled_check', 'AuroraTlsTrustBundleBucket/Resource', expect.stringMatching(/^removalPolicy: RemovalPolicy.DESTROY asks for a bucket deleted with its stack/)],
    ['cdk-validator-cfnguard::s3_bucket_object_lock_enabled_check', 'AuroraTlsTrustBundleBucket/Resource', expect.stringMatching(/^removalPolicy: RemovalPolicy.DESTROY asks for a bucket deleted with its stack/)],
  ];
  const SHORT_LIVED_STACK = 'AuroraTlsComposedDatabaseEu';
  const acknowledgementsOf = (stack: string) =>
    [...LIBRARY_ACKNOWLEDGEMENTS, ...(stack === SHORT_LIVED_STACK ? SHORT_LIVED_BUCKET_ACKNOWLEDGEMENTS : [])];
  const stacksWithAuroraTls = (): string[] => app.node.children
    .filter((c): c is Stack => c instanceof Stack && c.node.tryFindChild('AuroraTlsCaCheckRole') !== undefined)
    .map((s) => s.stackName);

  test('are the bucket and its policy, the function, its role, log group and policies, the custom resources and the parameter groups', () => {
    expect(stacksWithAuroraTls()).toHaveLength(12);
    const kinds = new Set(ours.map((p) => relative(p).replace(/[0-9A-F]{8}$/, '').replace(/^Fixed\/|^Database\//, '')));
    expect([...kinds].sort()).toEqual([
      FUNCTION_ID,
      'AuroraTlsCaCheckEcc384G1AuroraMysql80mysqlaurora3120',
      'AuroraTlsCaCheckEcc384G1AuroraPostgresql1613',
      'AuroraTlsCaCheckLogs',
      'AuroraTlsCaCheckRole',
      'AuroraTlsCaCheckRsa2048G1AuroraPostgresql1613',
      'AuroraTlsTrustBundleBucket',
      'AuroraTlsTrustBundleEcc384G1',
      'AuroraTlsTrustBundleRsa2048G1',
      'ParameterGroup',
    ]);
  });

  test('have no finding left, and only the pinned acknowledgements, in every stack', () => {
    const onOurs = acknowledgements.filter((a) => isOurs(a.path));
    const expected = stacksWithAuroraTls().flatMap((stack) => acknowledgementsOf(stack).map(([id, path, reason]) => ({
      id: id.startsWith(`${GUARD}::`) ? id : `Annotation::${id}`,
      path: `${stack}/${path}`,
      reason,
    })));
    expect(onOurs).toHaveLength(expected.length);
    expect(onOurs).toEqual(expect.arrayContaining(expected));
    for (const plugin of [NAG, GUARD, CFN_VALIDATE]) {
      expect(findings(plugin).filter((f) => isOurs(f.path))).toEqual([]);
    }
  });

  test('each acknowledgement suppresses a finding its checker really reports there', () => {
    for (const stack of stacksWithAuroraTls()) {
      for (const [id, path] of acknowledgementsOf(stack)) {
        if (id.startsWith(`${GUARD}::`)) {
          expect(suppressed(GUARD)).toContainEqual(expect.objectContaining({ rule: id.slice(GUARD.length + 2), path: `${stack}/${path}` }));
        } else {
          expect(nagBefore).toContainEqual({ plugin: NAG, rule: id, path: `${stack}/${path}` });
        }
      }
    }
  });

  test('the only "*" in their IAM policies is the two RDS reads that support no resource-level permission', () => {
    for (const stack of app.node.children.filter((c): c is Stack => c instanceof Stack)) {
      for (const policy of stack.node.findAll().filter((c): c is iam.CfnPolicy => c instanceof iam.CfnPolicy && isOurs(c.node.path))) {
        const statements = stack.resolve(policy.policyDocument).Statement as Array<{ Action: string | string[]; Resource: unknown }>;
        for (const statement of statements) {
          const actions = ([] as string[]).concat(statement.Action);
          expect(actions.every((a) => !a.includes('*'))).toBe(true);
          if (JSON.stringify(statement.Resource).includes('"*"')) {
            expect([policy.node.path, statement]).toEqual([
              `${stack.stackName}/AuroraTlsCaCheckRole/DefaultPolicy/Resource`,
              { Action: ['rds:DescribeCertificates', 'rds:DescribeDBEngineVersions'], Effect: 'Allow', Resource: '*' },
            ]);
          }
        }
      }
    }
  });

  test('before acknowledgement, cdk-nag flagged on them only what is pinned', () => {
    const onOurs = [...new Set(nagBefore.filter((f) => isOurs(f.path)).map((f) => `${f.rule} ${relative(f.path)}`))].sort();
    expect(onOurs).toEqual(['AwsSolutions-IAM5[Resource::*] AuroraTlsCaCheckRole/DefaultPolicy/Resource', 'AwsSolutions-S1 AuroraTlsTrustBundleBucket/Resource']);
  });
});

describe('the examples acknowledge their own choices', () => {
  test('never on a resource of aurora-tls, always with a reason, and only rules that fire somewhere', () => {
    const examples = acknowledgements.filter((a) => !isOurs(a.path));
    expect(examples.length).toBeGreaterThan(0);
    for (const a of examples) expect(a.reason.length).toBeGreaterThan(40);
    const fired = new Set([...nagBefore.map((f) => `Annotation::${f.rule}`), ...suppressed(GUARD).map((s) => s.acknowledgedId)]);
    expect([...new Set(examples.map((a) => a.id))].filter((id) => !fired.has(id))).toEqual([]);
  });

  test('the rules they acknowledge, and on what', () => {
    const examples = acknowledgements.filter((a) => !isOurs(a.path));
    const byRule: { [id: string]: Set<string> } = {};
    for (const a of examples) {
      const kind = relative(a.path).replace(/\d+/g, 'N');
      (byRule[a.id.replace(/^Annotation::/, '')] ??= new Set()).add(kind);
    }
    expect(Object.fromEntries(Object.entries(byRule).map(([id, kinds]) => [id, [...kinds].sort()]))).toEqual({
      'AwsSolutions-VPC7': ['Vpc/Resource'],
      'cdk-validator-cfnguard::subnet_auto_assign_public_ip_disabled_check': ['Vpc/PublicSubnetN/Subnet'],
      'AwsSolutions-RDS6': ['Database/Resource/Resource', 'Fixed/Resource/Resource', 'Legacy/Resource'],
      'cdk-validator-cfnguard::rds_cluster_iam_authentication_enabled_check': ['Database/Resource/Resource', 'Fixed/Resource/Resource', 'Legacy/Resource'],
      'AwsSolutions-RDS10': ['Database/Resource/Resource', 'Fixed/Resource/Resource', 'Legacy/Resource'],
      'cdk-validator-cfnguard::rds_cluster_deletion_protection_enabled_check': ['Database/Resource/Resource', 'Fixed/Resource/Resource', 'Legacy/Resource'],
      'cdk-validator-cfnguard::rds_cluster_logging_enabled_check': ['Database/Resource/Resource', 'Fixed/Resource/Resource', 'Legacy/Resource'],
      'AwsSolutions-RDS11': ['Database/Resource/Resource'],
      'AwsSolutions-RDS14': ['Database/Resource/Resource'],
      'cdk-validator-cfnguard::rds_instance_enhanced_monitoring_enabled_check': [
        'Database/Resource/Reader/Resource', 'Database/Resource/Writer/Resource', 'Fixed/Resource/Reader/Resource',
        'Fixed/Resource/Writer/Resource', 'Legacy/Reader/Resource', 'Legacy/Writer/Resource',
      ],
      'AwsSolutions-SMG4': ['Database/Resource/Secret/Resource', 'Fixed/Resource/Secret/Resource', 'Legacy/Secret/Resource'],
      'AwsSolutions-L1': ['Application/Resource'],
      // examples/multi-stack: a function in the VPC of another stack, and one outside any VPC
      'cdk-validator-cfnguard::lambda_inside_vpc_check': ['Application/Resource'],
      'AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole]': ['Application/ServiceRole/Resource'],
      'AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaVPCAccessExecutionRole]': ['Application/ServiceRole/Resource'],
    });
  });
});

/** A stack with one finding for each checker: a bare bucket (cdk-nag, cfn-guard) and a hard-coded zone (W3010). */
function addControlStack(scope: App): void {
  const control = new Stack(scope, CONTROL, { env: { account: '111111111111', region: 'us-east-1' } });
  new s3.CfnBucket(control, 'Bucket');
  const vpc = new ec2.CfnVPC(control, 'Vpc', { cidrBlock: '10.0.0.0/16' });
  new ec2.CfnSubnet(control, 'Subnet', { vpcId: vpc.ref, availabilityZone: 'us-east-1a', cidrBlock: '10.0.0.0/24' });
}

/** cdk-nag's findings on the app as if nothing were acknowledged. */
function nagFindingsIgnoringAcknowledgements(root: App): Finding[] {
  const checks = new AwsSolutionsChecks();
  Object.defineProperty(checks, 'isAcknowledged', { value: () => false });
  return checks.validateScope(root).violations
    .flatMap((v) => v.violatingResources.map((r) => ({ plugin: NAG, rule: v.ruleName, path: r.constructPath! })));
}

/**
 * Every `Validations.of(x).acknowledge()` recorded on a construct of the app, but aws-cdk-lib's own (a stack whose
 * Availability Zones were read acknowledges CloudFormation Validate's W3010 itself).
 */
function acknowledgementsIn(root: App): Acknowledgement[] {
  const all = root.node.findAll().flatMap((c) => c.node.metadata
    .filter((m) => m.type === Validations.ACKNOWLEDGED_RULES_METADATA_KEY)
    .flatMap((m) => Object.entries(m.data as { [id: string]: string }).map(([id, reason]) => ({ id, path: c.node.path, reason }))));
  const byAwsCdkLib = all.filter((a) => a.id === 'CloudFormation-Validate::W3010');
  for (const a of byAwsCdkLib) expect(root.node.findChild(a.path)).toBeInstanceOf(Stack);
  return all.filter((a) => !byAwsCdkLib.includes(a));
}

/** The construct paths of the resources aurora-tls adds to each stack. */
function auroraTlsPaths(root: App): string[] {
  const paths: string[] = [];
  for (const stack of root.node.children.filter((c): c is Stack => c instanceof Stack)) {
    for (const id of ['AuroraTlsTrustBundleBucket', CaCheckFunction.ROLE_ID, CaCheckFunction.LOG_GROUP_ID, FUNCTION_ID]) {
      const child = stack.node.tryFindChild(id);
      if (child) paths.push(child.node.path);
    }
  }
  for (const c of root.node.findAll() as IConstruct[]) {
    if (c instanceof TrustBundle) paths.push(c.node.path);
    const resourceType = c instanceof CustomResource ? (c.node.defaultChild as unknown as { cfnResourceType?: string })?.cfnResourceType : undefined;
    if (resourceType === 'Custom::AuroraTlsCaCheck') paths.push(c.node.path);
    if (c instanceof TlsAuroraCluster && c.node.tryFindChild('ParameterGroup')) paths.push(`${c.node.path}/ParameterGroup`);
  }
  return paths;
}
