import { MysqlSslMode, Protection, SslMode } from '../../lib/core/ssl-mode';

describe('SslMode constants', () => {
  // The Adobe Query Service table ("Available SSL options"), plus `disable`, which protects against nothing.
  test.each([
    // value, constant, eavesdropping, mitm, encrypts, verifiesCertificate, verifiesHostname, mysql
    ['disable', SslMode.DISABLE, Protection.NONE, Protection.NONE, false, false, false, MysqlSslMode.DISABLED],
    ['allow', SslMode.ALLOW, Protection.PARTIAL, Protection.NONE, false, false, false, undefined],
    ['prefer', SslMode.PREFER, Protection.PARTIAL, Protection.NONE, false, false, false, MysqlSslMode.PREFERRED],
    ['require', SslMode.REQUIRE, Protection.FULL, Protection.NONE, true, false, false, MysqlSslMode.REQUIRED],
    ['verify-ca', SslMode.VERIFY_CA, Protection.FULL, Protection.DEPENDS_ON_CA_POLICY, true, true, false, MysqlSslMode.VERIFY_CA],
    ['verify-full', SslMode.VERIFY_FULL, Protection.FULL, Protection.FULL, true, true, true, MysqlSslMode.VERIFY_IDENTITY],
  ])('%s', (value, mode, eavesdropping, mitm, encrypts, verifiesCertificate, verifiesHostname, mysql) => {
    // THEN
    expect(mode.value).toBe(value);
    expect(mode.toString()).toBe(value);
    expect(mode.eavesdroppingProtection).toBe(eavesdropping);
    expect(mode.mitmProtection).toBe(mitm);
    expect(mode.encrypts).toBe(encrypts);
    expect(mode.verifiesCertificate).toBe(verifiesCertificate);
    expect(mode.verifiesHostname).toBe(verifiesHostname);
    expect(mode.mysqlEquivalent).toBe(mysql);
    expect(mode.description.length).toBeGreaterThan(20);
  });

  test('protection values are stable strings', () => {
    expect(Object.values(Protection)).toEqual(['none', 'partial', 'depends-on-ca-policy', 'full']);
  });

  test('MySQL names are the Connector/J and mysql --ssl-mode spellings', () => {
    expect(Object.values(MysqlSslMode)).toEqual(['DISABLED', 'PREFERRED', 'REQUIRED', 'VERIFY_CA', 'VERIFY_IDENTITY']);
  });

  test('RECOMMENDED is verify-full, and the only mode not weaker than recommended', () => {
    expect(SslMode.RECOMMENDED).toBe(SslMode.VERIFY_FULL);
    expect(SslMode.all().filter((m) => !m.isWeakerThanRecommended)).toEqual([SslMode.VERIFY_FULL]);
  });

  test('all() lists every mode, weakest first', () => {
    expect(SslMode.all().map((m) => m.value)).toEqual(['disable', 'allow', 'prefer', 'require', 'verify-ca', 'verify-full']);
  });

  test('sameAs compares values', () => {
    expect(SslMode.VERIFY_FULL.sameAs(SslMode.of('verify-full'))).toBe(true);
    expect(SslMode.VERIFY_FULL.sameAs(SslMode.VERIFY_CA)).toBe(false);
  });
});

describe('SslMode.of', () => {
  test.each(['disable', 'allow', 'prefer', 'require', 'verify-ca', 'verify-full'])('accepts %s and returns the constant', (value) => {
    // WHEN
    const mode = SslMode.of(value);
    // THEN
    expect(mode).toBe(SslMode.all().find((m) => m.value === value));
  });

  const valid = "'disable', 'allow', 'prefer', 'require', 'verify-ca', 'verify-full'";
  test.each([
    ['', `SSL mode must not be empty; valid values: ${valid} (recommended: 'verify-full')`],
    ['strict', `Unknown SSL mode 'strict'; valid values: ${valid} (recommended: 'verify-full')`],
    ['verify', `Unknown SSL mode 'verify'; valid values: ${valid} (recommended: 'verify-full')`],
    ['Verify-Full', "SSL mode 'Verify-Full' must be written exactly as 'verify-full' (lower case, hyphens, no spaces)"],
    ['verify_full', "SSL mode 'verify_full' must be written exactly as 'verify-full' (lower case, hyphens, no spaces)"],
    [' require', "SSL mode ' require' must be written exactly as 'require' (lower case, hyphens, no spaces)"],
    ['DISABLE', "SSL mode 'DISABLE' must be written exactly as 'disable' (lower case, hyphens, no spaces)"],
    ['VERIFY_IDENTITY', "SSL mode 'VERIFY_IDENTITY' is the MySQL spelling; use 'verify-full' (aurora-tls maps it to MySQL names itself)"],
    ['VERIFY_CA', "SSL mode 'VERIFY_CA' is the MySQL spelling; use 'verify-ca' (aurora-tls maps it to MySQL names itself)"],
    ['REQUIRED', "SSL mode 'REQUIRED' is the MySQL spelling; use 'require' (aurora-tls maps it to MySQL names itself)"],
    ['PREFERRED', "SSL mode 'PREFERRED' is the MySQL spelling; use 'prefer' (aurora-tls maps it to MySQL names itself)"],
    ['DISABLED', "SSL mode 'DISABLED' is the MySQL spelling; use 'disable' (aurora-tls maps it to MySQL names itself)"],
  ])('rejects %j', (value, message) => {
    // WHEN / THEN
    expect(() => SslMode.of(value)).toThrow(new Error(message));
  });

  test.each([
    [undefined, `SSL mode must be a string such as 'verify-full', got undefined; valid values: ${valid}`],
    [3, `SSL mode must be a string such as 'verify-full', got 3; valid values: ${valid}`],
  ])('rejects the non-string %p', (value, message) => {
    expect(() => SslMode.of(value as unknown as string)).toThrow(new Error(message));
  });
});
