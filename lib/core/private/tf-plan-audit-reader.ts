// Reads a Terraform plan (`terraform show -json plan.out`) into the audit model: aws_rds_cluster,
// aws_rds_cluster_instance and aws_rds_cluster_parameter_group as they will be after apply (planned_values), with the
// configuration's references for what Terraform knows only after apply (a parameter group named with a name_prefix,
// a cluster id). A value that is unknown after apply stays unresolved, and an argument the configuration does not set
// stays absent (the provider computes it: the account default CA, the engine default parameter group). The region
// comes from the provider configuration of each resource (a literal, or a variable's value in the plan).
// Not exported from the package.
import { AuditCluster, AuditInstance, AuditModel, AuditParameterGroup, AuditValue, Dialect } from './aurora-audit';
import { CertificateAuthority } from '../certificate-authority';
import { RegionCatalog } from '../region-catalog';
import { AuditInputError } from './cfn-audit-reader';
import { describeValue } from './util';

/** How `aurora-tls audit` words findings on Terraform plans. */
export const TERRAFORM_DIALECT: Dialect = {
  scope: 'plan',
  caProperty: 'ca_cert_identifier',
  groupProperty: 'db_cluster_parameter_group_name',
  pinExample: 'ca_cert_identifier = "rds-ca-rsa2048-g1"',
  ownGroupHint: ' (an aws_rds_cluster_parameter_group of this configuration, named with db_cluster_parameter_group_name = aws_rds_cluster_parameter_group.<name>.name)',
  externalGroupFix: 'define the group in the same configuration, or audit the plan that defines it',
  unresolvedParameterFix: 'give it a value known at plan time (a literal or a variable)',
  unresolvedCaFix: 'give it a value known at plan time, e.g. ca_cert_identifier = "rds-ca-rsa2048-g1"',
  missingRegionFix: 'set region in the aws provider block (or pass --region)',
  unavailableFix: (_ca: CertificateAuthority, region: string) =>
    `choose ${RegionCatalog.availableAuthorities(region).map((c) => c.identifier).join(' or ')} (ca_cert_identifier)`,
};

const AFTER_APPLY = { unresolved: 'known only after apply' };

type Json = any;

interface PlannedResource {
  readonly address: string;
  /** The address in its module's configuration: no module path, no index. */
  readonly configAddress: string;
  readonly type: string;
  readonly values: { [key: string]: Json };
  readonly unknown: { [key: string]: Json };
  readonly expressions: { [key: string]: Json };
  readonly region: AuditValue;
  /** The module instance path, e.g. `module.db` (empty for the root module); references resolve within it. */
  readonly module: string;
}

/** Whether a parsed JSON document is a Terraform plan. */
export function isTerraformPlan(document: Json): boolean {
  return document !== null && typeof document === 'object' && typeof document.format_version === 'string' &&
    (document.planned_values !== undefined || document.resource_changes !== undefined);
}

/** The audit model of a plan. `fallbackRegion`: for resources whose provider configuration has no region. */
export function readTerraformPlan(plan: Json, fallbackRegion?: string): AuditModel {
  const root = plan?.planned_values?.root_module;
  if (root === undefined) {
    throw new AuditInputError('the plan has no planned_values (a plan that failed, or `terraform show -json` of a state?): ' +
      'audit the output of `terraform show -json plan.out` for a plan made with `terraform plan -out plan.out`');
  }
  const unknownByAddress = new Map<string, Json>();
  for (const change of Array.isArray(plan.resource_changes) ? plan.resource_changes : []) {
    if (typeof change?.address === 'string') unknownByAddress.set(change.address, change.change?.after_unknown ?? {});
  }
  const variables: { [name: string]: Json } = plan.variables ?? {};
  const providers: { [key: string]: Json } = plan.configuration?.provider_config ?? {};
  const resources: PlannedResource[] = [];
  const configIndex = new Map<Json, Map<string, Json>>(); // per module configuration: address -> resource
  const configOf = (config: Json, address: string): Json => {
    let index = configIndex.get(config);
    if (!index) {
      index = new Map((Array.isArray(config.resources) ? config.resources : []).map((r: Json) => [r.address, r]));
      configIndex.set(config, index);
    }
    return index.get(address) ?? {};
  };
  walkModule(root, plan.configuration?.root_module ?? {}, '', (resource, config, modulePath) => {
    const configAddress = String(resource.address).replace(/^(module\.[^.]+(\[[^\]]*\])?\.)+/, '').replace(/\[[^\]]*\]$/, '');
    const configResource = configOf(config, configAddress);
    resources.push({
      address: resource.address,
      configAddress,
      type: resource.type,
      values: resource.values ?? {},
      unknown: unknownByAddress.get(resource.address) ?? {},
      expressions: configResource.expressions ?? {},
      region: typeof resource.values?.region === 'string'
        ? resource.values.region // hashicorp/aws 6 and later: a region per resource
        : providerRegion(providerOf(providers, configResource.provider_config_key), variables, fallbackRegion),
      module: modulePath,
    });
  });

  const types: { [address: string]: string } = {};
  for (const r of resources) types[r.address] = r.type;
  const inModule = (r: PlannedResource, module: string) => r.module === module;

  const groups = resources.filter((r) => r.type === 'aws_rds_cluster_parameter_group');
  const groupModel = (r: PlannedResource): AuditParameterGroup => ({
    name: r.address,
    family: value(r, 'family'),
    parameters: parametersOf(r),
  });

  const clusters: AuditCluster[] = [];
  const clusterEngine = new Map<string, AuditValue>();
  for (const r of resources.filter((x) => x.type === 'aws_rds_cluster')) {
    const engine = value(r, 'engine');
    clusterEngine.set(`${r.module}|${r.configAddress}`, engine);
    let parameterGroupName: AuditValue;
    let group: PlannedResource | undefined;
    const referenced = referencedResource(r.expressions.db_cluster_parameter_group_name, 'aws_rds_cluster_parameter_group');
    if (referenced !== undefined) {
      group = groups.find((g) => inModule(g, r.module) && g.configAddress === referenced);
    }
    if (r.expressions.db_cluster_parameter_group_name === undefined && typeof r.values.db_cluster_parameter_group_name !== 'string') {
      parameterGroupName = undefined; // not set: the provider takes the engine's default group
    } else {
      parameterGroupName = value(r, 'db_cluster_parameter_group_name');
      if (group === undefined && typeof parameterGroupName === 'string') {
        const name = parameterGroupName.toLowerCase();
        group = groups.find((g) => typeof g.values.name === 'string' && g.values.name.toLowerCase() === name);
      }
    }
    clusters.push({ resource: r.address, engine, parameterGroupName, parameterGroup: group && groupModel(group) });
  }

  const instances: AuditInstance[] = [];
  for (const r of resources.filter((x) => x.type === 'aws_rds_cluster_instance')) {
    let engine = value(r, 'engine');
    if (typeof engine !== 'string') {
      const cluster = referencedResource(r.expressions.engine, 'aws_rds_cluster') ??
        referencedResource(r.expressions.cluster_identifier, 'aws_rds_cluster');
      if (cluster !== undefined) engine = clusterEngine.get(`${r.module}|${cluster}`) ?? engine;
    }
    const caSet = r.expressions.ca_cert_identifier !== undefined || typeof r.values.ca_cert_identifier === 'string';
    instances.push({
      resource: r.address,
      engine,
      caIdentifier: caSet ? value(r, 'ca_cert_identifier') : undefined,
      region: r.region,
    });
  }
  return { clusters, instances, types };
}

function walkModule(
  planned: Json,
  config: Json,
  modulePath: string,
  visit: (resource: Json, config: Json, modulePath: string) => void,
): void {
  for (const resource of Array.isArray(planned?.resources) ? planned.resources : []) {
    if (resource?.mode === 'managed' && typeof resource.address === 'string') visit(resource, config, modulePath);
  }
  for (const child of Array.isArray(planned?.child_modules) ? planned.child_modules : []) {
    const address = String(child.address ?? '');
    const name = /module\.([^.[]+)(\[[^\]]*\])?$/.exec(address)?.[1];
    const childConfig = name === undefined ? {} : config?.module_calls?.[name]?.module ?? {};
    walkModule(child, childConfig, address, visit);
  }
}

/** A planned value: literal, unknown after apply, or absent. */
function value(r: PlannedResource, key: string): AuditValue {
  const v = r.values[key];
  if (typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean') return String(v);
  if (r.unknown[key] === true) return AFTER_APPLY;
  return undefined;
}

function parametersOf(r: PlannedResource): { [name: string]: AuditValue } | { unresolved: string } {
  if (r.unknown.parameter === true) return AFTER_APPLY;
  const parameters: { [name: string]: AuditValue } = {};
  for (const block of Array.isArray(r.values.parameter) ? r.values.parameter : []) {
    if (typeof block?.name !== 'string') continue;
    const v = block.value;
    parameters[block.name] = typeof v === 'string' || typeof v === 'number' ? String(v) : AFTER_APPLY;
  }
  return parameters;
}

/** The configuration address of the resource of this type an expression refers to, e.g. `aws_rds_cluster.main`. */
function referencedResource(expression: Json, type: string): string | undefined {
  const references: unknown = expression?.references;
  if (!Array.isArray(references)) return undefined;
  for (const ref of references) {
    const match = typeof ref === 'string' ? new RegExp(`^(${type}\\.[A-Za-z0-9_-]+)`).exec(ref) : null;
    if (match) return match[1];
  }
  return undefined;
}

/**
 * The provider configuration of a resource: by its key (`aws`, `aws.west`), or, for a module that inherits its
 * providers (`module.db:aws`), the root configuration of the same name.
 */
function providerOf(providers: { [key: string]: Json }, key: unknown): Json {
  const name = typeof key === 'string' ? key : 'aws';
  return providers[name] ?? providers[name.slice(name.lastIndexOf(':') + 1)];
}

function providerRegion(provider: Json, variables: { [name: string]: Json }, fallback?: string): AuditValue {
  const expression = provider?.expressions?.region;
  if (typeof expression?.constant_value === 'string') return expression.constant_value;
  const variable = (expression?.references ?? []).map((r: unknown) => (typeof r === 'string' ? /^var\.([A-Za-z0-9_-]+)$/.exec(r)?.[1] : undefined))
    .find((name: string | undefined) => name !== undefined);
  if (variable !== undefined && typeof variables[variable]?.value === 'string') return variables[variable].value;
  if (fallback !== undefined) return fallback;
  if (expression === undefined) {
    return { unresolved: `not in the plan (the aws provider ${describeProvider(provider)} has no region argument, so it comes from AWS_REGION or the profile when terraform runs)` };
  }
  return { unresolved: 'an expression the plan does not evaluate' };
}

function describeProvider(provider: Json): string {
  return typeof provider?.name === 'string' ? `'${provider.alias ? `${provider.name}.${provider.alias}` : provider.name}'` : describeValue(provider);
}
