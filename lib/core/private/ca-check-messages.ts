// The refusals of the certificate authority check, worded once for every layer that checks RDS's view of a CA
// against the vendored trust store: the deploy-time handler of the AWS CDK constructs (CloudFormation shows the
// message as the custom resource's reason) and the Terraform plan-time preconditions (whose values may be Terraform
// expressions, so nothing here parses them; the Terraform layer prefixes `aurora-tls: `, as Terraform does not say
// whose precondition failed). Not exported from the package.
import { ROOT_THUMBPRINTS } from './root-thumbprints';
import { CertificateAuthority } from '../certificate-authority';
import { ExpiryBehavior } from '../expiry-behavior';
import { TrustStore } from '../trust-store';

export class CaCheckMessages {
  /**
   * RDS's thumbprint of the CA differs from the vendored root's.
   * @param vendoredThumbprint the vendored root's thumbprint; undefined when the vendored bundle has no such root
   * @param rdsRootIs the vendored root that has RDS's thumbprint, if one has
   */
  public static thumbprintMismatch(
    region: string, ca: string, apiThumbprint: string, vendoredThumbprint: string | undefined, rdsRootIs?: string,
  ): string {
    const ours = vendoredThumbprint !== undefined
      ? `the vendored ${region} bundle's ${ca} root has thumbprint ${vendoredThumbprint}`
      : `the vendored ${region} bundle has no ${ca} root (missing, or changed so that it no longer verifies with its own key)`;
    const other = rdsRootIs !== undefined ? ` (RDS's thumbprint is the vendored ${rdsRootIs} root)` : '';
    return `Thumbprint mismatch in ${region}: RDS reports ${ca} with thumbprint ${apiThumbprint || '(none)'}, but ${ours}${other}. ` +
      'The vendored trust store is out of date or RDS rotated the CA: upgrade aurora-tls before deploying';
  }

  /** The CA has expired: no deployment can use it, whatever the expiry behaviour. */
  public static expired(region: string, ca: string, validTill: string): string {
    return `${ca} in ${region} expired on ${validTill}; choose a CA that is still valid`;
  }

  /**
   * The CA expires within the minimum validity: the failure (`ExpiryBehavior.FAIL`) or the warning (`WARN`).
   * @param daysLeft whole days until `validTill`, when the checker can count them (the handler; not a Terraform plan)
   */
  public static expiresWithin(region: string, ca: string, validTill: string, days: number, behavior: ExpiryBehavior, daysLeft?: number): string {
    const left = daysLeft !== undefined ? ` (${daysLeft} days from now)` : '';
    const fix = behavior === ExpiryBehavior.WARN
      ? 'or lower minimumValidity'
      : 'or lower minimumValidity, or set expiryBehavior to ExpiryBehavior.WARN';
    return `${ca} in ${region} is valid until ${validTill}${left}, less than minimumValidity (${days} days) from now; ` +
      `plan the rotation to a CA that is valid for longer, ${fix}`;
  }

  /** RDS does not know the engine version. */
  public static unknownEngineVersion(engine: string, version: string, region: string): string {
    return `RDS does not offer ${engine} ${version} in ${region} (DescribeDBEngineVersions); ` +
      `choose a version from \`aws rds describe-db-engine-versions --engine ${engine} --region ${region}\``;
  }

  private constructor() {}
}

/** Thumbprints of the vendored roots, from the table generated at build time (no certificate is parsed). */
export class RootThumbprints {
  /** The vendored root's thumbprint of `ca` in `region`, or undefined when aurora-tls has none. */
  public static of(region: string, ca: CertificateAuthority): string | undefined {
    const row = Object.prototype.hasOwnProperty.call(ROOT_THUMBPRINTS, region) ? ROOT_THUMBPRINTS[region] : undefined;
    return row && Object.prototype.hasOwnProperty.call(row, ca.identifier) ? row[ca.identifier] : undefined;
  }

  /** Why there is no vendored root of `ca` in `region` (TrustStore's words; parses the store), or undefined. */
  public static problem(region: string, ca: CertificateAuthority): string | undefined {
    if (RootThumbprints.of(region, ca) !== undefined) return undefined;
    try {
      TrustStore.bundled().root(region, ca);
      return `aurora-tls has no vendored ${ca.identifier} root for ${region}`;
    } catch (e) {
      return (e as Error).message;
    }
  }

  private constructor() {}
}
