import { CatalogSource } from './catalog-source';
import { CertificateAuthority } from './certificate-authority';
import { CHINA_REGIONS, COMMERCIAL_REGIONS, GOVCLOUD_REGIONS, RegionRow } from './private/region-data';
import { describeValue, isUnresolvedToken } from './private/util';

/** AWS partition of a region. */
export enum Partition {
  /** Commercial AWS regions. */
  AWS = 'aws',
  /** AWS GovCloud (US). */
  AWS_US_GOV = 'aws-us-gov',
  /** AWS China (Beijing, Ningxia). */
  AWS_CN = 'aws-cn',
}

/** Encoding of a certificate bundle. */
export enum BundleFormat {
  /** PEM: concatenated `-----BEGIN CERTIFICATE-----` blocks (libpq, mysql, Node, Python). */
  PEM = 'pem',
  /** PKCS#7 (`.p7b`, PEM-armored): for Windows and Java tooling. */
  P7B = 'p7b',
}

/** What the catalog knows about one region. */
export interface RegionInfo {
  /** Region code, e.g. `ap-south-1`. */
  readonly region: string;
  /** Human-readable name, e.g. `Asia Pacific (Mumbai)`. */
  readonly name: string;
  /** AWS partition. */
  readonly partition: Partition;
  /** CAs that can be chosen for DB instances here, per the documented availability. */
  readonly availableAuthorities: CertificateAuthority[];
  /** CAs documented as not offered here. */
  readonly unavailableAuthorities: CertificateAuthority[];
  /** Where the facts about this region come from. */
  readonly sources: CatalogSource[];
  /** Known disagreements between sources, and other caveats. Empty when the sources agree. */
  readonly notes: string[];
}

const REGION_SHAPE = /^[a-z]{2}(-gov|-iso[a-z]?)?-[a-z]+-\d{1,2}$/;

interface IndexedRow { readonly row: RegionRow; readonly partition: Partition }

let index: Map<string, IndexedRow> | undefined;

function regionIndex(): Map<string, IndexedRow> {
  if (!index) {
    index = new Map();
    for (const row of COMMERCIAL_REGIONS) index.set(row.region, { row, partition: Partition.AWS });
    for (const row of GOVCLOUD_REGIONS) index.set(row.region, { row, partition: Partition.AWS_US_GOV });
    for (const row of CHINA_REGIONS) index.set(row.region, { row, partition: Partition.AWS_CN });
  }
  return index;
}

const TRUSTSTORE_HOSTS: Record<Partition, string> = {
  [Partition.AWS]: 'https://truststore.pki.rds.amazonaws.com',
  [Partition.AWS_US_GOV]: 'https://truststore.pki.us-gov-west-1.rds.amazonaws.com',
  [Partition.AWS_CN]: 'https://rds-truststore.s3.cn-north-1.amazonaws.com.cn',
};

/**
 * Which certificate authorities each AWS region offers for Aurora DB instances, and where its trust bundle lives.
 *
 * The catalog keeps the *documented* availability (the AWS Aurora user guide), records every source per region,
 * and explains known disagreements in `notes()`. The deploy-time check (DescribeCertificates) has the last word.
 * Every method validates its region: an unknown or malformed region is an error naming it, never a silent `false`.
 */
export class RegionCatalog {
  /** Every region the catalog knows, commercial first, then GovCloud and China. */
  public static regions(): string[] {
    return [...regionIndex().keys()];
  }

  /** The regions of one partition. */
  public static regionsIn(partition: Partition): string[] {
    RegionCatalog.checkPartition(partition);
    return [...regionIndex().values()].filter((r) => r.partition === partition).map((r) => r.row.region);
  }

  /** Whether `region` is a region the catalog knows (validates nothing, never throws). */
  public static isKnownRegion(region: string): boolean {
    return typeof region === 'string' && regionIndex().has(region);
  }

  /**
   * Whether the certificate authority can be chosen for DB instances in the region.
   * @throws if the region is unknown or malformed, or `ca` is not a CertificateAuthority
   */
  public static isAvailable(region: string, ca: CertificateAuthority): boolean {
    const row = RegionCatalog.lookup(region).row;
    RegionCatalog.checkAuthority(ca);
    return !(row.unavailable ?? []).includes(ca.identifier);
  }

  /** The certificate authorities offered in the region, in documentation order. */
  public static availableAuthorities(region: string): CertificateAuthority[] {
    const row = RegionCatalog.lookup(region).row;
    return CertificateAuthority.all().filter((ca) => !(row.unavailable ?? []).includes(ca.identifier));
  }

  /** Every region where the certificate authority is documented as not offered. */
  public static regionsWithout(ca: CertificateAuthority): string[] {
    RegionCatalog.checkAuthority(ca);
    return [...regionIndex().values()].filter((r) => (r.row.unavailable ?? []).includes(ca.identifier)).map((r) => r.row.region);
  }

  /** Everything the catalog knows about the region. */
  public static describe(region: string): RegionInfo {
    const { row, partition } = RegionCatalog.lookup(region);
    const unavailable = row.unavailable ?? [];
    return {
      region: row.region,
      name: row.name,
      partition,
      availableAuthorities: CertificateAuthority.all().filter((ca) => !unavailable.includes(ca.identifier)),
      unavailableAuthorities: CertificateAuthority.all().filter((ca) => unavailable.includes(ca.identifier)),
      sources: [...row.sources],
      notes: [...(row.notes ?? [])],
    };
  }

  /** Known disagreements between sources and other caveats for the region (empty when there are none). */
  public static notes(region: string): string[] {
    return [...(RegionCatalog.lookup(region).row.notes ?? [])];
  }

  /** The partition of the region. */
  public static partitionOf(region: string): Partition {
    return RegionCatalog.lookup(region).partition;
  }

  /**
   * The URL of the region's certificate bundle (its G1 roots).
   * @param format @default BundleFormat.PEM
   */
  public static bundleUrl(region: string, format?: BundleFormat): string {
    const { partition } = RegionCatalog.lookup(region);
    const ext = RegionCatalog.checkFormat(format);
    return `${TRUSTSTORE_HOSTS[partition]}/${region}/${region}-bundle.${ext}`;
  }

  /**
   * The URL of a partition's global bundle (the roots of every region of the partition).
   * @param partition @default Partition.AWS
   * @param format @default BundleFormat.PEM
   */
  public static globalBundleUrl(partition?: Partition, format?: BundleFormat): string {
    const p = partition ?? Partition.AWS;
    RegionCatalog.checkPartition(p);
    const ext = RegionCatalog.checkFormat(format);
    return `${TRUSTSTORE_HOSTS[p]}/global/global-bundle.${ext}`;
  }

  /**
   * Validate a region code and return it: the error names the region and what to do.
   * @throws on non-strings, empty strings, whitespace, upper case, malformed codes and unknown regions
   */
  public static validateRegion(region: string): string {
    return RegionCatalog.lookup(region).row.region;
  }

  private static lookup(region: string): IndexedRow {
    if (typeof region !== 'string') {
      throw new Error(`Region must be a string such as 'us-east-1', got ${describeValue(region)}`);
    }
    const found = regionIndex().get(region);
    if (found) return found;
    if (region.length === 0) {
      throw new Error("Region must not be empty; pass a region code such as 'us-east-1'");
    }
    if (region.trim() !== region) {
      throw new Error(`Region ${describeValue(region)} has leading or trailing whitespace; use '${region.trim()}'`);
    }
    if (isUnresolvedToken(region)) {
      throw new Error(
        `Region ${describeValue(region)} is an unresolved token; the catalog needs a literal region such as 'us-east-1' ` +
          '(aurora-tls constructs move the check to deploy time for env-agnostic stacks)',
      );
    }
    if (region.toLowerCase() !== region && REGION_SHAPE.test(region.toLowerCase())) {
      throw new Error(`Region ${describeValue(region)} must be lower case; use '${region.toLowerCase()}'`);
    }
    if (!REGION_SHAPE.test(region)) {
      throw new Error(`Region ${describeValue(region)} is not a region code; expected the form 'us-east-1'`);
    }
    const closest = closestRegions(region);
    const hint = closest.length > 0 ? ` (closest: ${closest.join(', ')})` : '';
    throw new Error(
      `Unknown region '${region}'${hint}; aurora-tls knows ${regionIndex().size} regions (RegionCatalog.regions()). ` +
        'Check the spelling, or upgrade aurora-tls if the region is new',
    );
  }

  private static checkAuthority(ca: CertificateAuthority): void {
    if (!(ca instanceof CertificateAuthority)) {
      const hint = typeof ca === 'string' ? `; use CertificateAuthority.of('${ca}')` : '';
      throw new Error(`Expected a CertificateAuthority such as CertificateAuthority.RSA2048_G1, got ${describeValue(ca)}${hint}`);
    }
  }

  private static checkFormat(format: BundleFormat | undefined): string {
    if (format === undefined) return BundleFormat.PEM;
    if (!Object.values(BundleFormat).includes(format)) {
      throw new Error(`Unknown bundle format ${describeValue(format)}; use BundleFormat.PEM or BundleFormat.P7B`);
    }
    return format;
  }

  private static checkPartition(partition: Partition): void {
    if (!Object.values(Partition).includes(partition)) {
      throw new Error(`Unknown partition ${describeValue(partition)}; use Partition.AWS, Partition.AWS_US_GOV or Partition.AWS_CN`);
    }
  }
}

/** Up to three known regions within edit distance 3 of `region`, nearest first. */
function closestRegions(region: string): string[] {
  return [...regionIndex().keys()]
    .map((known) => ({ known, distance: editDistance(region, known) }))
    .filter((c) => c.distance <= 3)
    .sort((a, b) => a.distance - b.distance || a.known.localeCompare(b.known))
    .slice(0, 3)
    .map((c) => c.known);
}

function editDistance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    let diagonal = row[0];
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const above = row[j];
      row[j] = Math.min(row[j] + 1, row[j - 1] + 1, diagonal + (a[i - 1] === b[j - 1] ? 0 : 1));
      diagonal = above;
    }
  }
  return row[b.length];
}
