import { describeValue, isUnresolvedToken } from './private/util';

/**
 * Key algorithm of a certificate authority's key pair.
 */
export enum KeyAlgorithm {
  /** RSA. */
  RSA = 'RSA',
  /** Elliptic curve (ECDSA). */
  EC = 'EC',
}

/**
 * Options for describing a certificate authority (internal to the catalog).
 */
interface CertificateAuthorityDefinition {
  readonly identifier: string;
  readonly keyAlgorithm: KeyAlgorithm;
  readonly keySize: number;
  readonly signatureAlgorithm: string;
  readonly commonNameSuffix: string;
  readonly description: string;
}

/**
 * CAs that AWS once offered for RDS and Aurora and that must not be chosen any more, with the reason.
 */
const RETIRED: Record<string, string> = {
  'rds-ca-2019': 'expired on 2024-08-22',
  'rds-ca-2015': 'expired on 2020-03-05',
  'rds-ca-2010': 'expired on 2015-04-05',
};

/**
 * A certificate authority that Amazon RDS can use to sign the server certificate of an Aurora DB instance.
 *
 * Enum-like: use the static constants, or `CertificateAuthority.of()` for an identifier read from
 * configuration (it validates and refuses retired CAs).
 *
 * @see https://docs.aws.amazon.com/AmazonRDS/latest/AuroraUserGuide/UsingWithRDS.SSL.html
 */
export class CertificateAuthority {
  /**
   * `rds-ca-rsa2048-g1`: RSA 2048 key, SHA-256 signatures (SHA-384 in the AWS GovCloud (US) Regions).
   * Offered in every region; the RDS default. Supports automatic server certificate rotation.
   */
  public static readonly RSA2048_G1 = new CertificateAuthority({
    identifier: 'rds-ca-rsa2048-g1',
    keyAlgorithm: KeyAlgorithm.RSA,
    keySize: 2048,
    signatureAlgorithm: 'sha256WithRSAEncryption',
    commonNameSuffix: 'RSA2048 G1',
    description: 'RSA 2048 private key, SHA-256 signatures (SHA-384 in AWS GovCloud (US))',
  });

  /**
   * `rds-ca-rsa4096-g1`: RSA 4096 key, SHA-384 signatures. Not offered in every region
   * (see `RegionCatalog.isAvailable`). Supports automatic server certificate rotation.
   */
  public static readonly RSA4096_G1 = new CertificateAuthority({
    identifier: 'rds-ca-rsa4096-g1',
    keyAlgorithm: KeyAlgorithm.RSA,
    keySize: 4096,
    signatureAlgorithm: 'sha384WithRSAEncryption',
    commonNameSuffix: 'RSA4096 G1',
    description: 'RSA 4096 private key, SHA-384 signatures',
  });

  /**
   * `rds-ca-ecc384-g1`: ECC P-384 key, SHA-384 signatures. Not offered in every region
   * (see `RegionCatalog.isAvailable`). Supports automatic server certificate rotation.
   */
  public static readonly ECC384_G1 = new CertificateAuthority({
    identifier: 'rds-ca-ecc384-g1',
    keyAlgorithm: KeyAlgorithm.EC,
    keySize: 384,
    signatureAlgorithm: 'ecdsa-with-SHA384',
    commonNameSuffix: 'ECC384 G1',
    description: 'ECC 384 private key, SHA-384 signatures',
  });

  /**
   * Every certificate authority that can be chosen today, in the order of the AWS documentation
   * (rsa2048, rsa4096, ecc384).
   */
  public static all(): CertificateAuthority[] {
    return [CertificateAuthority.RSA2048_G1, CertificateAuthority.RSA4096_G1, CertificateAuthority.ECC384_G1];
  }

  /**
   * The certificate authority with this identifier.
   *
   * @param identifier an RDS CA identifier such as `rds-ca-ecc384-g1` (exact, lower case)
   * @throws if the identifier is retired (such as `rds-ca-2019`) or unknown; the message says what to use instead
   */
  public static of(identifier: string): CertificateAuthority {
    if (typeof identifier !== 'string') {
      throw new Error(`Certificate authority must be a string such as 'rds-ca-rsa2048-g1', got ${describeValue(identifier)}`);
    }
    const found = CertificateAuthority.all().find((ca) => ca.identifier === identifier);
    if (found) return found;
    const known = CertificateAuthority.all().map((ca) => ca.identifier).join(', ');
    const shown = describeValue(identifier);
    if (isUnresolvedToken(identifier)) {
      throw new Error(`Certificate authority ${shown} is an unresolved token; aurora-tls needs the identifier at synth time: use one of ${known}`);
    }
    const normalized = identifier.trim().toLowerCase();
    const retired = Object.prototype.hasOwnProperty.call(RETIRED, normalized) ? RETIRED[normalized] : undefined;
    if (retired) {
      throw new Error(`Certificate authority ${shown} ${retired} and can no longer be chosen; use ${known} (rds-ca-rsa2048-g1 is offered in every region)`);
    }
    const exact = CertificateAuthority.all().find((ca) => ca.identifier === normalized);
    if (exact) {
      throw new Error(`Certificate authority ${shown} must be written exactly as '${exact.identifier}' (lower case, no spaces)`);
    }
    throw new Error(`Unknown certificate authority ${shown}; choose one of ${known}`);
  }

  /** The RDS identifier, e.g. `rds-ca-ecc384-g1` (the value of `CACertificateIdentifier`). */
  public readonly identifier: string;
  /** Key algorithm of the CA key. */
  public readonly keyAlgorithm: KeyAlgorithm;
  /** Key size in bits (RSA modulus length, or the EC curve size). */
  public readonly keySize: number;
  /** Signature algorithm of the CA certificate (outside AWS GovCloud (US) for `rds-ca-rsa2048-g1`). */
  public readonly signatureAlgorithm: string;
  /** Last words of the root certificate's common name, e.g. `ECC384 G1` in `Amazon RDS us-east-1 Root CA ECC384 G1`. */
  public readonly commonNameSuffix: string;
  /** One-line description. */
  public readonly description: string;

  private constructor(def: CertificateAuthorityDefinition) {
    this.identifier = def.identifier;
    this.keyAlgorithm = def.keyAlgorithm;
    this.keySize = def.keySize;
    this.signatureAlgorithm = def.signatureAlgorithm;
    this.commonNameSuffix = def.commonNameSuffix;
    this.description = def.description;
  }

  /** Whether this is the same CA as `other`. */
  public sameAs(other: CertificateAuthority): boolean {
    return other instanceof CertificateAuthority && other.identifier === this.identifier;
  }

  /** The RDS identifier. */
  public toString(): string {
    return this.identifier;
  }
}
