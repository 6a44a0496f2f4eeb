// Where a construct's AWS resources go, as far as synthesis can tell. Not exported from the package.
import { TerraformProvider, TerraformStack, Token } from 'cdktf';
import { IConstruct } from 'constructs';

/** What synthesis knows about the region of a construct's resources. */
export interface ResolvedRegion {
  /** The region code, when it is a literal (validated by the caller). */
  readonly literal?: string;
  /**
   * The value to pass as the resources' `region` argument (AWS provider 6 per-resource region): the `region`
   * prop as given (literal or token), or undefined to leave the provider's region.
   */
  readonly argument?: string;
  /** What the region is, to prefix a region error: `region`, `AwsProvider 'aws' region`, ... */
  readonly source: string;
}

/** The Terraform type name of the AWS provider. */
const AWS = 'aws';

/**
 * The region of resources created under `scope`: the `region` prop when given; else the region of the AWS
 * provider the resources use (`provider`, or the stack's default, un-aliased `AwsProvider`) when it is a literal;
 * else unknown at synth time (the region is then read at plan time from `data.aws_region`).
 */
export function resolveRegion(scope: IConstruct, region: string | undefined, provider: TerraformProvider | undefined): ResolvedRegion {
  if (region !== undefined) {
    return Token.isUnresolved(region)
      ? { argument: region, source: 'region' }
      : { literal: region, argument: region, source: 'region' };
  }
  const aws = provider ?? defaultAwsProvider(scope);
  if (!aws || aws.terraformResourceType !== AWS) {
    return { source: aws ? `provider '${aws.node.id}' region` : 'AwsProvider region' };
  }
  const providerRegion = (aws as TerraformProvider & { readonly region?: string }).region;
  if (typeof providerRegion === 'string' && !Token.isUnresolved(providerRegion)) {
    return { literal: providerRegion, source: `AwsProvider '${aws.node.id}' region` };
  }
  return { source: `AwsProvider '${aws.node.id}' region` };
}

/** The stack's AWS provider without an alias (the one resources use when they name none), if there is exactly one. */
function defaultAwsProvider(scope: IConstruct): TerraformProvider | undefined {
  const stack = TerraformStack.of(scope);
  const isDefaultAws = (c: IConstruct): c is TerraformProvider => c instanceof TerraformProvider && c.terraformResourceType === AWS && !c.alias;
  // Providers are nearly always children of the stack: look there first, and walk the whole tree (which grows
  // with every cluster) only when none is found.
  let candidates = stack.node.children.filter(isDefaultAws);
  if (candidates.length === 0) candidates = stack.node.findAll().filter(isDefaultAws);
  return candidates.length === 1 ? candidates[0] : undefined;
}
