// Reads a CloudFormation template (as parsed from JSON or YAML, short forms already expanded to `Ref`/`Fn::*`) into the
// audit model: the Aurora clusters, their instances and their parameter groups, with `Ref`/`Fn::GetAtt` between them.
// Values the template does not state literally (parameters, pseudo parameters, most intrinsics) stay unresolved with
// a reason; nothing is guessed (a parameter's Default is named, never used). Shared by the CLI (`aurora-tls audit`)
// and the AWS CDK validation plugin (synthesized templates). Not exported from the package.
import { AuditCluster, AuditInstance, AuditModel, AuditParameterGroup, AuditValue, Dialect, isUnresolved, Unresolved } from './aurora-audit';
import { CertificateAuthority } from '../certificate-authority';
import { RegionCatalog } from '../region-catalog';
import { describeValue } from './util';

/** A template or plan that cannot be audited: reported as bad input (exit code 2 in the CLI), naming the problem. */
export class AuditInputError extends Error {}

/** How `aurora-tls audit` words findings on CloudFormation templates. */
export const CLOUDFORMATION_DIALECT: Dialect = {
  scope: 'template',
  caProperty: 'CACertificateIdentifier',
  groupProperty: 'DBClusterParameterGroupName',
  pinExample: 'CACertificateIdentifier: rds-ca-rsa2048-g1',
  ownGroupHint: ' (an AWS::RDS::DBClusterParameterGroup of this template, named with DBClusterParameterGroupName: !Ref)',
  externalGroupFix: 'define the group in the same template (DBClusterParameterGroupName: !Ref TheGroup), or audit the template that defines it',
  unresolvedParameterFix: 'write the value literally in the template',
  unresolvedCaFix: 'write the identifier literally, e.g. CACertificateIdentifier: rds-ca-rsa2048-g1',
  missingRegionFix: 'pass the region the template is deployed to, e.g. --region us-east-1',
  unavailableFix: (_ca: CertificateAuthority, region: string) =>
    `choose ${RegionCatalog.availableAuthorities(region).map((c) => c.identifier).join(' or ')} (CACertificateIdentifier)`,
};

const CLUSTER = 'AWS::RDS::DBCluster';
const INSTANCE = 'AWS::RDS::DBInstance';
const GROUP = 'AWS::RDS::DBClusterParameterGroup';

type Json = any;

interface Context {
  readonly parameters: { [name: string]: Json };
  readonly resources: { [id: string]: Json };
  readonly mappings: { [name: string]: Json };
  readonly region: AuditValue;
}

/** The audit model of a template. `region`: a literal, unresolved (with why), or undefined (left to deploy time). */
export function readCloudFormation(template: Json, region: AuditValue): AuditModel {
  if (template === null || typeof template !== 'object' || Array.isArray(template)) {
    throw new AuditInputError(`a CloudFormation template is an object with a Resources section, got ${describeValue(template)}`);
  }
  const resources = template.Resources;
  if (resources === null || typeof resources !== 'object' || Array.isArray(resources)) {
    throw new AuditInputError(`the Resources section must be an object of logical ids to resources, got ${describeValue(resources)}`);
  }
  const ctx: Context = {
    parameters: objectOr(template.Parameters),
    resources,
    mappings: objectOr(template.Mappings),
    region,
  };
  const cycle = referenceCycle(resources);
  if (cycle) {
    throw new AuditInputError(
      `circular references between resources ${cycle.join(' -> ')} (Ref, Fn::GetAtt, Fn::Sub, DependsOn); ` +
        'CloudFormation refuses such a template: remove one of the references',
    );
  }

  const typeOf: { [id: string]: string } = {};
  const groups = new Map<string, AuditParameterGroup>();
  const clusters: AuditCluster[] = [];
  const clusterEngine = new Map<string, AuditValue>();
  const clusterByName = new Map<string, string>();
  for (const [id, resource] of Object.entries<Json>(resources)) {
    const type = resource?.Type;
    if (typeof type !== 'string') continue;
    typeOf[id] = type;
    const props = objectOr(resource.Properties);
    if (type === GROUP) {
      const parameters = props.Parameters;
      groups.set(id, {
        name: id,
        family: resolve(props.Family, ctx),
        parameters: parameters === undefined ? {}
          : isPlainObject(parameters) && !isIntrinsic(parameters)
            ? Object.fromEntries(Object.entries(parameters).map(([k, v]) => [k, resolve(v, ctx)]))
            : unresolvedOf(parameters, ctx),
      });
    } else if (type === CLUSTER) {
      const name = resolve(props.DBClusterIdentifier, ctx);
      if (typeof name === 'string') clusterByName.set(name.toLowerCase(), id);
    }
  }
  const groupByName = new Map<string, string>();
  for (const id of groups.keys()) {
    const name = resolve(objectOr(resources[id].Properties).DBClusterParameterGroupName, ctx);
    if (typeof name === 'string') groupByName.set(name.toLowerCase(), id);
  }

  for (const [id, type] of Object.entries(typeOf)) {
    if (type !== CLUSTER) continue;
    const props = objectOr(resources[id].Properties);
    const engine = resolve(props.Engine, ctx);
    clusterEngine.set(id, engine);
    const written = props.DBClusterParameterGroupName;
    let parameterGroupName: AuditValue;
    let groupId: string | undefined;
    const ref = refTarget(written);
    if (ref !== undefined && typeOf[ref] === GROUP) {
      groupId = ref;
      parameterGroupName = { unresolved: `the name of ${ref}` };
    } else {
      parameterGroupName = written === undefined ? undefined : resolve(written, ctx);
      if (typeof parameterGroupName === 'string') groupId = groupByName.get(parameterGroupName.toLowerCase());
    }
    clusters.push({ resource: id, engine, parameterGroupName, parameterGroup: groupId === undefined ? undefined : groups.get(groupId) });
  }

  const instances: AuditInstance[] = [];
  for (const [id, type] of Object.entries(typeOf)) {
    if (type !== INSTANCE) continue;
    const props = objectOr(resources[id].Properties);
    let engine = props.Engine === undefined ? undefined : resolve(props.Engine, ctx);
    if (typeof engine !== 'string') {
      // An instance of a cluster takes the cluster's engine.
      const cluster = clusterOf(props.DBClusterIdentifier, typeOf, clusterByName, ctx);
      if (cluster !== undefined) engine = clusterEngine.get(cluster);
    }
    instances.push({
      resource: id,
      engine,
      caIdentifier: props.CACertificateIdentifier === undefined ? undefined : resolve(props.CACertificateIdentifier, ctx),
      region,
    });
  }
  return { clusters, instances, types: typeOf };
}

function clusterOf(written: Json, typeOf: { [id: string]: string }, byName: Map<string, string>, ctx: Context): string | undefined {
  const ref = refTarget(written);
  if (ref !== undefined) return typeOf[ref] === CLUSTER ? ref : undefined;
  const name = resolve(written, ctx);
  return typeof name === 'string' ? byName.get(name.toLowerCase()) : undefined;
}

function objectOr(value: Json): { [key: string]: Json } {
  return isPlainObject(value) ? value : {};
}

function isPlainObject(value: unknown): value is { [key: string]: Json } {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

/** `{ Ref: X }` or `{ 'Fn::X': ... }`: an object with one key that is an intrinsic function. */
function isIntrinsic(value: Json): boolean {
  if (!isPlainObject(value)) return false;
  const keys = Object.keys(value);
  return keys.length === 1 && (keys[0] === 'Ref' || keys[0].startsWith('Fn::') || keys[0] === 'Condition');
}

function refTarget(value: Json): string | undefined {
  if (!isPlainObject(value)) return undefined;
  if (typeof value.Ref === 'string' && Object.keys(value).length === 1) return value.Ref;
  const getAtt = value['Fn::GetAtt'];
  if (getAtt !== undefined && Object.keys(value).length === 1) {
    if (Array.isArray(getAtt) && typeof getAtt[0] === 'string') return getAtt[0];
    if (typeof getAtt === 'string') return getAtt.split('.')[0];
  }
  return undefined;
}

/** The literal value of a template expression, or why it has none. Never recurses into other resources. */
function resolve(value: Json, ctx: Context): AuditValue {
  if (value === undefined || value === null) return undefined;
  if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (!isPlainObject(value) || !isIntrinsic(value)) return { unresolved: `${describeValue(value)}, not a value` };
  const [fn] = Object.keys(value);
  const arg = value[fn];
  if (fn === 'Ref') return resolveRef(arg, ctx);
  if (fn === 'Fn::FindInMap' && Array.isArray(arg) && arg.length >= 3) {
    const [map, first, second] = arg.map((a: Json) => resolve(a, ctx));
    if (typeof map === 'string' && typeof first === 'string' && typeof second === 'string') {
      const found = ctx.mappings[map]?.[first]?.[second];
      if (typeof found === 'string' || typeof found === 'number') return String(found);
      return { unresolved: `Fn::FindInMap [${map}, ${first}, ${second}], which the template's Mappings do not define` };
    }
    const why = [map, first, second].find(isUnresolved) as Unresolved | undefined;
    return { unresolved: `Fn::FindInMap on ${why?.unresolved ?? 'a value that is not a string'}`, deployTime: why?.deployTime };
  }
  if (fn === 'Fn::Sub') {
    const [text, vars] = Array.isArray(arg) ? arg : [arg, {}];
    if (typeof text !== 'string') return { unresolved: 'an Fn::Sub whose template is not a string' };
    let why: Unresolved | undefined;
    const out = text.replace(/\$\{([^}!][^}]*)\}/g, (_m: string, name: string) => {
      const local = isPlainObject(vars) && name in vars ? resolve(vars[name], ctx) : name.includes('.') ? { unresolved: `the attribute ${name}` } : resolveRef(name, ctx);
      if (typeof local === 'string') return local;
      why ??= local ?? { unresolved: `\${${name}}` };
      return '';
    });
    return why ? { unresolved: `an Fn::Sub on ${why.unresolved}` } : out;
  }
  if (fn === 'Fn::Join' && Array.isArray(arg) && arg.length === 2 && Array.isArray(arg[1])) {
    const parts = arg[1].map((p: Json) => resolve(p, ctx));
    const why = parts.find((p: AuditValue) => typeof p !== 'string');
    if (why === undefined) return parts.join(String(arg[0]));
    return { unresolved: `an Fn::Join on ${isUnresolved(why) ? why.unresolved : 'a missing value'}` };
  }
  return unresolvedOf(value, ctx);
}

function unresolvedOf(value: Json, _ctx: Context): Unresolved {
  const fn = isPlainObject(value) ? Object.keys(value)[0] : undefined;
  if (fn === 'Fn::GetAtt') {
    const target = refTarget(value);
    return { unresolved: `an attribute of ${target ?? 'another resource'} (known at deploy time)` };
  }
  if (fn === 'Fn::ImportValue') return { unresolved: 'an export of another stack (Fn::ImportValue, known at deploy time)' };
  return { unresolved: fn ? `the result of ${fn} (known at deploy time)` : `${describeValue(value)}` };
}

function resolveRef(name: Json, ctx: Context): AuditValue {
  if (typeof name !== 'string') return { unresolved: `a Ref to ${describeValue(name)}` };
  if (name === 'AWS::Region') {
    if (typeof ctx.region === 'string') return ctx.region;
    // Keeps deployTime: a value derived from a deploy-time region is checked at deploy time too.
    return { unresolved: 'the region (AWS::Region), which is not known here', deployTime: isUnresolved(ctx.region) && ctx.region.deployTime };
  }
  if (name.startsWith('AWS::')) return { unresolved: `the pseudo parameter ${name} (known at deploy time)` };
  if (Object.prototype.hasOwnProperty.call(ctx.parameters, name)) {
    const def = ctx.parameters[name]?.Default;
    const shown = typeof def === 'string' || typeof def === 'number' ? `, default '${def}'` : '';
    return { unresolved: `the template parameter '${name}' (chosen at deploy time${shown})` };
  }
  if (Object.prototype.hasOwnProperty.call(ctx.resources, name)) return { unresolved: `the name of ${name} (known at deploy time)` };
  return { unresolved: `a Ref to '${name}', which the template does not define` };
}

/** Every resource referenced from a value: Ref, Fn::GetAtt, Fn::Sub `${X}` / `${X.Attr}`. */
function referencesIn(value: Json, out: Set<string>): void {
  if (Array.isArray(value)) {
    for (const v of value) referencesIn(v, out);
    return;
  }
  if (!isPlainObject(value)) return;
  for (const [key, v] of Object.entries(value)) {
    if (key === 'Ref' && typeof v === 'string') {out.add(v);} else if (key === 'Fn::GetAtt') {
      const target = refTarget({ 'Fn::GetAtt': v });
      if (target) out.add(target);
    } else if (key === 'Fn::Sub') {
      const text = Array.isArray(v) ? v[0] : v;
      if (typeof text === 'string') {
        for (const m of text.matchAll(/\$\{([^}!][^}.]*)[^}]*\}/g)) out.add(m[1]);
      }
      if (Array.isArray(v)) referencesIn(v[1], out);
    } else {
      referencesIn(v, out);
    }
  }
}

/** A cycle of references between resources, as logical ids (the first repeated at the end), or undefined. */
function referenceCycle(resources: { [id: string]: Json }): string[] | undefined {
  const edges = new Map<string, string[]>();
  for (const [id, resource] of Object.entries(resources)) {
    if (!isPlainObject(resource)) continue;
    const refs = new Set<string>();
    referencesIn(resource.Properties, refs);
    const dependsOn = resource.DependsOn;
    for (const d of Array.isArray(dependsOn) ? dependsOn : [dependsOn]) if (typeof d === 'string') refs.add(d);
    edges.set(id, [...refs].filter((r) => Object.prototype.hasOwnProperty.call(resources, r)));
  }
  // Iterative depth-first search (a template of thousands of resources must not overflow the stack).
  const state = new Map<string, 1 | 2>(); // 1 on the path, 2 done
  for (const start of edges.keys()) {
    if (state.has(start)) continue;
    const path: string[] = [];
    const stack: Array<{ id: string; next: number }> = [{ id: start, next: 0 }];
    state.set(start, 1);
    path.push(start);
    while (stack.length > 0) {
      const top = stack[stack.length - 1];
      const targets = edges.get(top.id) ?? [];
      if (top.next < targets.length) {
        const target = targets[top.next++];
        const s = state.get(target);
        if (s === 1) return [...path.slice(path.indexOf(target)), target];
        if (s === undefined) {
          state.set(target, 1);
          path.push(target);
          stack.push({ id: target, next: 0 });
        }
      } else {
        state.set(top.id, 2);
        path.pop();
        stack.pop();
      }
    }
  }
  return undefined;
}
