import { CertificateAuthority } from './certificate-authority';
import { describeValue } from './private/util';
import { RegionCatalog } from './region-catalog';

/**
 * How a cluster chooses its server certificate authority: one exact CA, or an ordered preference resolved per region.
 *
 * Shared by the AWS CDK and CDK for Terraform constructs, so both resolve and refuse identically.
 */
export class CaSelection {
  /** Exactly this CA; choosing it in a region that does not offer it is an error. */
  public static exactly(ca: CertificateAuthority): CaSelection {
    CaSelection.checkAuthority('CaSelection.exactly()', ca, 0);
    return new CaSelection([ca], false);
  }

  /**
   * The first CA of the list that the region offers: for apps deployed to many regions.
   * End the list with `CertificateAuthority.RSA2048_G1` (offered everywhere) to never fail.
   * @param authorities most preferred first; at least one, no duplicates
   */
  public static preferred(authorities: CertificateAuthority[]): CaSelection {
    if (!Array.isArray(authorities) || authorities.length === 0) {
      throw new Error(
        `CaSelection.preferred() needs at least one certificate authority, got ${describeValue(authorities)}; ` +
          'e.g. CaSelection.preferred([CertificateAuthority.ECC384_G1, CertificateAuthority.RSA2048_G1])',
      );
    }
    authorities.forEach((ca, i) => CaSelection.checkAuthority('CaSelection.preferred()', ca, i));
    const seen = new Set<string>();
    for (const ca of authorities) {
      if (seen.has(ca.identifier)) {
        throw new Error(`CaSelection.preferred() lists ${ca.identifier} twice; list each certificate authority once, most preferred first`);
      }
      seen.add(ca.identifier);
    }
    return new CaSelection([...authorities], true);
  }

  private static constantOf(ca: CertificateAuthority): string {
    const name = Object.entries(CertificateAuthority).find(([, v]) => v === ca)?.[0];
    return `CertificateAuthority.${name ?? 'RSA2048_G1'}`;
  }

  private static checkAuthority(where: string, ca: unknown, position: number): void {
    if (!(ca instanceof CertificateAuthority)) {
      const hint = typeof ca === 'string' ? `; use CertificateAuthority.of('${ca}')` : '';
      throw new Error(`${where} takes CertificateAuthority values, got ${describeValue(ca)} at position ${position + 1}${hint}`);
    }
  }

  /** The candidates, most preferred first (one for `exactly`). */
  public readonly candidates: CertificateAuthority[];
  /** Whether this is a `preferred()` list (resolved per region) rather than `exactly()`. */
  public readonly isPreference: boolean;

  private constructor(candidates: CertificateAuthority[], isPreference: boolean) {
    this.candidates = candidates;
    this.isPreference = isPreference;
  }

  /**
   * The CA to use in a region.
   * @throws if the region is unknown, or no candidate is offered there (the message names region, CA and the alternatives)
   */
  public resolve(region: string): CertificateAuthority {
    const problem = this.problemIn(region);
    if (problem) throw new Error(problem);
    return this.candidates.find((ca) => RegionCatalog.isAvailable(region, ca))!;
  }

  /**
   * Why this selection cannot be used in the region, or `undefined` if it can.
   * @throws if the region is unknown or malformed
   */
  public problemIn(region: string): string | undefined {
    const available = RegionCatalog.availableAuthorities(region);
    if (this.candidates.some((ca) => available.includes(ca))) return undefined;
    const offered = available.map((ca) => ca.identifier).join(', ');
    if (!this.isPreference) {
      const ca = this.candidates[0].identifier;
      return `${ca} is not offered in ${region} (AWS Aurora user guide); choose ${offered} ` +
        `or CaSelection.preferred([${CaSelection.constantOf(this.candidates[0])}, CertificateAuthority.RSA2048_G1]) to fall back where it is missing`;
    }
    const listed = this.candidates.map((ca) => ca.identifier).join(', ');
    return `None of the preferred certificate authorities (${listed}) is offered in ${region} (AWS Aurora user guide); ` +
      `add ${offered} to the list (rds-ca-rsa2048-g1 is offered in every region)`;
  }

  /**
   * The resolved CA of every known region where this selection can be used (region → CA identifier).
   * Used to build deploy-time lookups for stacks whose region is only known at deploy time.
   */
  public resolutionTable(): { [region: string]: string } {
    const table: { [region: string]: string } = {};
    for (const region of RegionCatalog.regions()) {
      if (!this.problemIn(region)) table[region] = this.resolve(region).identifier;
    }
    return table;
  }

  /** Known regions where this selection cannot be used (no candidate offered there). */
  public unsupportedRegions(): string[] {
    return RegionCatalog.regions().filter((region) => this.problemIn(region) !== undefined);
  }

  /** Human-readable form: `exactly(rds-ca-ecc384-g1)` or `preferred(rds-ca-ecc384-g1, rds-ca-rsa2048-g1)`. */
  public toString(): string {
    const ids = this.candidates.map((ca) => ca.identifier).join(', ');
    return this.isPreference ? `preferred(${ids})` : `exactly(${ids})`;
  }
}
