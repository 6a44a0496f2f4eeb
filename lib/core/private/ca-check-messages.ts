// The refusals of the certificate authority check, worded once for every layer that checks RDS's view of a CA
// against the vendored trust store (the Terraform plan-time preconditions; the values may be Terraform expressions).
// Not exported from the package.
import { ROOT_THUMBPRINTS } from './root-thumbprints';
import { CertificateAuthority } from '../certificate-authority';
import { TrustStore } from '../trust-store';

export class CaCheckMessages {
  /** RDS's thumbprint of the CA differs from the vendored root's. */
  public static thumbprintMismatch(region: string, ca: string, apiThumbprint: string, vendoredThumbprint: string): string {
    return `aurora-tls: Thumbprint mismatch in ${region}: RDS reports ${ca} with thumbprint ${apiThumbprint}, ` +
      `but the vendored ${region} bundle's ${ca} root has thumbprint ${vendoredThumbprint}. ` +
      'The vendored trust store is out of date or RDS rotated the CA: upgrade aurora-tls before deploying';
  }

  /** The CA expires within the minimum validity. */
  public static expiresWithin(region: string, ca: string, validTill: string, days: number, fix: string): string {
    return `aurora-tls: ${ca} in ${region} is valid until ${validTill}, less than minimumValidity (${days} days) from now; ` +
      `plan the rotation to a CA that is valid for longer, ${fix}`;
  }

  /** RDS does not know the engine version. */
  public static unknownEngineVersion(engine: string, version: string, region: string): string {
    return `aurora-tls: RDS does not offer ${engine} ${version} in ${region} (DescribeDBEngineVersions); ` +
      `choose a version from \`aws rds describe-db-engine-versions --engine ${engine} --region ${region}\``;
  }

  /** The region has no vendored root of the CA: the check cannot compare RDS's root with aurora-tls's. */
  public static noVendoredRoot(region: string, ca: string): string {
    return `aurora-tls: aurora-tls has no vendored ${ca} root for ${region}, so RDS's root cannot be checked there; ` +
      'deploy to another region, or set deployTimeCheck: false to deploy without the check and the trust bundle';
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
