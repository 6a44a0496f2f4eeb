import {
  AuroraEngine,
  TlsEnforcement,
  TlsParameterGroupSpec,
  TlsVersion,
} from '../../lib/core/tls-enforcement';

const PG = AuroraEngine.AURORA_POSTGRESQL;
const MYSQL = AuroraEngine.AURORA_MYSQL;
const { TLS_1_2, TLS_1_3 } = TlsVersion;

/** toThrow(string) matches a substring; an Error compares the whole message. */
const exactly = (message: string) => new Error(message);

const MYSQL_STATIC = 'tls_version is a static parameter: a change takes effect after the DB instances reboot';
const PG11_NOTE =
  'Aurora PostgreSQL 11 has no ssl_min_protocol_version parameter, so the minimum TLS version cannot be enforced ' +
  '(clients may still negotiate TLS 1.1); rds.force_ssl=1 still requires TLS. Upgrade to Aurora PostgreSQL 12 or later to enforce TLS 1.2';

function spec(engine: AuroraEngine, engineVersion: string, minimumTlsVersion?: TlsVersion): TlsParameterGroupSpec {
  return TlsEnforcement.parametersFor({ engine, engineVersion, minimumTlsVersion });
}

describe('TlsVersion', () => {
  test.each([
    [TLS_1_2, '1.2', 'TLSv1.2'],
    [TLS_1_3, '1.3', 'TLSv1.3'],
  ])('constant %#: version %s, protocol name %s', (tls, version, protocolName) => {
    expect(tls.version).toBe(version);
    expect(tls.protocolName).toBe(protocolName);
  });

  test.each([
    ['1.2', TLS_1_2],
    ['TLSv1.2', TLS_1_2],
    ['tlsv1.2', TLS_1_2],
    ['1.3', TLS_1_3],
    ['TLSv1.3', TLS_1_3],
  ])('of(%j) accepts', (input, expected) => {
    // WHEN / THEN
    expect(TlsVersion.of(input)).toBe(expected);
  });

  const deprecated = (v: string) =>
    `TLS version '${v}' is deprecated (RFC 8996 retires TLS 1.0 and 1.1) and cannot be the minimum; use TlsVersion.TLS_1_2 or TlsVersion.TLS_1_3`;
  const unknown = (v: string) =>
    `Unknown TLS version '${v}'; use '1.2', 'TLSv1.2', '1.3' or 'TLSv1.3' (TlsVersion.TLS_1_2 or TlsVersion.TLS_1_3)`;
  test.each([
    ['1.0', deprecated('1.0')],
    ['1', deprecated('1')],
    ['TLSv1', deprecated('TLSv1')],
    ['TLSv1.0', deprecated('TLSv1.0')],
    ['1.1', deprecated('1.1')],
    ['TLSv1.1', deprecated('TLSv1.1')],
    ['junk', unknown('junk')],
    ['', unknown('')],
    ['1.4', unknown('1.4')],
    ['TLS1.2', unknown('TLS1.2')],
    [' 1.2', unknown(' 1.2')],
    ['SSLv3', unknown('SSLv3')],
    ['__proto__', unknown('__proto__')],
  ])('of(%j) is refused', (input, message) => {
    expect(() => TlsVersion.of(input)).toThrow(exactly(message));
  });

  test('of() refuses non-strings', () => {
    expect(() => TlsVersion.of(1.2 as unknown as string)).toThrow(
      exactly("TLS version must be a string such as '1.2' or 'TLSv1.2', got 1.2"),
    );
  });

  test.each([
    [TLS_1_2, TLS_1_2, true],
    [TLS_1_3, TLS_1_2, true],
    [TLS_1_2, TLS_1_3, false],
    [TLS_1_3, TLS_1_3, true],
  ])('atLeast %#', (a, b, expected) => {
    expect(a.atLeast(b)).toBe(expected);
  });

  test('atLeast refuses a non-TlsVersion', () => {
    expect(() => TLS_1_2.atLeast('1.2' as unknown as TlsVersion)).toThrow(
      exactly("TlsVersion.atLeast() takes a TlsVersion such as TlsVersion.TLS_1_2, got '1.2'"),
    );
  });
});

describe('TlsEnforcement.parametersFor', () => {
  describe('aurora-postgresql', () => {
    const pg14Note =
      "TLS 1.3 availability in aurora-postgresql 14 depends on the minor version (14.8 or later); engine version '14' does not say, so TLS 1.3 is treated as unavailable";
    test.each([
      // version, family, major, parameters, supportsTls13, notes
      ['11.9', 'aurora-postgresql11', '11', { 'rds.force_ssl': '1' }, false, [PG11_NOTE]],
      ['11.21', 'aurora-postgresql11', '11', { 'rds.force_ssl': '1' }, true, [PG11_NOTE]],
      ['12.14', 'aurora-postgresql12', '12', { 'rds.force_ssl': '1', 'ssl_min_protocol_version': 'TLSv1.2' }, false, []],
      ['12.15', 'aurora-postgresql12', '12', { 'rds.force_ssl': '1', 'ssl_min_protocol_version': 'TLSv1.2' }, true, []],
      ['13.10', 'aurora-postgresql13', '13', { 'rds.force_ssl': '1', 'ssl_min_protocol_version': 'TLSv1.2' }, false, []],
      ['13.12', 'aurora-postgresql13', '13', { 'rds.force_ssl': '1', 'ssl_min_protocol_version': 'TLSv1.2' }, true, []],
      ['14', 'aurora-postgresql14', '14', { 'rds.force_ssl': '1', 'ssl_min_protocol_version': 'TLSv1.2' }, false, [pg14Note]],
      ['14.7', 'aurora-postgresql14', '14', { 'rds.force_ssl': '1', 'ssl_min_protocol_version': 'TLSv1.2' }, false, []],
      ['14.8', 'aurora-postgresql14', '14', { 'rds.force_ssl': '1', 'ssl_min_protocol_version': 'TLSv1.2' }, true, []],
      ['15.2', 'aurora-postgresql15', '15', { 'rds.force_ssl': '1', 'ssl_min_protocol_version': 'TLSv1.2' }, false, []],
      ['15.3', 'aurora-postgresql15', '15', { 'rds.force_ssl': '1', 'ssl_min_protocol_version': 'TLSv1.2' }, true, []],
      ['16', 'aurora-postgresql16', '16', { 'rds.force_ssl': '1', 'ssl_min_protocol_version': 'TLSv1.2' }, true, []],
      ['16.4', 'aurora-postgresql16', '16', { 'rds.force_ssl': '1', 'ssl_min_protocol_version': 'TLSv1.2' }, true, []],
      ['17.2', 'aurora-postgresql17', '17', { 'rds.force_ssl': '1', 'ssl_min_protocol_version': 'TLSv1.2' }, true, []],
      ['18.1', 'aurora-postgresql18', '18', { 'rds.force_ssl': '1', 'ssl_min_protocol_version': 'TLSv1.2' }, true, [
        'aurora-tls has verified Aurora PostgreSQL 11 to 17; aurora-postgresql 18 is assumed to follow the 17 rules (rds.force_ssl, ssl_min_protocol_version, TLS 1.3)',
      ]],
    ])('%s with the default minimum (TLS 1.2)', (engineVersion, family, majorVersion, parameters, supportsTls13, notes) => {
      // WHEN
      const result = TlsEnforcement.parametersFor({ engine: PG, engineVersion });
      // THEN
      expect(result).toEqual({
        engine: PG,
        engineVersion,
        majorVersion,
        family,
        minimumTlsVersion: TLS_1_2,
        parameters,
        supportsTls13,
        notes,
      });
      expect(result.minimumTlsVersion).toBe(TLS_1_2);
    });

    test.each(['12.15', '13.11', '13.12', '14.8', '15.3', '16.1', '16.4', '17'])('TLS 1.3 is accepted on %s', (engineVersion) => {
      // WHEN
      const result = spec(PG, engineVersion, TLS_1_3);
      // THEN
      expect(result.parameters).toEqual({ 'rds.force_ssl': '1', 'ssl_min_protocol_version': 'TLSv1.3' });
      expect(result.minimumTlsVersion).toBe(TLS_1_3);
      expect(result.supportsTls13).toBe(true);
    });

    test.each([
      ['13.10', 'TLS 1.3 is not supported by aurora-postgresql 13.10 (needs 13.11 or later); use TlsVersion.TLS_1_2 or engine version 13.11 or later'],
      ['12.14', 'TLS 1.3 is not supported by aurora-postgresql 12.14 (needs 12.15 or later); use TlsVersion.TLS_1_2 or engine version 12.15 or later'],
      ['14.7', 'TLS 1.3 is not supported by aurora-postgresql 14.7 (needs 14.8 or later); use TlsVersion.TLS_1_2 or engine version 14.8 or later'],
      ['15.2', 'TLS 1.3 is not supported by aurora-postgresql 15.2 (needs 15.3 or later); use TlsVersion.TLS_1_2 or engine version 15.3 or later'],
      ['14', "TLS 1.3 support in aurora-postgresql 14 depends on the minor version (needs 14.8 or later); pass the full engine version such as '14.8', or use TlsVersion.TLS_1_2"],
      ['15', "TLS 1.3 support in aurora-postgresql 15 depends on the minor version (needs 15.3 or later); pass the full engine version such as '15.3', or use TlsVersion.TLS_1_2"],
      ['11.21', 'TLS 1.3 cannot be required on aurora-postgresql 11.21: ssl_min_protocol_version is not available before Aurora PostgreSQL 12; use TlsVersion.TLS_1_2 or engine version 12.15 or later'],
      ['11.9', 'TLS 1.3 cannot be required on aurora-postgresql 11.9: ssl_min_protocol_version is not available before Aurora PostgreSQL 12; use TlsVersion.TLS_1_2 or engine version 12.15 or later'],
    ])('TLS 1.3 is refused on %s', (engineVersion, message) => {
      expect(() => spec(PG, engineVersion, TLS_1_3)).toThrow(exactly(message));
    });

    test.each([
      ['10.21', 'aurora-postgresql 10.21 has reached end of life (Aurora PostgreSQL 10 is retired); upgrade to a supported major version such as 16 or 17'],
      ['10', 'aurora-postgresql 10 has reached end of life (Aurora PostgreSQL 10 is retired); upgrade to a supported major version such as 16 or 17'],
      ['9.6.22', 'aurora-postgresql 9.6.22 has reached end of life (Aurora PostgreSQL 9.6 is retired); upgrade to a supported major version such as 16 or 17'],
      ['16.4.1', "Engine version '16.4.1' is not an aurora-postgresql version; expected the form '16.4' (or the major alone, '16')"],
      ['v16', "Engine version 'v16' is not an aurora-postgresql version; expected the form '16.4' (or the major alone, '16')"],
      ['8.0.mysql_aurora.3.05.2', "Engine version '8.0.mysql_aurora.3.05.2' is not an aurora-postgresql version; expected the form '16.4' (or the major alone, '16')"],
      [' 16.4', "Engine version ' 16.4' is not an aurora-postgresql version; expected the form '16.4' (or the major alone, '16')"],
      ['', "Engine version must be a string such as '16.4' or '8.0.mysql_aurora.3.05.2', got ''"],
    ])('version %j is refused', (engineVersion, message) => {
      expect(() => spec(PG, engineVersion)).toThrow(exactly(message));
    });
  });

  describe('aurora-mysql', () => {
    const v2Note = 'Aurora MySQL version 2 does not offer TLS 1.3; Aurora MySQL 3.04.0 and later do';
    const before304 = 'TLS 1.3 needs Aurora MySQL 3.04.0 or later, so tls_version allows TLS 1.2 only';
    const bare80 =
      "Engine version '8.0' does not name the Aurora MySQL release, so tls_version allows TLS 1.2 only (valid on every 3.x); " +
      "pass the full version such as '8.0.mysql_aurora.3.05.2' to also allow TLS 1.3 on 3.04.0 and later";
    test.each([
      // version, family, major, tls_version, supportsTls13, notes
      ['8.0.mysql_aurora.3.05.2', 'aurora-mysql8.0', '8.0', 'TLSv1.2,TLSv1.3', true, [MYSQL_STATIC]],
      ['8.0.mysql_aurora.3.04.0', 'aurora-mysql8.0', '8.0', 'TLSv1.2,TLSv1.3', true, [MYSQL_STATIC]],
      ['8.0.mysql_aurora.3.10.0', 'aurora-mysql8.0', '8.0', 'TLSv1.2,TLSv1.3', true, [MYSQL_STATIC]],
      ['8.0.mysql_aurora.3.03.1', 'aurora-mysql8.0', '8.0', 'TLSv1.2', false, [MYSQL_STATIC, before304]],
      ['3.05.2', 'aurora-mysql8.0', '8.0', 'TLSv1.2,TLSv1.3', true, [MYSQL_STATIC]],
      ['3.02', 'aurora-mysql8.0', '8.0', 'TLSv1.2', false, [MYSQL_STATIC, before304]],
      ['8.0', 'aurora-mysql8.0', '8.0', 'TLSv1.2', false, [MYSQL_STATIC, bare80]],
      ['5.7.mysql_aurora.2.11.2', 'aurora-mysql5.7', '5.7', 'TLSv1.2', false, [MYSQL_STATIC, v2Note]],
      ['2.12.1', 'aurora-mysql5.7', '5.7', 'TLSv1.2', false, [MYSQL_STATIC, v2Note]],
      ['5.7', 'aurora-mysql5.7', '5.7', 'TLSv1.2', false, [MYSQL_STATIC, v2Note]],
    ])('%s with the default minimum (TLS 1.2)', (engineVersion, family, majorVersion, tlsVersion, supportsTls13, notes) => {
      // WHEN
      const result = TlsEnforcement.parametersFor({ engine: MYSQL, engineVersion });
      // THEN
      expect(result).toEqual({
        engine: MYSQL,
        engineVersion,
        majorVersion,
        family,
        minimumTlsVersion: TLS_1_2,
        parameters: { require_secure_transport: 'ON', tls_version: tlsVersion },
        supportsTls13,
        notes,
      });
    });

    test.each(['8.0.mysql_aurora.3.04.0', '8.0.mysql_aurora.3.05.2', '3.06.0'])('TLS 1.3 is accepted on %s', (engineVersion) => {
      expect(spec(MYSQL, engineVersion, TLS_1_3).parameters).toEqual({ require_secure_transport: 'ON', tls_version: 'TLSv1.3' });
    });

    test.each([
      ['8.0.mysql_aurora.3.03.1', "TLS 1.3 is not supported by aurora-mysql 8.0.mysql_aurora.3.03.1 (needs Aurora MySQL 3.04.0 or later); use TlsVersion.TLS_1_2 or an engine version such as '8.0.mysql_aurora.3.04.0'"],
      ['3.02.2', "TLS 1.3 is not supported by aurora-mysql 3.02.2 (needs Aurora MySQL 3.04.0 or later); use TlsVersion.TLS_1_2 or an engine version such as '8.0.mysql_aurora.3.04.0'"],
      ['5.7.mysql_aurora.2.11.2', "TLS 1.3 is not supported by aurora-mysql 5.7.mysql_aurora.2.11.2 (Aurora MySQL version 2 offers up to TLS 1.2); use TlsVersion.TLS_1_2 or Aurora MySQL 3.04.0 or later (an engine version such as '8.0.mysql_aurora.3.05.2')"],
      ['5.7', "TLS 1.3 is not supported by aurora-mysql 5.7 (Aurora MySQL version 2 offers up to TLS 1.2); use TlsVersion.TLS_1_2 or Aurora MySQL 3.04.0 or later (an engine version such as '8.0.mysql_aurora.3.05.2')"],
      ['8.0', "TLS 1.3 support in aurora-mysql 8.0 depends on the Aurora MySQL release (needs 3.04.0 or later); pass the full engine version such as '8.0.mysql_aurora.3.05.2', or use TlsVersion.TLS_1_2"],
    ])('TLS 1.3 is refused on %s', (engineVersion, message) => {
      expect(() => spec(MYSQL, engineVersion, TLS_1_3)).toThrow(exactly(message));
    });

    const v1 = (v: string) =>
      `aurora-mysql ${v} is Aurora MySQL version 1 (MySQL 5.6-compatible), which reached end of life on 2023-02-28; upgrade to Aurora MySQL version 3 (an engine version such as '8.0.mysql_aurora.3.05.2')`;
    const notMysql = (v: string) =>
      `Engine version '${v}' is not an aurora-mysql version; expected the form '8.0.mysql_aurora.3.05.2' (or the Aurora release alone, '3.05.2', or the MySQL major alone, '8.0')`;
    test.each([
      ['5.6.mysql_aurora.1.22.2', v1('5.6.mysql_aurora.1.22.2')],
      ['5.6.10a', v1('5.6.10a')],
      ['5.6', v1('5.6')],
      ['1.22.2', v1('1.22.2')],
      ['8.0.mysql_aurora.2.11.2', "Engine version '8.0.mysql_aurora.2.11.2' is inconsistent: Aurora MySQL 2.11.2 is MySQL 5.7-compatible, not 8.0; use '5.7.mysql_aurora.2.11.2'"],
      ['5.7.mysql_aurora.3.05.2', "Engine version '5.7.mysql_aurora.3.05.2' is inconsistent: Aurora MySQL 3.05.2 is MySQL 8.0-compatible, not 5.7; use '8.0.mysql_aurora.3.05.2'"],
      ['8.4.mysql_aurora.4.0.0', "aurora-mysql 8.4.mysql_aurora.4.0.0 is not a version aurora-tls knows (Aurora MySQL version 2 is MySQL 5.7-compatible, version 3 is MySQL 8.0-compatible); use one of those, such as '8.0.mysql_aurora.3.05.2', or upgrade aurora-tls"],
      ['16.4', "aurora-mysql 16.4 is not a version aurora-tls knows (Aurora MySQL version 2 is MySQL 5.7-compatible, version 3 is MySQL 8.0-compatible); use one of those, such as '8.0.mysql_aurora.3.05.2', or upgrade aurora-tls"],
      ['mysql-8', notMysql('mysql-8')],
      ['8.0.mysql_aurora', notMysql('8.0.mysql_aurora')],
    ])('version %j is refused', (engineVersion, message) => {
      expect(() => spec(MYSQL, engineVersion)).toThrow(exactly(message));
    });
  });

  test('every problem is reported in one error', () => {
    // WHEN / THEN
    expect(() =>
      TlsEnforcement.parametersFor({
        engine: 'aurora' as AuroraEngine,
        engineVersion: 16 as unknown as string,
        minimumTlsVersion: '1.2' as unknown as TlsVersion,
      }),
    ).toThrow(
      exactly(
        'Cannot enforce TLS with these options (3 problems):\n' +
          "- Unknown engine 'aurora'; use AuroraEngine.AURORA_POSTGRESQL or AuroraEngine.AURORA_MYSQL\n" +
          "- minimumTlsVersion must be a TlsVersion such as TlsVersion.TLS_1_2, got '1.2'\n" +
          "- Engine version must be a string such as '16.4' or '8.0.mysql_aurora.3.05.2', got 16",
      ),
    );
  });

  test('refuses options that are not an object', () => {
    expect(() => TlsEnforcement.parametersFor(undefined as never)).toThrow(
      exactly('TlsEnforcement.parametersFor() takes { engine, engineVersion, minimumTlsVersion? }, got undefined'),
    );
  });

  test('each call returns fresh parameters', () => {
    // GIVEN
    const first = spec(PG, '16.4');
    // WHEN
    first.parameters['rds.force_ssl'] = '0';
    // THEN
    expect(spec(PG, '16.4').parameters['rds.force_ssl']).toBe('1');
  });
});

describe('TlsEnforcement.mergeParameters and checkParameters', () => {
  const pg16 = spec(PG, '16.4');
  const pg16Tls13 = spec(PG, '16.4', TLS_1_3);
  const pg13Old = spec(PG, '13.10');
  const pg11 = spec(PG, '11.21');
  const my3 = spec(MYSQL, '8.0.mysql_aurora.3.05.2');
  const my3Old = spec(MYSQL, '8.0.mysql_aurora.3.03.1');
  const my3Tls13 = spec(MYSQL, '8.0.mysql_aurora.3.05.2', TLS_1_3);
  const my2 = spec(MYSQL, '5.7.mysql_aurora.2.11.2');

  test.each([
    // aurora-postgresql: rds.force_ssl
    ['pg16', pg16, 'rds.force_ssl', '0', "Parameter 'rds.force_ssl' = '0' would let clients connect without TLS; remove it (aurora-tls sets rds.force_ssl=1)"],
    ['pg16', pg16, 'rds.force_ssl', 'off', "Parameter 'rds.force_ssl' = 'off' would let clients connect without TLS; remove it (aurora-tls sets rds.force_ssl=1)"],
    ['pg16', pg16, 'RDS.Force_SSL', 'false', "Parameter 'RDS.Force_SSL' = 'false' would let clients connect without TLS; remove it (aurora-tls sets rds.force_ssl=1)"],
    ['pg16', pg16, 'rds.force_ssl', '2', "Parameter 'rds.force_ssl' = '2' is not a valid value for rds.force_ssl (0 or 1); remove it (aurora-tls sets rds.force_ssl=1)"],
    // aurora-postgresql: ssl
    ['pg16', pg16, 'ssl', '0', "Parameter 'ssl' = '0' would turn TLS off on the server; remove it (rds.force_ssl=1, which aurora-tls sets, turns ssl on)"],
    ['pg16', pg16, 'ssl', 'OFF', "Parameter 'ssl' = 'OFF' would turn TLS off on the server; remove it (rds.force_ssl=1, which aurora-tls sets, turns ssl on)"],
    ['pg16', pg16, 'ssl', 'maybe', "Parameter 'ssl' = 'maybe' is not a valid value for ssl (1 or 0); remove it (rds.force_ssl=1, which aurora-tls sets, turns ssl on)"],
    // aurora-postgresql: ssl_min_protocol_version
    ['pg16', pg16, 'ssl_min_protocol_version', 'TLSv1', "Parameter 'ssl_min_protocol_version' = 'TLSv1' would let clients connect with TLSv1, below the minimum TLS 1.2; remove it (aurora-tls sets ssl_min_protocol_version=TLSv1.2)"],
    ['pg16', pg16, 'ssl_min_protocol_version', 'tlsv1.1', "Parameter 'ssl_min_protocol_version' = 'tlsv1.1' would let clients connect with TLSv1.1, below the minimum TLS 1.2; remove it (aurora-tls sets ssl_min_protocol_version=TLSv1.2)"],
    ['pg16 TLS 1.3', pg16Tls13, 'ssl_min_protocol_version', 'TLSv1.2', "Parameter 'ssl_min_protocol_version' = 'TLSv1.2' would let clients connect with TLSv1.2, below the minimum TLS 1.3; remove it (aurora-tls sets ssl_min_protocol_version=TLSv1.3)"],
    ['pg16', pg16, 'ssl_min_protocol_version', 'TLSv1.0', "Parameter 'ssl_min_protocol_version' = 'TLSv1.0' is not a TLS protocol version (TLSv1.2 or TLSv1.3); remove it (aurora-tls sets ssl_min_protocol_version=TLSv1.2)"],
    ['pg16', pg16, 'ssl_min_protocol_version', 'TLSv1.3', "Parameter 'ssl_min_protocol_version' = 'TLSv1.3' conflicts with minimumTlsVersion TLS 1.2; remove it and set minimumTlsVersion: TlsVersion.TLS_1_3 instead"],
    ['pg13.10', pg13Old, 'ssl_min_protocol_version', 'TLSv1.3', "Parameter 'ssl_min_protocol_version' = 'TLSv1.3' requires TLS 1.3, which aurora-postgresql 13.10 does not offer; remove it"],
    ['pg11', pg11, 'ssl_min_protocol_version', 'TLSv1.1', "Parameter 'ssl_min_protocol_version' = 'TLSv1.1' would let clients connect with TLSv1.1, below the minimum TLS 1.2; remove it (minimumTlsVersion is TLS 1.2)"],
    ['pg11', pg11, 'ssl_min_protocol_version', 'TLSv1.3', "Parameter 'ssl_min_protocol_version' = 'TLSv1.3' conflicts with minimumTlsVersion TLS 1.2; remove it (aurora-tls cannot require TLSv1.3 on aurora-postgresql 11.21)"],
    // aurora-postgresql: ssl_max_protocol_version
    ['pg16', pg16, 'ssl_max_protocol_version', 'TLSv1.1', "Parameter 'ssl_max_protocol_version' = 'TLSv1.1' caps TLS below the minimum TLS 1.2, so clients could connect only with a deprecated version, or not at all; remove it"],
    ['pg16 TLS 1.3', pg16Tls13, 'ssl_max_protocol_version', 'TLSv1.2', "Parameter 'ssl_max_protocol_version' = 'TLSv1.2' caps TLS below the minimum TLS 1.3, so clients could connect only with a deprecated version, or not at all; remove it"],
    ['pg16', pg16, 'ssl_max_protocol_version', 'newest', "Parameter 'ssl_max_protocol_version' = 'newest' is not a TLS protocol version (TLSv1.2 or TLSv1.3); remove it"],
    // aurora-mysql: require_secure_transport
    ['mysql3', my3, 'require_secure_transport', 'OFF', "Parameter 'require_secure_transport' = 'OFF' would let clients connect without TLS; remove it (aurora-tls sets require_secure_transport=ON)"],
    ['mysql3', my3, 'require_secure_transport', '0', "Parameter 'require_secure_transport' = '0' would let clients connect without TLS; remove it (aurora-tls sets require_secure_transport=ON)"],
    ['mysql2', my2, 'REQUIRE_SECURE_TRANSPORT', 'off', "Parameter 'REQUIRE_SECURE_TRANSPORT' = 'off' would let clients connect without TLS; remove it (aurora-tls sets require_secure_transport=ON)"],
    ['mysql3', my3, 'require_secure_transport', 'REQUIRED', "Parameter 'require_secure_transport' = 'REQUIRED' is not a valid value for require_secure_transport (ON or OFF); remove it (aurora-tls sets require_secure_transport=ON)"],
    // aurora-mysql: tls_version
    ['mysql3', my3, 'tls_version', 'TLSv1', "Parameter 'tls_version' = 'TLSv1' would allow TLSv1, below the minimum TLS 1.2; remove it (aurora-tls sets tls_version=TLSv1.2,TLSv1.3)"],
    ['mysql2', my2, 'tls_version', 'TLSv1.1', "Parameter 'tls_version' = 'TLSv1.1' would allow TLSv1.1, below the minimum TLS 1.2; remove it (aurora-tls sets tls_version=TLSv1.2)"],
    ['mysql2', my2, 'Tls_Version', 'TLSv1,TLSv1.1,TLSv1.2', "Parameter 'Tls_Version' = 'TLSv1,TLSv1.1,TLSv1.2' would allow TLSv1 and TLSv1.1, below the minimum TLS 1.2; remove it (aurora-tls sets tls_version=TLSv1.2)"],
    ['mysql3', my3, 'tls_version', 'TLSv1.1,TLSv1.2,TLSv1.3', "Parameter 'tls_version' = 'TLSv1.1,TLSv1.2,TLSv1.3' would allow TLSv1.1, below the minimum TLS 1.2; remove it (aurora-tls sets tls_version=TLSv1.2,TLSv1.3)"],
    ['mysql3 TLS 1.3', my3Tls13, 'tls_version', 'TLSv1.2,TLSv1.3', "Parameter 'tls_version' = 'TLSv1.2,TLSv1.3' would allow TLSv1.2, below the minimum TLS 1.3; remove it (aurora-tls sets tls_version=TLSv1.3)"],
    ['mysql3', my3, 'tls_version', '', "Parameter 'tls_version' = '' would fall back to the engine default, which can include deprecated TLS versions; remove it (aurora-tls sets tls_version=TLSv1.2,TLSv1.3)"],
    ['mysql3', my3, 'tls_version', 'TLSv1.2,SSLv3', "Parameter 'tls_version' = 'TLSv1.2,SSLv3' lists 'SSLv3', which is not a TLS protocol version (TLSv1.2, TLSv1.3); remove it (aurora-tls sets tls_version=TLSv1.2,TLSv1.3)"],
    ['mysql3', my3, 'tls_version', 'TLSv1.3', "Parameter 'tls_version' = 'TLSv1.3' conflicts with minimumTlsVersion TLS 1.2 (it leaves out TLSv1.2); remove it and set minimumTlsVersion: TlsVersion.TLS_1_3 instead"],
    ['mysql3.03', my3Old, 'tls_version', 'TLSv1.2,TLSv1.3', "Parameter 'tls_version' = 'TLSv1.2,TLSv1.3' lists TLSv1.3, which aurora-mysql 8.0.mysql_aurora.3.03.1 does not offer; remove it (aurora-tls sets tls_version=TLSv1.2)"],
    ['mysql2', my2, 'tls_version', 'TLSv1.3', "Parameter 'tls_version' = 'TLSv1.3' lists TLSv1.3, which aurora-mysql 5.7.mysql_aurora.2.11.2 does not offer; remove it (aurora-tls sets tls_version=TLSv1.2)"],
  ])('%s: %s = %j is refused', (_label, given, name, value, message) => {
    // GIVEN
    const user = { [name]: value, work_mem: '64MB' };
    // WHEN / THEN
    expect(TlsEnforcement.checkParameters(given, user)).toEqual([message]);
    expect(() => TlsEnforcement.mergeParameters(given, user)).toThrow(exactly(message));
  });

  test.each([
    ['pg16 keeps unrelated parameters after the TLS ones', pg16,
      { work_mem: '64MB', log_statement: 'ddl' },
      { 'rds.force_ssl': '1', 'ssl_min_protocol_version': 'TLSv1.2', 'work_mem': '64MB', 'log_statement': 'ddl' }],
    ['pg16 replaces equivalent TLS values with its own spelling', pg16,
      { 'RDS.Force_SSL': 'on', 'ssl_min_protocol_version': 'tlsv1.2' },
      { 'rds.force_ssl': '1', 'ssl_min_protocol_version': 'TLSv1.2' }],
    ['pg16 keeps compatible ssl and ssl_max_protocol_version', pg16,
      { ssl: '1', ssl_max_protocol_version: 'TLSv1.3' },
      { 'rds.force_ssl': '1', 'ssl_min_protocol_version': 'TLSv1.2', 'ssl': '1', 'ssl_max_protocol_version': 'TLSv1.3' }],
    ['pg16 keeps an empty ssl_max_protocol_version (no maximum)', pg16,
      { ssl_max_protocol_version: '' },
      { 'rds.force_ssl': '1', 'ssl_min_protocol_version': 'TLSv1.2', 'ssl_max_protocol_version': '' }],
    ['pg16 TLS 1.3', pg16Tls13,
      { ssl_min_protocol_version: 'TLSv1.3', ssl_max_protocol_version: 'TLSv1.3' },
      { 'rds.force_ssl': '1', 'ssl_min_protocol_version': 'TLSv1.3', 'ssl_max_protocol_version': 'TLSv1.3' }],
    ['pg11 passes through an ssl_min_protocol_version equal to the minimum', pg11,
      { ssl_min_protocol_version: 'TLSv1.2' },
      { 'rds.force_ssl': '1', 'ssl_min_protocol_version': 'TLSv1.2' }],
    ['mysql3 keeps a stricter tls_version under its own spelling', my3,
      { TLS_VERSION: 'TLSv1.2', max_connections: '100' },
      { require_secure_transport: 'ON', tls_version: 'TLSv1.2', max_connections: '100' }],
    ['mysql3 replaces equivalent values (any order, any case)', my3,
      { Require_Secure_Transport: '1', tls_version: 'tlsv1.3,TLSv1.2' },
      { require_secure_transport: 'ON', tls_version: 'TLSv1.2,TLSv1.3' }],
    ['mysql3 TLS 1.3', my3Tls13,
      { tls_version: 'TLSv1.3' },
      { require_secure_transport: 'ON', tls_version: 'TLSv1.3' }],
    ['mysql2 with no user parameters', my2,
      {},
      { require_secure_transport: 'ON', tls_version: 'TLSv1.2' }],
  ])('%s', (_label, given, user, expected) => {
    // WHEN
    const merged = TlsEnforcement.mergeParameters(given, user as { [name: string]: string });
    // THEN
    expect(TlsEnforcement.checkParameters(given, user as { [name: string]: string })).toEqual([]);
    expect(merged).toEqual(expected);
    expect(Object.keys(merged)).toEqual(Object.keys(expected));
  });

  test('returns a fresh plain object and changes neither argument', () => {
    // GIVEN
    const user = { 'work_mem': '64MB', 'rds.force_ssl': '1' };
    const before = JSON.stringify({ user, pg16 });
    // WHEN
    const merged = TlsEnforcement.mergeParameters(pg16, user);
    // THEN
    expect(Object.getPrototypeOf(merged)).toBe(Object.prototype);
    expect(merged).not.toBe(pg16.parameters);
    expect(merged).not.toBe(user);
    expect(JSON.stringify({ user, pg16 })).toBe(before);
  });

  const protoMessage = (name: string) =>
    `Parameter name '${name}' is refused (it would reach the object's prototype, not a parameter group); remove it`;
  test.each([
    ['__proto__ (from JSON)', JSON.parse('{"__proto__": "1", "work_mem": "64MB"}'), [protoMessage('__proto__')]],
    ['__proto__ (computed key)', { ['__proto__']: { polluted: 'yes' } }, [protoMessage('__proto__')]],
    ['constructor', { constructor: 'x' }, [protoMessage('constructor')]],
    ['prototype', { prototype: 'x' }, [protoMessage('prototype')]],
    ['empty name', { '': '1' }, ["Parameter names must not be empty; remove the entry '' = '1'"]],
    ['blank name', { '  ': 'on' }, ["Parameter names must not be empty; remove the entry '  ' = 'on'"]],
  ])('refuses the parameter name %s', (_label, user, problems) => {
    // WHEN / THEN
    expect(TlsEnforcement.checkParameters(pg16, user)).toEqual(problems);
    expect(() => TlsEnforcement.mergeParameters(pg16, user)).toThrow(exactly(problems[0]));
    expect(({} as { polluted?: string }).polluted).toBeUndefined();
  });

  test.each([
    [my3, { max_connections: '100', MAX_CONNECTIONS: '200' },
      "Parameters 'max_connections' and 'MAX_CONNECTIONS' name the same aurora-mysql parameter (names are case-insensitive); keep one"],
    [my3, { tls_version: 'TLSv1.2', Tls_Version: 'TLSv1.2,TLSv1.3', TLS_VERSION: 'TLSv1.3,TLSv1.2' },
      "Parameters 'tls_version', 'Tls_Version' and 'TLS_VERSION' name the same aurora-mysql parameter (names are case-insensitive); keep one"],
    [pg16, { work_mem: '4MB', Work_Mem: '8MB' },
      "Parameters 'work_mem' and 'Work_Mem' name the same aurora-postgresql parameter (names are case-insensitive); keep one"],
  ])('refuses names that differ only in case %#', (given, user, message) => {
    expect(TlsEnforcement.checkParameters(given, user)).toEqual([message]);
  });

  test('a weakening value hidden behind a differently cased duplicate is still found', () => {
    // GIVEN
    const user = { require_secure_transport: 'ON', REQUIRE_SECURE_TRANSPORT: 'OFF' };
    // WHEN / THEN
    expect(TlsEnforcement.checkParameters(my3, user)).toEqual([
      "Parameter 'REQUIRE_SECURE_TRANSPORT' = 'OFF' would let clients connect without TLS; remove it (aurora-tls sets require_secure_transport=ON)",
      "Parameters 'require_secure_transport' and 'REQUIRE_SECURE_TRANSPORT' name the same aurora-mysql parameter (names are case-insensitive); keep one",
    ]);
  });

  test.each([
    [{ max_connections: 100 }, "Parameter 'max_connections' must be a string (parameter group values are strings), got 100; use '100'"],
    [{ 'rds.force_ssl': true }, "Parameter 'rds.force_ssl' must be a string (parameter group values are strings), got true; use 'true'"],
    [{ work_mem: null }, "Parameter 'work_mem' must be a string (parameter group values are strings), got null"],
    // a number that weakens TLS gets the TLS message, not only the type message
    [{ 'rds.force_ssl': 0 }, "Parameter 'rds.force_ssl' = '0' would let clients connect without TLS; remove it (aurora-tls sets rds.force_ssl=1)"],
  ])('non-string value %j', (user, message) => {
    expect(TlsEnforcement.checkParameters(pg16, user as unknown as { [name: string]: string })).toEqual([message]);
  });

  test('reports every problem in one error', () => {
    // GIVEN
    const user = JSON.parse(JSON.stringify({
      'rds.force_ssl': '0',
      'ssl': 'off',
      'ssl_min_protocol_version': 'TLSv1.1',
      'work_mem': '64MB',
      '': 'x',
    }));
    // WHEN / THEN
    expect(() => TlsEnforcement.mergeParameters(pg16, user)).toThrow(
      exactly(
        'Cluster parameters weaken or contradict TLS enforcement for aurora-postgresql 16.4 (4 problems):\n' +
          "- Parameter 'rds.force_ssl' = '0' would let clients connect without TLS; remove it (aurora-tls sets rds.force_ssl=1)\n" +
          "- Parameter 'ssl' = 'off' would turn TLS off on the server; remove it (rds.force_ssl=1, which aurora-tls sets, turns ssl on)\n" +
          "- Parameter 'ssl_min_protocol_version' = 'TLSv1.1' would let clients connect with TLSv1.1, below the minimum TLS 1.2; remove it (aurora-tls sets ssl_min_protocol_version=TLSv1.2)\n" +
          "- Parameter names must not be empty; remove the entry '' = 'x'",
      ),
    );
  });

  test('PostgreSQL names are not checked against MySQL rules, and the other way round', () => {
    // GIVEN unrelated for this engine: they pass through untouched
    expect(TlsEnforcement.mergeParameters(my3, { 'rds.force_ssl': '0' })).toEqual({
      'require_secure_transport': 'ON',
      'tls_version': 'TLSv1.2,TLSv1.3',
      'rds.force_ssl': '0',
    });
    expect(TlsEnforcement.checkParameters(pg16, { require_secure_transport: 'OFF' })).toEqual([]);
  });

  test.each([
    [undefined, 'Cluster parameters must be an object of parameter names to string values, got undefined'],
    [['rds.force_ssl', '1'], 'Cluster parameters must be an object of parameter names to string values, got an array of 2'],
  ])('refuses user parameters that are not an object: %j', (user, message) => {
    expect(() => TlsEnforcement.checkParameters(pg16, user as never)).toThrow(exactly(message));
  });

  test('refuses a spec that does not come from parametersFor', () => {
    expect(() => TlsEnforcement.mergeParameters({ engine: 'aurora' } as never, {})).toThrow(
      exactly("Expected a TlsParameterGroupSpec from TlsEnforcement.parametersFor(), got an object with engine 'aurora'"),
    );
  });
});

describe('TlsEnforcement.audit', () => {
  test.each([
    [PG, { 'rds.force_ssl': '1', 'ssl_min_protocol_version': 'TLSv1.2' }],
    [PG, { 'RDS.FORCE_SSL': '1', 'ssl_min_protocol_version': 'tlsv1.3', 'ssl': 'on', 'ssl_max_protocol_version': '' }],
    [PG, { 'rds.force_ssl': '1', 'ssl_min_protocol_version': 'TLSv1.2', 'ssl_max_protocol_version': 'TLSv1.3', 'work_mem': '64MB' }],
    [MYSQL, { require_secure_transport: 'ON', tls_version: 'TLSv1.2' }],
    [MYSQL, { REQUIRE_SECURE_TRANSPORT: '1', Tls_Version: 'TLSv1.2,TLSv1.3' }],
    [MYSQL, { require_secure_transport: 'ON', tls_version: 'TLSv1.3' }],
  ])('%s: strong parameters %j have no findings', (engine, parameters) => {
    expect(TlsEnforcement.audit(engine, parameters)).toEqual([]);
  });

  test('aurora-postgresql: nothing set', () => {
    expect(TlsEnforcement.audit(PG, { work_mem: '64MB' })).toEqual([
      {
        parameter: 'rds.force_ssl',
        message: 'rds.force_ssl is not set, so clients can connect without TLS (the default is 0 up to Aurora PostgreSQL 16); set rds.force_ssl=1',
      },
      {
        parameter: 'ssl_min_protocol_version',
        message: 'ssl_min_protocol_version is not set, so the engine default applies (TLSv1 on PostgreSQL 12); set ssl_min_protocol_version=TLSv1.2 (Aurora PostgreSQL 12 and later)',
      },
    ]);
  });

  test('aurora-mysql: nothing set', () => {
    expect(TlsEnforcement.audit(MYSQL, {})).toEqual([
      {
        parameter: 'require_secure_transport',
        message: 'require_secure_transport is not set, so clients can connect without TLS (the default is OFF); set require_secure_transport=ON',
      },
      {
        parameter: 'tls_version',
        message: 'tls_version is not set, so the engine default applies (every supported version, including deprecated TLS 1.0 and 1.1 on Aurora MySQL version 2 and 3 before 3.04.0); set tls_version=TLSv1.2 (TLSv1.2,TLSv1.3 on Aurora MySQL 3.04.0 and later)',
      },
    ]);
  });

  const strongPg = { 'rds.force_ssl': '1', 'ssl_min_protocol_version': 'TLSv1.2' };
  const strongMysql = { require_secure_transport: 'ON', tls_version: 'TLSv1.2' };
  const mysqlFix = 'set tls_version=TLSv1.2 (TLSv1.2,TLSv1.3 on Aurora MySQL 3.04.0 and later)';
  test.each([
    [PG, 'rds.force_ssl', '0', "rds.force_ssl = '0' lets clients connect without TLS; set rds.force_ssl=1"],
    [PG, 'Rds.Force_Ssl', 'off', "rds.force_ssl = 'off' lets clients connect without TLS; set rds.force_ssl=1"],
    [PG, 'rds.force_ssl', 'sometimes', "rds.force_ssl = 'sometimes' is not a valid value (0 or 1); set rds.force_ssl=1"],
    [PG, 'ssl', '0', "ssl = '0' turns TLS off on the server; remove it and set rds.force_ssl=1"],
    [PG, 'ssl', '?', "ssl = '?' is not a valid value (1 or 0); remove it and set rds.force_ssl=1"],
    [PG, 'ssl_min_protocol_version', 'TLSv1', "ssl_min_protocol_version = 'TLSv1' allows TLSv1 (deprecated by RFC 8996); set ssl_min_protocol_version=TLSv1.2"],
    [PG, 'ssl_min_protocol_version', 'TLSv1.1', "ssl_min_protocol_version = 'TLSv1.1' allows TLSv1.1 (deprecated by RFC 8996); set ssl_min_protocol_version=TLSv1.2"],
    [PG, 'ssl_min_protocol_version', 'tls12', "ssl_min_protocol_version = 'tls12' is not a TLS protocol version; set ssl_min_protocol_version=TLSv1.2"],
    [PG, 'ssl_max_protocol_version', 'TLSv1.1', "ssl_max_protocol_version = 'TLSv1.1' caps connections at TLSv1.1 (deprecated by RFC 8996); remove it"],
    [PG, 'ssl_max_protocol_version', 'latest', "ssl_max_protocol_version = 'latest' is not a TLS protocol version; remove it"],
    [MYSQL, 'require_secure_transport', 'OFF', "require_secure_transport = 'OFF' lets clients connect without TLS; set require_secure_transport=ON"],
    [MYSQL, 'REQUIRE_SECURE_TRANSPORT', '0', "require_secure_transport = '0' lets clients connect without TLS; set require_secure_transport=ON"],
    [MYSQL, 'require_secure_transport', 'always', "require_secure_transport = 'always' is not a valid value (ON or OFF); set require_secure_transport=ON"],
    [MYSQL, 'tls_version', 'TLSv1,TLSv1.1,TLSv1.2', `tls_version = 'TLSv1,TLSv1.1,TLSv1.2' allows TLSv1 and TLSv1.1 (deprecated by RFC 8996); ${mysqlFix}`],
    [MYSQL, 'tls_version', 'TLSv1.1', `tls_version = 'TLSv1.1' allows TLSv1.1 (deprecated by RFC 8996); ${mysqlFix}`],
    [MYSQL, 'tls_version', '', `tls_version = '' falls back to the engine default, which can include deprecated TLS versions; ${mysqlFix}`],
    [MYSQL, 'tls_version', 'TLSv1.2,TLSv2', `tls_version = 'TLSv1.2,TLSv2' lists 'TLSv2', which is not a TLS protocol version; ${mysqlFix}`],
  ])('%s: %s = %j is weak', (engine, parameter, value, message) => {
    // GIVEN a strong map with one parameter replaced
    const base: { [name: string]: string } = { ...(engine === PG ? strongPg : strongMysql) };
    for (const key of Object.keys(base)) if (key === parameter.toLowerCase()) delete base[key];
    base[parameter] = value;
    // WHEN / THEN
    expect(TlsEnforcement.audit(engine, base)).toEqual([{ parameter, value, message }]);
  });

  test('checks every spelling of a name', () => {
    // GIVEN
    const parameters = { require_secure_transport: 'ON', REQUIRE_SECURE_TRANSPORT: 'OFF', tls_version: 'TLSv1.2' };
    // WHEN / THEN
    expect(TlsEnforcement.audit(MYSQL, parameters)).toEqual([
      {
        parameter: 'REQUIRE_SECURE_TRANSPORT',
        value: 'OFF',
        message: "require_secure_transport = 'OFF' lets clients connect without TLS; set require_secure_transport=ON",
      },
    ]);
  });

  test('does not trust inherited properties', () => {
    // GIVEN rds.force_ssl only on the prototype
    const parameters = Object.create({ 'rds.force_ssl': '1' }) as { [name: string]: string };
    parameters.ssl_min_protocol_version = 'TLSv1.2';
    // WHEN / THEN
    expect(TlsEnforcement.audit(PG, parameters).map((f) => f.parameter)).toEqual(['rds.force_ssl']);
  });

  test('refuses an unknown engine', () => {
    expect(() => TlsEnforcement.audit('postgres' as AuroraEngine, {})).toThrow(
      exactly("Unknown engine 'postgres'; use AuroraEngine.AURORA_POSTGRESQL or AuroraEngine.AURORA_MYSQL"),
    );
  });
});

describe('TlsEnforcement.engineOfFamily', () => {
  test.each([
    ['aurora-postgresql16', PG],
    ['aurora-postgresql11', PG],
    ['aurora-postgresql9.6', PG],
    ['aurora-mysql8.0', MYSQL],
    ['aurora-mysql5.7', MYSQL],
    ['aurora5.6', MYSQL],
    ['postgres16', undefined],
    ['mysql8.0', undefined],
    ['aurora-postgresql', undefined],
    ['AURORA-MYSQL8.0', undefined],
    ['', undefined],
  ])('%j is %s', (family, engine) => {
    expect(TlsEnforcement.engineOfFamily(family)).toBe(engine);
  });

  test('agrees with parametersFor', () => {
    for (const [engine, version] of [[PG, '16.4'], [PG, '11.21'], [MYSQL, '3.05.2'], [MYSQL, '2.11.2']] as const) {
      expect(TlsEnforcement.engineOfFamily(spec(engine, version).family)).toBe(engine);
    }
  });

  test('refuses non-strings', () => {
    expect(() => TlsEnforcement.engineOfFamily(16 as unknown as string)).toThrow(
      exactly("Parameter group family must be a string such as 'aurora-postgresql16', got 16"),
    );
  });
});
