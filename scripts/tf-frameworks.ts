// The two Terraform frameworks aurora-tls serves from the one source tree lib/tf (written against cdktf): CDK for
// Terraform (`cdktf`, `@cdktf/provider-aws`) and its community fork CDK Terrain (`cdktn`, `@cdktn/provider-aws`), which
// has the same API under other package names. The build maps module specifiers (scripts/build-tf.ts), the CDK Terrain
// example runs through the same mapping at load time (scripts/cdktn-register.ts), and the jest project `cdktn` maps
// them with moduleNameMapper (.projenrc.ts; test/tf/frameworks.test.ts checks that it agrees with this file).

/** One Terraform framework: where aurora-tls's constructs for it live, and the packages it needs. */
export interface TfFramework {
  /** The subpath consumers import: `aurora-tls/tf` or `aurora-tls/cdktn`. */
  readonly subpath: string;
  /** The compiled constructs, relative to the package root. */
  readonly dist: string;
  /** The core package and the AWS provider bindings. */
  readonly core: string;
  readonly providerAws: string;
}

export const CDKTF: TfFramework = { subpath: 'tf', dist: 'dist/tf', core: 'cdktf', providerAws: '@cdktf/provider-aws' };
export const CDKTN: TfFramework = { subpath: 'cdktn', dist: 'dist/cdktn', core: 'cdktn', providerAws: '@cdktn/provider-aws' };
export const FRAMEWORKS = [CDKTF, CDKTN];

/**
 * The module specifier `specifier` of the cdktf source as the target framework names it, or undefined when it is not a
 * framework module (relative paths, node built-ins, constructs). Only the package part changes:
 * `@cdktf/provider-aws/lib/rds-cluster` -> `@cdktn/provider-aws/lib/rds-cluster`.
 */
export function mapSpecifier(specifier: string, target: TfFramework): string | undefined {
  for (const [from, to] of [[CDKTF.core, target.core], [CDKTF.providerAws, target.providerAws]]) {
    if (specifier === from || specifier.startsWith(`${from}/`)) return to + specifier.slice(from.length);
  }
  return undefined;
}

/**
 * Emitted JavaScript or declarations with every framework module specifier mapped: `require("...")`,
 * `import ... from "..."`, `import("...")` and `export ... from "..."`.
 * @throws when a file still names the other framework after mapping (a specifier form this function does not know)
 */
export function mapSource(text: string, target: TfFramework): string {
  const mapped = text.replace(
    /(\brequire\(\s*|\bimport\(\s*|\bfrom\s+)(["'])([^"']+)\2/g,
    (whole, lead: string, quote: string, specifier: string) => {
      const to = mapSpecifier(specifier, target);
      return to === undefined ? whole : `${lead}${quote}${to}${quote}`;
    },
  );
  if (target !== CDKTF && /["'](cdktf|@cdktf\/provider-aws)(\/[^"']*)?["']/.test(mapped)) {
    throw new Error(`tf-frameworks: a ${CDKTF.core} module specifier is left after mapping to ${target.core}; extend mapSource()`);
  }
  return mapped;
}
