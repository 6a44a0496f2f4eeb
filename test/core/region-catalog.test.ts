import { BundleFormat, CatalogSource, CertificateAuthority, Partition, RegionCatalog } from '../../lib';

const { RSA2048_G1, RSA4096_G1, ECC384_G1 } = CertificateAuthority;

// Every region row of the "Certificate bundles by AWS Region" table in the AWS Aurora user guide
// (../shared/seeds/001_104617fff4187aa9.txt), as [region, name].
const GUIDE_COMMERCIAL: Array<[string, string]> = [
  ['us-east-1', 'US East (N. Virginia)'], ['us-east-2', 'US East (Ohio)'], ['us-west-1', 'US West (N. California)'],
  ['us-west-2', 'US West (Oregon)'], ['af-south-1', 'Africa (Cape Town)'], ['ap-east-1', 'Asia Pacific (Hong Kong)'],
  ['ap-south-2', 'Asia Pacific (Hyderabad)'], ['ap-southeast-3', 'Asia Pacific (Jakarta)'], ['ap-southeast-5', 'Asia Pacific (Malaysia)'],
  ['ap-southeast-4', 'Asia Pacific (Melbourne)'], ['ap-south-1', 'Asia Pacific (Mumbai)'], ['ap-northeast-3', 'Asia Pacific (Osaka)'],
  ['ap-southeast-7', 'Asia Pacific (Thailand)'], ['ap-northeast-1', 'Asia Pacific (Tokyo)'], ['ap-northeast-2', 'Asia Pacific (Seoul)'],
  ['ap-southeast-1', 'Asia Pacific (Singapore)'], ['ap-southeast-2', 'Asia Pacific (Sydney)'], ['ca-central-1', 'Canada (Central)'],
  ['ca-west-1', 'Canada West (Calgary)'], ['eu-central-1', 'Europe (Frankfurt)'], ['eu-west-1', 'Europe (Ireland)'],
  ['eu-west-2', 'Europe (London)'], ['eu-south-1', 'Europe (Milan)'], ['eu-west-3', 'Europe (Paris)'], ['eu-south-2', 'Europe (Spain)'],
  ['eu-north-1', 'Europe (Stockholm)'], ['eu-central-2', 'Europe (Zurich)'], ['il-central-1', 'Israel (Tel Aviv)'],
  ['mx-central-1', 'Mexico (Central)'], ['me-south-1', 'Middle East (Bahrain)'], ['me-central-1', 'Middle East (UAE)'],
  ['sa-east-1', 'South America (São Paulo)'],
];
const GUIDE_GOVCLOUD: Array<[string, string]> = [['us-gov-east-1', 'AWS GovCloud (US-East)'], ['us-gov-west-1', 'AWS GovCloud (US-West)']];
// The regions the guide says lack rds-ca-rsa4096-g1 and rds-ca-ecc384-g1.
const EXCLUDED = ['ap-south-1', 'ap-southeast-4', 'ca-west-1', 'eu-central-2', 'eu-south-2', 'il-central-1'];

describe('RegionCatalog: the guide table', () => {
  test('knows the 32 commercial rows, 2 GovCloud rows, 2 China regions and the 2 regions missing from the guide', () => {
    expect(GUIDE_COMMERCIAL).toHaveLength(32);
    expect(RegionCatalog.regions()).toHaveLength(38);
    expect(RegionCatalog.regionsIn(Partition.AWS).sort()).toEqual([...GUIDE_COMMERCIAL.map(([r]) => r), 'ap-east-2', 'ap-southeast-6'].sort());
    expect(RegionCatalog.regionsIn(Partition.AWS_US_GOV)).toEqual(['us-gov-east-1', 'us-gov-west-1']);
    expect(RegionCatalog.regionsIn(Partition.AWS_CN)).toEqual(['cn-north-1', 'cn-northwest-1']);
  });

  test.each(GUIDE_COMMERCIAL)('%s (%s): name, partition, bundle URLs in both formats, CA availability', (region, name) => {
    const info = RegionCatalog.describe(region);
    expect(info.name).toBe(name);
    expect(info.partition).toBe(Partition.AWS);
    expect(info.sources).toContain(CatalogSource.AURORA_USER_GUIDE);
    expect(RegionCatalog.bundleUrl(region)).toBe(`https://truststore.pki.rds.amazonaws.com/${region}/${region}-bundle.pem`);
    expect(RegionCatalog.bundleUrl(region, BundleFormat.P7B)).toBe(`https://truststore.pki.rds.amazonaws.com/${region}/${region}-bundle.p7b`);
    const excluded = EXCLUDED.includes(region);
    expect(RegionCatalog.isAvailable(region, RSA2048_G1)).toBe(true);
    expect(RegionCatalog.isAvailable(region, RSA4096_G1)).toBe(!excluded);
    expect(RegionCatalog.isAvailable(region, ECC384_G1)).toBe(!excluded);
    expect(RegionCatalog.availableAuthorities(region)).toEqual(excluded ? [RSA2048_G1] : [RSA2048_G1, RSA4096_G1, ECC384_G1]);
  });

  test.each(GUIDE_GOVCLOUD)('%s (%s): GovCloud host, all three CAs', (region, name) => {
    expect(RegionCatalog.describe(region).name).toBe(name);
    expect(RegionCatalog.partitionOf(region)).toBe(Partition.AWS_US_GOV);
    expect(RegionCatalog.bundleUrl(region)).toBe(`https://truststore.pki.us-gov-west-1.rds.amazonaws.com/${region}/${region}-bundle.pem`);
    expect(RegionCatalog.bundleUrl(region, BundleFormat.P7B)).toBe(`https://truststore.pki.us-gov-west-1.rds.amazonaws.com/${region}/${region}-bundle.p7b`);
    expect(RegionCatalog.availableAuthorities(region)).toEqual([RSA2048_G1, RSA4096_G1, ECC384_G1]);
    expect(RegionCatalog.notes(region).join(' ')).toContain('rds-ca-rsa2048-g1 signs with SHA-384');
  });

  test.each(['cn-north-1', 'cn-northwest-1'])('%s: China host', (region) => {
    expect(RegionCatalog.partitionOf(region)).toBe(Partition.AWS_CN);
    expect(RegionCatalog.bundleUrl(region)).toBe(`https://rds-truststore.s3.cn-north-1.amazonaws.com.cn/${region}/${region}-bundle.pem`);
    expect(RegionCatalog.describe(region).sources).toEqual([CatalogSource.CHINA_TRUSTSTORE]);
    expect(RegionCatalog.notes(region).join(' ')).toContain('No China roots are vendored');
  });

  test('global bundles per partition and format', () => {
    expect(RegionCatalog.globalBundleUrl()).toBe('https://truststore.pki.rds.amazonaws.com/global/global-bundle.pem');
    expect(RegionCatalog.globalBundleUrl(Partition.AWS, BundleFormat.P7B)).toBe('https://truststore.pki.rds.amazonaws.com/global/global-bundle.p7b');
    expect(RegionCatalog.globalBundleUrl(Partition.AWS_US_GOV)).toBe('https://truststore.pki.us-gov-west-1.rds.amazonaws.com/global/global-bundle.pem');
    expect(RegionCatalog.globalBundleUrl(Partition.AWS_US_GOV, BundleFormat.P7B)).toBe('https://truststore.pki.us-gov-west-1.rds.amazonaws.com/global/global-bundle.p7b');
    expect(RegionCatalog.globalBundleUrl(Partition.AWS_CN)).toBe('https://rds-truststore.s3.cn-north-1.amazonaws.com.cn/global/global-bundle.pem');
  });

  test('regionsWithout lists exactly the six documented exclusions', () => {
    expect(RegionCatalog.regionsWithout(ECC384_G1).sort()).toEqual([...EXCLUDED].sort());
    expect(RegionCatalog.regionsWithout(RSA4096_G1).sort()).toEqual([...EXCLUDED].sort());
    expect(RegionCatalog.regionsWithout(RSA2048_G1)).toEqual([]);
  });
});

describe('RegionCatalog: disagreements are notes', () => {
  test.each(EXCLUDED)('%s: the guide excludes rsa4096/ecc384 but the global bundle has their roots', (region) => {
    const info = RegionCatalog.describe(region);
    expect(info.sources).toEqual([CatalogSource.AURORA_USER_GUIDE, CatalogSource.GLOBAL_BUNDLE]);
    expect(info.unavailableAuthorities).toEqual([RSA4096_G1, ECC384_G1]);
    expect(RegionCatalog.notes(region)).toEqual([
      `The AWS Aurora user guide says rds-ca-rsa4096-g1 and rds-ca-ecc384-g1 are not available in ${info.name} (${region}), ` +
        'but the vendored global bundle contains this region\'s RSA4096 G1 and ECC384 G1 roots. aurora-tls follows the guide ' +
        '(only rds-ca-rsa2048-g1 is offered); a root in the bundle does not prove the CA can be chosen for a DB instance, ' +
        'and the deploy-time DescribeCertificates check has the last word.',
    ]);
  });

  test.each([['ap-southeast-7', 'Asia Pacific (Thailand)'], ['mx-central-1', 'Mexico (Central)']])(
    '%s: the guide links the bundle under /us-west-2/; the catalog uses the regular path', (region, name) => {
      expect(RegionCatalog.bundleUrl(region)).toBe(`https://truststore.pki.rds.amazonaws.com/${region}/${region}-bundle.pem`);
      expect(RegionCatalog.notes(region)).toEqual([
        `The AWS Aurora user guide links the ${name} bundle under /us-west-2/ ` +
          `(https://truststore.pki.rds.amazonaws.com/us-west-2/${region}-bundle.pem), which looks like a documentation error; ` +
          `aurora-tls uses the regular path /${region}/${region}-bundle.pem.`,
      ]);
    });

  test.each(['ap-east-2', 'ap-southeast-6'])('%s: missing from the guide, known from the bundle', (region) => {
    expect(RegionCatalog.describe(region).sources).toEqual([CatalogSource.GLOBAL_BUNDLE]);
    expect(RegionCatalog.notes(region)[0]).toMatch(/is not in the AWS Aurora user guide's bundle table/);
    expect(RegionCatalog.availableAuthorities(region)).toHaveLength(3);
  });

  test('regions where the sources agree have no notes', () => {
    expect(RegionCatalog.notes('us-east-1')).toEqual([]);
    expect(RegionCatalog.notes('eu-west-1')).toEqual([]);
  });
});

describe('RegionCatalog: bad input is an error naming the value', () => {
  test.each([
    ['us-east-7', "Unknown region 'us-east-7' (closest: us-east-1, us-east-2, ap-east-1); aurora-tls knows 38 regions (RegionCatalog.regions()). Check the spelling, or upgrade aurora-tls if the region is new"],
    ['eu-middle-9', "Unknown region 'eu-middle-9'; aurora-tls knows 38 regions (RegionCatalog.regions()). Check the spelling, or upgrade aurora-tls if the region is new"],
    ['US-EAST-1', "Region 'US-EAST-1' must be lower case; use 'us-east-1'"],
    ['Eu-West-1', "Region 'Eu-West-1' must be lower case; use 'eu-west-1'"],
    [' us-east-1', "Region ' us-east-1' has leading or trailing whitespace; use 'us-east-1'"],
    ['us-east-1\n', "Region 'us-east-1\n' has leading or trailing whitespace; use 'us-east-1'"],
    ['', "Region must not be empty; pass a region code such as 'us-east-1'"],
    ['useast1', "Region 'useast1' is not a region code; expected the form 'us-east-1'"],
    ['__proto__', "Region '__proto__' is not a region code; expected the form 'us-east-1'"],
    ['constructor', "Region 'constructor' is not a region code; expected the form 'us-east-1'"],
    ['${Token[AWS.Region.4]}', "Region '${Token[AWS.Region.4]}' is an unresolved token; the catalog needs a literal region such as 'us-east-1' (aurora-tls constructs move the check to deploy time for env-agnostic stacks)"],
    ['US East 1', "Region 'US East 1' is not a region code; expected the form 'us-east-1'"],
    ['x'.repeat(10_000), `Region '${'x'.repeat(64)}... (10000 characters)' is not a region code; expected the form 'us-east-1'`],
  ])('region %j', (region, message) => {
    expect(() => RegionCatalog.isAvailable(region, RSA2048_G1)).toThrow(message);
    expect(() => RegionCatalog.bundleUrl(region)).toThrow(message);
    expect(() => RegionCatalog.notes(region)).toThrow(message);
  });

  test.each([
    [undefined, "Region must be a string such as 'us-east-1', got undefined"],
    [42, "Region must be a string such as 'us-east-1', got 42"],
    [{}, "Region must be a string such as 'us-east-1', got an object"],
  ])('non-string region %p', (region, message) => {
    expect(() => RegionCatalog.availableAuthorities(region as unknown as string)).toThrow(message);
  });

  test('a raw string where a CertificateAuthority is expected', () => {
    expect(() => RegionCatalog.isAvailable('us-east-1', 'rds-ca-ecc384-g1' as unknown as CertificateAuthority)).toThrow(
      "Expected a CertificateAuthority such as CertificateAuthority.RSA2048_G1, got 'rds-ca-ecc384-g1'; use CertificateAuthority.of('rds-ca-ecc384-g1')",
    );
  });

  test('unknown formats and partitions', () => {
    expect(() => RegionCatalog.bundleUrl('us-east-1', 'der' as BundleFormat)).toThrow("Unknown bundle format 'der'; use BundleFormat.PEM or BundleFormat.P7B");
    expect(() => RegionCatalog.globalBundleUrl('aws-iso' as Partition)).toThrow(
      "Unknown partition 'aws-iso'; use Partition.AWS, Partition.AWS_US_GOV or Partition.AWS_CN",
    );
  });

  test('isKnownRegion never throws', () => {
    expect(RegionCatalog.isKnownRegion('us-east-1')).toBe(true);
    expect(RegionCatalog.isKnownRegion('__proto__')).toBe(false);
    expect(RegionCatalog.isKnownRegion(undefined as unknown as string)).toBe(false);
  });
});
