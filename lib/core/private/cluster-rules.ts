// The validation rules and messages of a TLS Aurora cluster's props, shared by the AWS CDK and the CDK for Terraform
// `TlsAuroraCluster` (and `TrustBundle`). Written once here so that both layers refuse identically; each layer only
// says how it recognises a deploy-time value (a CDK or a cdktf token) and how its region is called.
// Not exported from the package: it takes a callback, which jsii cannot express.
import { CaSelection } from '../ca-selection';
import { CertificateAuthority } from '../certificate-authority';
import { ExpiryBehavior } from '../expiry-behavior';
import { RegionCatalog } from '../region-catalog';
import { TlsEnforcement, TlsParameterGroupSpec, TlsVersion } from '../tls-enforcement';
import { describeValue } from './util';

/** A string that no TLS rule accepts as a parameter value: stands in for a deploy-time value when asking core. */
export const DEPLOY_TIME_STAND_IN = 'aurora-tls-deploy-time-value';

export class ClusterRules {
  /** The certificate authority selection of a cluster or trust bundle that names none: the RDS default. */
  public static readonly DEFAULT_SELECTION = CaSelection.exactly(CertificateAuthority.RSA2048_G1);

  /** The refusal of a user parameter group together with `parameters`. */
  public static groupAndParametersMessage(): string {
    return 'parameterGroup and parameters cannot both be given; put the parameters in the parameter group, ' +
      'or drop parameterGroup and let TlsAuroraCluster create one';
  }

  /** The refusal of a user parameter group of another family than the engine's. */
  public static groupFamilyMessage(path: string, family: string, needed: string): string {
    return `parameterGroup '${path}' is for ${family}, but the cluster engine needs ${needed}; ` +
      'create the parameter group with the cluster\'s engine';
  }

  /**
   * Why `value` is not a CaSelection, or undefined when it is.
   * @param isDeployTimeValue how the calling layer recognises an unresolved token
   */
  public static selectionProblem(value: unknown, isDeployTimeValue: (value: string) => boolean): string | undefined {
    if (value instanceof CaSelection) return undefined;
    if (typeof value === 'string' && isDeployTimeValue(value)) {
      return `certificateAuthority takes a CaSelection, got a deploy-time value ${describeValue(value)}; the CA must be known at synth time: ` +
        'use CaSelection.exactly(CertificateAuthority.RSA2048_G1) or CaSelection.preferred([...])';
    }
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

  /** Why `value` is not a TlsVersion, or undefined when it is. */
  public static minimumTlsVersionProblem(value: unknown, isDeployTimeValue: (value: string) => boolean): string | undefined {
    if (value instanceof TlsVersion) return undefined;
    if (typeof value === 'string' && isDeployTimeValue(value)) {
      return `minimumTlsVersion takes a TlsVersion, got a deploy-time value ${describeValue(value)}; use TlsVersion.TLS_1_2 or TlsVersion.TLS_1_3`;
    }
    return `minimumTlsVersion takes a TlsVersion, got ${describeValue(value)}` +
      (typeof value === 'string' ? `; use TlsVersion.of('${value}')` : '; use TlsVersion.TLS_1_2 or TlsVersion.TLS_1_3');
  }

  /** Why an optional boolean prop is not a boolean, or undefined when it is (or is absent). */
  public static booleanProblem(prop: string, value: unknown): string | undefined {
    if (value === undefined || typeof value === 'boolean') return undefined;
    return `${prop} takes true or false, got ${describeValue(value)}`;
  }

  /** Why `value` is not an `ExpiryBehavior` (`prop` names it, e.g. `trustBundle.expiryBehavior`), or undefined. */
  public static expiryBehaviorProblem(prop: string, value: unknown): string | undefined {
    if (value === undefined || Object.values(ExpiryBehavior).includes(value as ExpiryBehavior)) return undefined;
    return `${prop} takes ExpiryBehavior.FAIL or ExpiryBehavior.WARN, got ${describeValue(value)}`;
  }

  /**
   * Why the selection cannot be used in a literal region, or undefined.
   * @param source what the region is, prefixed to a malformed or unknown region's error, e.g. `Stack region`
   */
  public static regionProblem(selection: CaSelection, region: string, source: string): string | undefined {
    try {
      RegionCatalog.validateRegion(region);
    } catch (e) {
      return `${source}: ${(e as Error).message}`;
    }
    return selection.problemIn(region);
  }

  /**
   * The TLS problems of user parameters. A deploy-time value of a parameter that matters for TLS is refused (it could
   * weaken TLS unseen); deploy-time values of other parameters pass through.
   * @param isDeployTimeValue how the calling layer recognises an unresolved token
   */
  public static parameterProblems(
    spec: TlsParameterGroupSpec,
    parameters: { [name: string]: string },
    isDeployTimeValue: (value: string) => boolean,
  ): string[] {
    if (parameters === null || typeof parameters !== 'object' || Array.isArray(parameters)) {
      return [`Cluster parameters must be an object of parameter names to string values, got ${describeValue(parameters)}`];
    }
    if (isDeployTimeValue(parameters as unknown as string)) {
      return ['parameters is a deploy-time value, so aurora-tls cannot check that it keeps TLS enforced; give a literal map ' +
        '(a parameter that is not a TLS parameter may have a deploy-time value)'];
    }
    // No prototype: a real '__proto__' key (from JSON.parse) stays a key, for core to refuse by name.
    const literal: { [name: string]: string } = Object.create(null);
    const problems: string[] = [];
    for (const [name, value] of Object.entries(parameters)) {
      if (typeof value === 'string' && isDeployTimeValue(value)) {
        // Ask core whether the name matters for TLS, with a stand-in that no TLS rule accepts.
        if (TlsEnforcement.checkParameters(spec, { [name]: DEPLOY_TIME_STAND_IN }).length > 0) {
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

  /**
   * The deploy-time refusal of the regions where the selection cannot be used (for a region known only at deploy or
   * plan time), or undefined when it can be used everywhere the catalog knows.
   */
  public static unsupportedRegionsMessage(selection: CaSelection): string | undefined {
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
   * The deploy-time refusal of a region unknown to the catalog, for a preference that resolves per region.
   * @param literalRegionFix how the calling layer gives the stack a literal region, e.g. `give the stack an explicit env.region`
   */
  public static unknownRegionMessage(selection: CaSelection, literalRegionFix: string): string {
    const ids = selection.candidates.map((ca) => ca.identifier).join(', ');
    return `aurora-tls: this region is unknown to the aurora-tls region catalog, so CaSelection.preferred(${ids}) cannot be resolved here; ` +
      `upgrade aurora-tls, ${literalRegionFix}, or use CaSelection.exactly(...)`;
  }

  private constructor() {}
}
