// Validation messages the Terraform TlsAuroraCluster shares with the AWS CDK one. Not exported from the package.
//
// KEEP IN SYNC with lib/cdk/tls-aurora-cluster.ts and lib/cdk/private/deploy-time-ca.ts until these move into core
// (they are not core decisions yet: core has no module for "cluster props" rules). Every text here is the CDK text.
import { Token } from 'cdktf';
import { CaSelection } from '../../core/ca-selection';
import { CertificateAuthority } from '../../core/certificate-authority';
import { describeValue } from '../../core/private/util';
import { RegionCatalog } from '../../core/region-catalog';
import { TlsEnforcement, TlsParameterGroupSpec } from '../../core/tls-enforcement';

/** A string that no TLS rule accepts as a parameter value: stands in for a plan-time value when asking core. */
const TOKEN_STAND_IN = 'aurora-tls-deploy-time-value';

/** The message for a `certificateAuthority` that is not a CaSelection (as lib/cdk). */
export function selectionTypeMessage(value: unknown): string {
  if (value instanceof CertificateAuthority) {
    return `certificateAuthority takes a CaSelection, got the CertificateAuthority ${value.identifier}; ` +
      `use CaSelection.exactly(CertificateAuthority.of('${value.identifier}'))`;
  }
  if (typeof value === 'string') {
    return `certificateAuthority takes a CaSelection, got ${describeValue(value)}; use CaSelection.exactly(CertificateAuthority.of('${value}'))`;
  }
  return `certificateAuthority takes a CaSelection, got ${describeValue(value)}; ` +
    'use CaSelection.exactly(CertificateAuthority.RSA2048_G1) or CaSelection.preferred([...])';
}

/** The message for a `minimumTlsVersion` that is not a TlsVersion (as lib/cdk). */
export function minimumTlsVersionMessage(value: unknown): string {
  return `minimumTlsVersion takes a TlsVersion, got ${describeValue(value)}` +
    (typeof value === 'string' ? `; use TlsVersion.of('${value}')` : '; use TlsVersion.TLS_1_2 or TlsVersion.TLS_1_3');
}

/** The message for a `certificateRotationRestart` that is not a boolean (as lib/cdk). */
export function certificateRotationRestartMessage(value: unknown): string {
  return `certificateRotationRestart takes true or false, got ${describeValue(value)}`;
}

/**
 * Why a selection cannot be used in a literal region, or undefined (as lib/cdk, whose prefix is `Stack region: `).
 * @param source what the region is, for the prefix of a region error, e.g. `region` or `AwsProvider 'aws' region`
 */
export function regionProblem(selection: CaSelection, region: string, source: string): string | undefined {
  try {
    RegionCatalog.validateRegion(region);
  } catch (e) {
    return `${source}: ${(e as Error).message}`;
  }
  return selection.problemIn(region);
}

/** The TLS problems of user parameters; plan-time values of TLS parameters are refused, others pass through (as lib/cdk). */
export function parameterProblems(spec: TlsParameterGroupSpec, parameters: { [name: string]: string }): string[] {
  if (parameters === null || typeof parameters !== 'object') {
    return TlsEnforcement.checkParameters(spec, parameters);
  }
  const literal: { [name: string]: string } = {};
  const problems: string[] = [];
  for (const [name, value] of Object.entries(parameters)) {
    if (typeof value === 'string' && Token.isUnresolved(value)) {
      if (TlsEnforcement.checkParameters(spec, { [name]: TOKEN_STAND_IN }).length > 0) {
        problems.push(
          `Parameter '${name}' has a deploy-time value, so aurora-tls cannot check that it keeps TLS enforced; ` +
            'give it a literal value, or remove it (aurora-tls sets the TLS parameters itself)',
        );
      }
    } else {
      literal[name] = value;
    }
  }
  return [...TlsEnforcement.checkParameters(spec, literal), ...problems];
}

/** The error of a region where the selection is not offered, for a plan-time region (as the lib/cdk CloudFormation Rule). */
export function unsupportedRegionsMessage(selection: CaSelection): string | undefined {
  const unsupported = selection.unsupportedRegions();
  if (unsupported.length === 0) return undefined;
  const ids = selection.candidates.map((ca) => ca.identifier).join(', ');
  const fix = selection.isPreference
    ? 'add rds-ca-rsa2048-g1 (offered in every region) to the end of the CaSelection.preferred() list, or deploy to another region'
    : 'deploy to another region, or use CaSelection.preferred([...]) ending with CertificateAuthority.RSA2048_G1 to fall back where it is missing';
  const what = selection.isPreference ? `None of the preferred certificate authorities (${ids}) is` : `${ids} is not`;
  return `aurora-tls: ${what} offered in ${unsupported.join(', ')} (AWS Aurora user guide); ${fix}`;
}

/**
 * The error of a region unknown to the catalog for a per-region preference (the lib/cdk CloudFormation Rule's text,
 * with Terraform's fix: a literal provider region instead of `env.region`).
 */
export function unknownRegionMessage(selection: CaSelection): string {
  const ids = selection.candidates.map((ca) => ca.identifier).join(', ');
  return `aurora-tls: this region is unknown to the aurora-tls region catalog, so CaSelection.preferred(${ids}) cannot be resolved here; ` +
    'upgrade aurora-tls, give the AwsProvider (or the region prop) a literal region, or use CaSelection.exactly(...)';
}
