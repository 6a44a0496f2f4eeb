// A small helper over cdktf's Testing: synthesize a scope or a stack once, then assert on resources and data sources
// with Testing.toHaveResourceWithProperties / toHaveDataSourceWithProperties (partial, key-case-insensitive matching),
// failing with what was found instead of a bare `false`.
import { AnnotationMetadataEntryType, TerraformStack, Testing } from 'cdktf';
import { Construct } from 'constructs';

/** A provider class (RdsCluster, DataAwsRdsCertificate, ...): only its Terraform type name is used. */
export interface TerraformType {
  readonly tfResourceType: string;
}

type Json = { [key: string]: any };

export class TfTemplate {
  /** Synthesize what `build` adds to a fresh test stack (Testing.synthScope). */
  public static synthScope(build: (scope: Construct) => void): TfTemplate {
    return new TfTemplate(Testing.synthScope(build));
  }

  /** Synthesize a stack built by the test (use it when the test also needs the stack, e.g. for annotations). */
  public static fromStack(stack: TerraformStack): TfTemplate {
    return new TfTemplate(Testing.synth(stack));
  }

  /** The synthesized Terraform JSON. */
  public readonly json: string;
  /** The parsed Terraform JSON. */
  public readonly template: Json;

  private constructor(json: string) {
    this.json = json;
    this.template = JSON.parse(json);
  }

  /** The resources of a type, by Terraform name. */
  public resourcesByName(type: TerraformType): { [name: string]: Json } {
    return this.template.resource?.[type.tfResourceType] ?? {};
  }

  /** The resources of a type, in synthesis order. */
  public resources(type: TerraformType): Json[] {
    return Object.values(this.resourcesByName(type));
  }

  /** The data sources of a type, by Terraform name. */
  public dataSourcesByName(type: TerraformType): { [name: string]: Json } {
    return this.template.data?.[type.tfResourceType] ?? {};
  }

  /** The data sources of a type. */
  public dataSources(type: TerraformType): Json[] {
    return Object.values(this.dataSourcesByName(type));
  }

  /** The one resource of a type (fails when there are none or several). */
  public onlyResource(type: TerraformType): Json {
    const all = this.resources(type);
    if (all.length !== 1) throw new Error(`Expected exactly one ${type.tfResourceType}, found ${all.length}`);
    return all[0];
  }

  /** The one data source of a type (fails when there are none or several). */
  public onlyDataSource(type: TerraformType): Json {
    const all = this.dataSources(type);
    if (all.length !== 1) throw new Error(`Expected exactly one data.${type.tfResourceType}, found ${all.length}`);
    return all[0];
  }

  /** The local values, by Terraform name. */
  public get locals(): Json {
    return this.template.locals ?? {};
  }

  public resourceCountIs(type: TerraformType, count: number): void {
    expect(this.resources(type)).toHaveLength(count);
  }

  public dataSourceCountIs(type: TerraformType, count: number): void {
    expect(this.dataSources(type)).toHaveLength(count);
  }

  /** Some resource of the type has these properties (a partial match; nested objects partial, arrays exact). */
  public hasResourceWithProperties(type: TerraformType, properties: Json): void {
    if (!Testing.toHaveResourceWithProperties(this.json, type.tfResourceType, properties)) {
      throw new Error(`Expected a ${type.tfResourceType} with ${JSON.stringify(properties)}; found:\n${shorten(this.resources(type))}`);
    }
  }

  /** Some data source of the type has these properties. */
  public hasDataSourceWithProperties(type: TerraformType, properties: Json): void {
    if (!Testing.toHaveDataSourceWithProperties(this.json, type.tfResourceType, properties)) {
      throw new Error(`Expected a data.${type.tfResourceType} with ${JSON.stringify(properties)}; found:\n${shorten(this.dataSources(type))}`);
    }
  }

  /** No resource of the type has these properties. */
  public hasNoResourceWithProperties(type: TerraformType, properties: Json): void {
    if (Testing.toHaveResourceWithProperties(this.json, type.tfResourceType, properties)) {
      throw new Error(`Expected no ${type.tfResourceType} with ${JSON.stringify(properties)}`);
    }
  }
}

/** The annotations (info, warning, error) added under a scope, as `{ path, level, message }`. */
export function annotationsOf(scope: Construct): Array<{ path: string; level: string; message: string }> {
  const levels: string[] = [AnnotationMetadataEntryType.INFO, AnnotationMetadataEntryType.WARN, AnnotationMetadataEntryType.ERROR];
  return scope.node.findAll().flatMap((c) => c.node.metadata
    .filter((m) => levels.includes(m.type))
    .map((m) => ({ path: c.node.path, level: m.type, message: String(m.data) })));
}

/** A test stack in a fresh test app. */
export function testStack(id = 'test'): TerraformStack {
  return new TerraformStack(Testing.app(), id);
}

function shorten(items: Json[]): string {
  const text = JSON.stringify(items, (_k, v) => (typeof v === 'string' && v.length > 200 ? `${v.slice(0, 200)}...` : v), 2);
  return text.length > 4000 ? `${text.slice(0, 4000)}...` : text;
}
