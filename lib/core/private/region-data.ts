// The region table behind RegionCatalog. Data, not code: every row names where it comes from.
//
// Sources (see docs/REGIONS.md, generated from this table by `npx projen docs:regions`):
//   GUIDE   - AWS Aurora user guide, "Using SSL/TLS to encrypt a connection to a DB cluster",
//             table "Certificate bundles by AWS Region" and the list of regions without rsa4096/ecc384
//             (../shared/seeds/001_104617fff4187aa9.txt, retrieved for this snapshot).
//   BUNDLE  - the vendored global bundle data/rds-truststore/global-bundle.pem (108 G1 roots, SHA-256 e5bb2084...).
//   GOVROOTS - data/rds-truststore/govcloud-bundle.pem, a roots-only extract (not an AWS file).
//   CHINA   - the AWS China truststore host (rds-truststore.s3.cn-north-1.amazonaws.com.cn); not in the guide.

import { CatalogSource } from '../catalog-source';

export interface RegionRow {
  readonly region: string;
  readonly name: string;
  /** CAs the guide says are NOT available for DB instances here. */
  readonly unavailable?: readonly string[];
  readonly sources: readonly CatalogSource[];
  readonly notes?: readonly string[];
}

const G = CatalogSource.AURORA_USER_GUIDE;
const B = CatalogSource.GLOBAL_BUNDLE;

const NOT_4096_ECC = ['rds-ca-rsa4096-g1', 'rds-ca-ecc384-g1'];

function excluded(region: string, name: string): RegionRow {
  return {
    region,
    name,
    unavailable: NOT_4096_ECC,
    sources: [G, B],
    notes: [
      `The AWS Aurora user guide says rds-ca-rsa4096-g1 and rds-ca-ecc384-g1 are not available in ${name} (${region}), ` +
        'but the vendored global bundle contains this region\'s RSA4096 G1 and ECC384 G1 roots. ' +
        'aurora-tls follows the guide (only rds-ca-rsa2048-g1 is offered); a root in the bundle does not prove the CA can be chosen ' +
        'for a DB instance, and the deploy-time DescribeCertificates check has the last word.',
    ],
  };
}

function usWest2Path(region: string, name: string): RegionRow {
  return {
    region,
    name,
    sources: [G, B],
    notes: [
      `The AWS Aurora user guide links the ${name} bundle under /us-west-2/ ` +
        `(https://truststore.pki.rds.amazonaws.com/us-west-2/${region}-bundle.pem), which looks like a documentation error; ` +
        `aurora-tls uses the regular path /${region}/${region}-bundle.pem.`,
    ],
  };
}

function notInGuide(region: string, name: string, firstValid: string): RegionRow {
  return {
    region,
    name,
    sources: [B],
    notes: [
      `${name} (${region}) is not in the AWS Aurora user guide's bundle table; the vendored global bundle has its three G1 roots ` +
        `(valid from ${firstValid}). aurora-tls assumes all three CAs are offered, as in every region the guide does not exclude; ` +
        'the deploy-time DescribeCertificates check has the last word.',
    ],
  };
}

function commercial(region: string, name: string): RegionRow {
  return { region, name, sources: [G, B] };
}

/** Commercial regions (partition aws), in the order of the guide's table, then the ones it lacks. */
export const COMMERCIAL_REGIONS: readonly RegionRow[] = [
  commercial('us-east-1', 'US East (N. Virginia)'),
  commercial('us-east-2', 'US East (Ohio)'),
  commercial('us-west-1', 'US West (N. California)'),
  commercial('us-west-2', 'US West (Oregon)'),
  commercial('af-south-1', 'Africa (Cape Town)'),
  commercial('ap-east-1', 'Asia Pacific (Hong Kong)'),
  commercial('ap-south-2', 'Asia Pacific (Hyderabad)'),
  commercial('ap-southeast-3', 'Asia Pacific (Jakarta)'),
  commercial('ap-southeast-5', 'Asia Pacific (Malaysia)'),
  excluded('ap-southeast-4', 'Asia Pacific (Melbourne)'),
  excluded('ap-south-1', 'Asia Pacific (Mumbai)'),
  commercial('ap-northeast-3', 'Asia Pacific (Osaka)'),
  usWest2Path('ap-southeast-7', 'Asia Pacific (Thailand)'),
  commercial('ap-northeast-1', 'Asia Pacific (Tokyo)'),
  commercial('ap-northeast-2', 'Asia Pacific (Seoul)'),
  commercial('ap-southeast-1', 'Asia Pacific (Singapore)'),
  commercial('ap-southeast-2', 'Asia Pacific (Sydney)'),
  commercial('ca-central-1', 'Canada (Central)'),
  excluded('ca-west-1', 'Canada West (Calgary)'),
  commercial('eu-central-1', 'Europe (Frankfurt)'),
  commercial('eu-west-1', 'Europe (Ireland)'),
  commercial('eu-west-2', 'Europe (London)'),
  commercial('eu-south-1', 'Europe (Milan)'),
  commercial('eu-west-3', 'Europe (Paris)'),
  excluded('eu-south-2', 'Europe (Spain)'),
  commercial('eu-north-1', 'Europe (Stockholm)'),
  excluded('eu-central-2', 'Europe (Zurich)'),
  excluded('il-central-1', 'Israel (Tel Aviv)'),
  usWest2Path('mx-central-1', 'Mexico (Central)'),
  commercial('me-south-1', 'Middle East (Bahrain)'),
  commercial('me-central-1', 'Middle East (UAE)'),
  commercial('sa-east-1', 'South America (São Paulo)'),
  notInGuide('ap-east-2', 'Asia Pacific (Taipei)', '2025-02'),
  notInGuide('ap-southeast-6', 'Asia Pacific (New Zealand)', '2025-05'),
];

const GOVCLOUD_NOTE =
  'Bundles are served from truststore.pki.us-gov-west-1.rds.amazonaws.com. Here rds-ca-rsa2048-g1 signs with SHA-384. ' +
  'The vendored GovCloud roots come from a derived roots-only file (not an AWS file); the AWS GovCloud global bundle also holds intermediates.';

export const GOVCLOUD_REGIONS: readonly RegionRow[] = [
  { region: 'us-gov-east-1', name: 'AWS GovCloud (US-East)', sources: [G, CatalogSource.GOVCLOUD_ROOTS], notes: [GOVCLOUD_NOTE] },
  { region: 'us-gov-west-1', name: 'AWS GovCloud (US-West)', sources: [G, CatalogSource.GOVCLOUD_ROOTS], notes: [GOVCLOUD_NOTE] },
];

const CHINA_NOTE =
  'Not in the AWS Aurora user guide\'s table; bundles are served from rds-truststore.s3.cn-north-1.amazonaws.com.cn. ' +
  'No China roots are vendored, so TrustStore has no roots for this region and the trust bundle must come from that URL. ' +
  'No CA exclusion is documented, so all three CAs are assumed offered; the deploy-time DescribeCertificates check has the last word.';

export const CHINA_REGIONS: readonly RegionRow[] = [
  { region: 'cn-north-1', name: 'China (Beijing)', sources: [CatalogSource.CHINA_TRUSTSTORE], notes: [CHINA_NOTE] },
  { region: 'cn-northwest-1', name: 'China (Ningxia)', sources: [CatalogSource.CHINA_TRUSTSTORE], notes: [CHINA_NOTE] },
];
