import { createHash, X509Certificate } from 'crypto';
import { readFileSync } from 'fs';
import { join } from 'path';
import { CertificateAuthority } from './certificate-authority';
import { RegionCatalog } from './region-catalog';

/** Which AWS environment a root belongs to (the global bundle also carries beta and preview roots). */
export enum RdsEnvironment {
  /** A production region. */
  PRODUCTION = 'production',
  /** `Amazon RDS Beta <region> ...` roots. */
  BETA = 'beta',
  /** `Amazon RDS Preview <region> ...` roots. */
  PREVIEW = 'preview',
}

// "Amazon RDS us-east-1 Root CA ECC384 G1", "Amazon RDS Beta us-east-1 Root CA RSA2048 G1"
const G1_ROOT_CN = /^Amazon RDS (?:(Beta|Preview) )?([a-z0-9-]+) Root CA (RSA2048|RSA4096|ECC384) G1$/;
const PEM_BLOCK = /-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/g;

/**
 * One certificate from an RDS trust bundle, with the facts applications and the deploy-time check need.
 */
export class RdsCertificate {
  /**
   * Parse one PEM certificate.
   * @throws if the text is not exactly one parseable certificate
   */
  public static fromPem(pem: string): RdsCertificate {
    const blocks = typeof pem === 'string' ? pem.match(PEM_BLOCK) ?? [] : [];
    if (blocks.length !== 1) {
      throw new Error(`Expected exactly one PEM certificate, found ${blocks.length}`);
    }
    return new RdsCertificate(blocks[0]);
  }

  /** The certificate in PEM form (one block, LF line endings, trailing newline). */
  public readonly pem: string;
  /** Lowercase hex SHA-1 of the DER encoding: the `Thumbprint` that RDS `DescribeCertificates` returns. */
  public readonly thumbprint: string;
  /** Lowercase hex SHA-256 of the DER encoding. */
  public readonly sha256: string;
  /** Subject distinguished name, one `KEY=value` per line as Node prints it. */
  public readonly subject: string;
  /** Subject common name, e.g. `Amazon RDS us-east-1 Root CA ECC384 G1`. */
  public readonly commonName: string;
  /** Issuer common name (equal to `commonName` for a self-signed root). */
  public readonly issuerCommonName: string;
  /** Serial number, upper-case hex as Node prints it. */
  public readonly serialNumber: string;
  /** Start of validity. */
  public readonly notBefore: Date;
  /** End of validity. */
  public readonly notAfter: Date;
  /** Whether subject and issuer are the same and the certificate verifies with its own key. */
  public readonly selfSigned: boolean;
  /** Whether the certificate is a CA certificate (basicConstraints CA:TRUE). */
  public readonly isCa: boolean;
  /** The region in the common name of a G1 root, if this is one. */
  public readonly region?: string;
  /** The RDS CA this G1 root anchors, if it is one. */
  public readonly certificateAuthority?: CertificateAuthority;
  /** The environment in the common name of a G1 root, if this is one. */
  public readonly environment?: RdsEnvironment;

  private constructor(pem: string) {
    const cert = new X509Certificate(pem);
    this.pem = `${pem.trim().replace(/\r\n/g, '\n')}\n`;
    this.thumbprint = createHash('sha1').update(cert.raw).digest('hex');
    this.sha256 = createHash('sha256').update(cert.raw).digest('hex');
    this.subject = cert.subject;
    this.commonName = commonNameOf(cert.subject);
    this.issuerCommonName = commonNameOf(cert.issuer);
    this.serialNumber = cert.serialNumber;
    this.notBefore = new Date(cert.validFrom);
    this.notAfter = new Date(cert.validTo);
    this.selfSigned = cert.subject === cert.issuer && cert.verify(cert.publicKey);
    this.isCa = cert.ca;
    const match = G1_ROOT_CN.exec(this.commonName);
    if (match && this.selfSigned) {
      this.environment = match[1] ? (match[1].toLowerCase() as RdsEnvironment) : RdsEnvironment.PRODUCTION;
      this.region = match[2];
      this.certificateAuthority = CertificateAuthority.all().find((ca) => ca.commonNameSuffix === `${match[3]} G1`);
    }
  }

  /**
   * Whether the certificate has expired (or is not yet valid) at the given time.
   * @param at @default now
   */
  public isExpired(at?: Date): boolean {
    const t = (at ?? new Date()).getTime();
    return t > this.notAfter.getTime() || t < this.notBefore.getTime();
  }

  /**
   * Whether the certificate is still valid `days` days after `at`.
   * @param days number of days (24 h each) the certificate must stay valid
   * @param at @default now
   */
  public isValidFor(days: number, at?: Date): boolean {
    const t = (at ?? new Date()).getTime();
    return !this.isExpired(at) && t + days * 86_400_000 <= this.notAfter.getTime();
  }
}

function commonNameOf(dn: string): string {
  const line = dn.split('\n').find((l) => l.startsWith('CN='));
  return line ? line.slice(3) : '';
}

let bundled: TrustStore | undefined;

/** One certificate of a store: its PEM and DER, where it came from, and its parsed form once needed. */
interface Entry {
  readonly pem: string;
  readonly der: Buffer;
  /** 1-based position of its bundle and of the block in it, for error messages. */
  readonly bundle: number;
  readonly block: number;
  certificate?: RdsCertificate;
}

/**
 * The RDS root certificates applications must trust, read from PEM bundles.
 *
 * `TrustStore.bundled()` reads the snapshot vendored in this package (`data/rds-truststore/`, checked against
 * `manifest.json` by the test suite): the AWS global bundle (108 G1 roots: 34 production regions plus beta and
 * preview) and the AWS GovCloud (US) roots. It is parsed once per process, on first use.
 */
export class TrustStore {
  /** The trust store vendored with aurora-tls (parsed once, lazily). */
  public static bundled(): TrustStore {
    if (!bundled) {
      const dir = TrustStore.bundledDirectory();
      const globalPem = readFileSync(join(dir, 'global-bundle.pem'), 'utf8');
      // The vendored files are verified against manifest.json by the test suite: parse each certificate on first use.
      bundled = new TrustStore(TrustStore.entriesOf([globalPem, readFileSync(join(dir, 'govcloud-bundle.pem'), 'utf8')]));
      bundled.globalPem = globalPem;
    }
    return bundled;
  }

  /** Absolute path of the vendored snapshot (`data/rds-truststore` in the package). */
  public static bundledDirectory(): string {
    return join(__dirname, '..', '..', 'data', 'rds-truststore');
  }

  /** A trust store of the certificates in one PEM bundle. */
  public static fromPem(pem: string): TrustStore {
    return TrustStore.fromPems([pem]);
  }

  /**
   * A trust store of the certificates in several PEM bundles (duplicates, by SHA-256, are kept once).
   * Every certificate is parsed now, so a bad block is reported here.
   * @throws if a bundle contains no certificate or a block that does not parse
   */
  public static fromPems(pems: string[]): TrustStore {
    const store = new TrustStore(TrustStore.entriesOf(pems));
    store.entries.forEach((entry) => {
      try {
        store.parse(entry);
      } catch (e) {
        throw new Error(`Certificate #${entry.block} of PEM bundle #${entry.bundle} does not parse: ${(e as Error).message}`);
      }
    });
    return store;
  }

  /** Split PEM bundles into DER entries, deduplicated by SHA-256, without parsing any certificate. */
  private static entriesOf(pems: string[]): Entry[] {
    const entries: Entry[] = [];
    const seen = new Set<string>();
    pems.forEach((pem, i) => {
      const blocks = typeof pem === 'string' ? pem.match(PEM_BLOCK) ?? [] : [];
      if (blocks.length === 0) throw new Error(`PEM bundle #${i + 1} contains no certificate`);
      blocks.forEach((block, j) => {
        const der = Buffer.from(block.replace(/-----(BEGIN|END) CERTIFICATE-----|\s/g, ''), 'base64');
        const digest = createHash('sha256').update(der).digest('hex');
        if (!seen.has(digest)) {
          seen.add(digest);
          entries.push({ pem: block, der, bundle: i + 1, block: j + 1 });
        }
      });
    });
    return entries;
  }

  private globalPem?: string;
  /** The certificates as DER, parsed on first use: a construct needs a region's 3 roots, not all 114. */
  private readonly entries: Entry[];

  private constructor(entries: Entry[]) {
    this.entries = entries;
  }

  /** Every certificate, in bundle order (parses any not parsed yet). */
  public get certificates(): RdsCertificate[] {
    return this.entries.map((entry) => this.parse(entry));
  }

  /** Number of certificates. */
  public get size(): number {
    return this.entries.length;
  }

  /**
   * The production G1 roots of a region, in documentation order (rsa2048, rsa4096, ecc384).
   * These are the roots published for the region, whatever the catalog says about which CAs can be chosen.
   * @throws if the region is unknown, or the store has no root for it (e.g. China: no China roots are vendored)
   */
  public rootsFor(region: string): RdsCertificate[] {
    RegionCatalog.validateRegion(region);
    const roots = this.productionRoots(region);
    if (roots.length === 0) {
      throw new Error(
        `The trust store has no RDS root for ${region}; download the bundle from ${RegionCatalog.bundleUrl(region)} instead`,
      );
    }
    return CertificateAuthority.all().flatMap((ca) => roots.filter((r) => r.certificateAuthority === ca));
  }

  /**
   * Whether the store holds roots for the region (it has none for China), without parsing any certificate.
   * @param region a region code such as 'us-east-1'
   */
  public hasRootsFor(region: string): boolean {
    const marker = Buffer.from(`Amazon RDS ${region} Root CA `, 'latin1');
    return this.entries.some((e) => e.der.includes(marker));
  }

  /**
   * The production root of one CA in a region.
   * @throws if the region is unknown or the store has no such root
   */
  public root(region: string, ca: CertificateAuthority): RdsCertificate {
    const found = this.rootsFor(region).find((r) => r.certificateAuthority === ca);
    if (!found) {
      throw new Error(`The trust store has no ${ca.identifier} root for ${region}`);
    }
    return found;
  }

  /** The region's roots as one PEM bundle (the same certificates as AWS's regional file; the order may differ). */
  public bundlePem(region: string): string {
    return this.rootsFor(region).map((c) => c.pem).join('');
  }

  /** The certificate with this SHA-1 thumbprint (lowercase or upper-case hex, colons allowed), if any. */
  public findByThumbprint(thumbprint: string): RdsCertificate | undefined {
    const normalized = String(thumbprint).replace(/:/g, '').toLowerCase();
    const entry = this.entries.find((e) => createHash('sha1').update(e.der).digest('hex') === normalized);
    return entry && this.parse(entry);
  }

  /** Every certificate expired (or not yet valid) at the given time. @param at @default now */
  public expired(at?: Date): RdsCertificate[] {
    return this.certificates.filter((c) => c.isExpired(at));
  }

  /**
   * The AWS commercial global bundle exactly as vendored (108 roots, byte for byte the AWS file).
   * @throws on a store not created by `TrustStore.bundled()`
   */
  public globalBundlePem(): string {
    if (this.globalPem === undefined) {
      throw new Error('globalBundlePem() is only available on TrustStore.bundled()');
    }
    return this.globalPem;
  }

  private productionRoots(region: string): RdsCertificate[] {
    // The common name is plain ASCII inside the DER: find the region's candidates without parsing the others.
    const marker = Buffer.from(`Amazon RDS ${region} Root CA `, 'latin1');
    return this.entries
      .filter((e) => e.der.includes(marker))
      .map((e) => this.parse(e))
      .filter((c) => c.region === region && c.environment === RdsEnvironment.PRODUCTION);
  }

  private parse(entry: Entry): RdsCertificate {
    if (!entry.certificate) entry.certificate = RdsCertificate.fromPem(entry.pem);
    return entry.certificate;
  }
}
