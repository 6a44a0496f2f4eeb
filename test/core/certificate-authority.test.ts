import { CaSelection, CertificateAuthority, KeyAlgorithm, RegionCatalog } from '../../lib';

const { RSA2048_G1, RSA4096_G1, ECC384_G1 } = CertificateAuthority;

describe('CertificateAuthority', () => {
  test.each([
    [RSA2048_G1, 'rds-ca-rsa2048-g1', KeyAlgorithm.RSA, 2048, 'sha256WithRSAEncryption', 'RSA2048 G1'],
    [RSA4096_G1, 'rds-ca-rsa4096-g1', KeyAlgorithm.RSA, 4096, 'sha384WithRSAEncryption', 'RSA4096 G1'],
    [ECC384_G1, 'rds-ca-ecc384-g1', KeyAlgorithm.EC, 384, 'ecdsa-with-SHA384', 'ECC384 G1'],
  ])('%s', (ca, identifier, keyAlgorithm, keySize, signatureAlgorithm, suffix) => {
    expect(ca.identifier).toBe(identifier);
    expect(ca.keyAlgorithm).toBe(keyAlgorithm);
    expect(ca.keySize).toBe(keySize);
    expect(ca.signatureAlgorithm).toBe(signatureAlgorithm);
    expect(ca.commonNameSuffix).toBe(suffix);
    expect(CertificateAuthority.of(identifier)).toBe(ca);
    expect(String(ca)).toBe(identifier);
  });

  test.each([
    ['rds-ca-2019', "Certificate authority 'rds-ca-2019' expired on 2024-08-22 and can no longer be chosen; use rds-ca-rsa2048-g1, rds-ca-rsa4096-g1, rds-ca-ecc384-g1 (rds-ca-rsa2048-g1 is offered in every region)"],
    ['RDS-CA-2019', "Certificate authority 'RDS-CA-2019' expired on 2024-08-22 and can no longer be chosen; use rds-ca-rsa2048-g1, rds-ca-rsa4096-g1, rds-ca-ecc384-g1 (rds-ca-rsa2048-g1 is offered in every region)"],
    ['rds-ca-2015', "Certificate authority 'rds-ca-2015' expired on 2020-03-05 and can no longer be chosen; use rds-ca-rsa2048-g1, rds-ca-rsa4096-g1, rds-ca-ecc384-g1 (rds-ca-rsa2048-g1 is offered in every region)"],
    ['RDS-CA-ECC384-G1', "Certificate authority 'RDS-CA-ECC384-G1' must be written exactly as 'rds-ca-ecc384-g1' (lower case, no spaces)"],
    [' rds-ca-rsa2048-g1', "Certificate authority ' rds-ca-rsa2048-g1' must be written exactly as 'rds-ca-rsa2048-g1' (lower case, no spaces)"],
    ['rds-ca-rsa8192-g1', "Unknown certificate authority 'rds-ca-rsa8192-g1'; choose one of rds-ca-rsa2048-g1, rds-ca-rsa4096-g1, rds-ca-ecc384-g1"],
    ['', "Unknown certificate authority ''; choose one of rds-ca-rsa2048-g1, rds-ca-rsa4096-g1, rds-ca-ecc384-g1"],
    ['__proto__', "Unknown certificate authority '__proto__'; choose one of rds-ca-rsa2048-g1, rds-ca-rsa4096-g1, rds-ca-ecc384-g1"],
    ['constructor', "Unknown certificate authority 'constructor'; choose one of rds-ca-rsa2048-g1, rds-ca-rsa4096-g1, rds-ca-ecc384-g1"],
  ])('of(%j) is refused', (identifier, message) => {
    expect(() => CertificateAuthority.of(identifier)).toThrow(message);
  });

  test('of() refuses non-strings', () => {
    expect(() => CertificateAuthority.of(undefined as unknown as string)).toThrow(
      "Certificate authority must be a string such as 'rds-ca-rsa2048-g1', got undefined",
    );
  });

  test('sameAs compares identifiers', () => {
    expect(RSA2048_G1.sameAs(CertificateAuthority.of('rds-ca-rsa2048-g1'))).toBe(true);
    expect(RSA2048_G1.sameAs(ECC384_G1)).toBe(false);
  });
});

describe('CaSelection', () => {
  const preference = CaSelection.preferred([ECC384_G1, RSA4096_G1, RSA2048_G1]);

  test('preferred() takes the first CA the region offers', () => {
    expect(preference.resolve('us-east-1')).toBe(ECC384_G1);
    expect(preference.resolve('ap-south-1')).toBe(RSA2048_G1);
    expect(preference.resolve('eu-central-2')).toBe(RSA2048_G1);
    expect(CaSelection.preferred([RSA4096_G1, RSA2048_G1]).resolve('eu-west-1')).toBe(RSA4096_G1);
  });

  test('resolutionTable() covers every region when the list ends with rsa2048', () => {
    const table = preference.resolutionTable();
    expect(Object.keys(table)).toEqual(RegionCatalog.regions());
    expect(table['ap-south-1']).toBe('rds-ca-rsa2048-g1');
    expect(table['us-gov-west-1']).toBe('rds-ca-ecc384-g1');
    expect(preference.unsupportedRegions()).toEqual([]);
  });

  test('exactly() refuses a region without the CA, naming it and the alternatives', () => {
    expect(() => CaSelection.exactly(ECC384_G1).resolve('ap-south-1')).toThrow(
      'rds-ca-ecc384-g1 is not offered in ap-south-1 (AWS Aurora user guide); choose rds-ca-rsa2048-g1 or CaSelection.preferred([CertificateAuthority.ECC384_G1, CertificateAuthority.RSA2048_G1]) to fall back where it is missing',
    );
    expect(CaSelection.exactly(RSA4096_G1).unsupportedRegions().sort()).toEqual(RegionCatalog.regionsWithout(RSA4096_G1).sort());
    expect(CaSelection.exactly(RSA4096_G1).problemIn('us-east-1')).toBeUndefined();
  });

  test('a preference with no CA offered in the region', () => {
    expect(() => CaSelection.preferred([ECC384_G1, RSA4096_G1]).resolve('il-central-1')).toThrow(
      'None of the preferred certificate authorities (rds-ca-ecc384-g1, rds-ca-rsa4096-g1) is offered in il-central-1 (AWS Aurora user guide); add rds-ca-rsa2048-g1 to the list (rds-ca-rsa2048-g1 is offered in every region)',
    );
  });

  test.each([
    [[], 'CaSelection.preferred() needs at least one certificate authority, got an array of 0; e.g. CaSelection.preferred([CertificateAuthority.ECC384_G1, CertificateAuthority.RSA2048_G1])'],
    [undefined, 'CaSelection.preferred() needs at least one certificate authority, got undefined; e.g. CaSelection.preferred([CertificateAuthority.ECC384_G1, CertificateAuthority.RSA2048_G1])'],
    [[ECC384_G1, ECC384_G1], 'CaSelection.preferred() lists rds-ca-ecc384-g1 twice; list each certificate authority once, most preferred first'],
    [[ECC384_G1, 'rds-ca-rsa2048-g1'], "CaSelection.preferred() takes CertificateAuthority values, got 'rds-ca-rsa2048-g1' at position 2; use CertificateAuthority.of('rds-ca-rsa2048-g1')"],
    [[null], 'CaSelection.preferred() takes CertificateAuthority values, got null at position 1'],
  ])('preferred(%p) is refused', (list, message) => {
    expect(() => CaSelection.preferred(list as unknown as CertificateAuthority[])).toThrow(message);
  });

  test('exactly() refuses a raw string', () => {
    expect(() => CaSelection.exactly('rds-ca-ecc384-g1' as unknown as CertificateAuthority)).toThrow(
      "CaSelection.exactly() takes CertificateAuthority values, got 'rds-ca-ecc384-g1' at position 1; use CertificateAuthority.of('rds-ca-ecc384-g1')",
    );
  });

  test('toString', () => {
    expect(preference.toString()).toBe('preferred(rds-ca-ecc384-g1, rds-ca-rsa4096-g1, rds-ca-rsa2048-g1)');
    expect(CaSelection.exactly(RSA2048_G1).toString()).toBe('exactly(rds-ca-rsa2048-g1)');
  });

  test('the candidate list is a copy', () => {
    const list = [ECC384_G1, RSA2048_G1];
    const selection = CaSelection.preferred(list);
    list.reverse();
    expect(selection.candidates).toEqual([ECC384_G1, RSA2048_G1]);
  });
});
