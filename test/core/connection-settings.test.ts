import { ConnectionSettings, ConnectionSettingsProps } from '../../lib/core/connection-settings';
import { SslMode } from '../../lib/core/ssl-mode';
import { AuroraEngine } from '../../lib/core/tls-enforcement';

const HOST = 'app.cluster-abc123xyz.us-east-1.rds.amazonaws.com';
const BUNDLE = '/etc/aurora-tls/us-east-1-bundle.pem';
const PEM = '-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n';
const TRUSTSTORE = '/etc/aurora-tls/us-east-1-bundle.p12';

function postgres(extra: Partial<ConnectionSettingsProps> = {}): ConnectionSettings {
  return new ConnectionSettings({
    engine: AuroraEngine.AURORA_POSTGRESQL,
    host: HOST,
    region: 'us-east-1',
    bundlePath: BUNDLE,
    database: 'app',
    user: 'app_user',
    ...extra,
  });
}

function mysql(extra: Partial<ConnectionSettingsProps> = {}): ConnectionSettings {
  return new ConnectionSettings({
    engine: AuroraEngine.AURORA_MYSQL,
    host: HOST,
    region: 'us-east-1',
    bundlePath: BUNDLE,
    database: 'app',
    user: 'app_user',
    ...extra,
  });
}

function invalid(props: object): () => ConnectionSettings {
  return () => new ConnectionSettings(props as ConnectionSettingsProps);
}

describe('defaults', () => {
  test('aurora-postgresql: port 5432, verify-full, no warnings', () => {
    // WHEN
    const settings = postgres();
    // THEN
    expect(settings.port).toBe(5432);
    expect(settings.sslMode).toBe(SslMode.VERIFY_FULL);
    expect(settings.warnings).toEqual([]);
    expect(settings.notes).toEqual([]);
    expect(settings.javaTrustStorePath).toBeUndefined();
  });

  test('aurora-mysql: port 3306, verify-full, a truststore beside the bundle', () => {
    // WHEN
    const settings = mysql();
    // THEN
    expect(settings.port).toBe(3306);
    expect(settings.sslMode).toBe(SslMode.VERIFY_FULL);
    expect(settings.mysqlSslMode()).toBe('VERIFY_IDENTITY');
    expect(settings.warnings).toEqual([]);
    expect(settings.javaTrustStorePath).toBe(TRUSTSTORE);
  });

  test('the truststore path appends .p12 when the bundle does not end in .pem', () => {
    expect(mysql({ bundlePath: '/certs/rds-bundle' }).javaTrustStorePath).toBe('/certs/rds-bundle.p12');
  });

  test('an explicit port is kept', () => {
    expect(postgres({ port: 6432 }).port).toBe(6432);
  });
});

describe('aurora-postgresql strings, verify-full', () => {
  // GIVEN
  const settings = postgres();

  test('libpq connection string', () => {
    expect(settings.libpqConnectionString()).toBe(
      `host=${HOST} port=5432 dbname=app user=app_user sslmode=verify-full sslrootcert=${BUNDLE}`,
    );
  });

  test('psql arguments: the connection string as one argument', () => {
    expect(settings.psqlArgs()).toEqual([`host=${HOST} port=5432 dbname=app user=app_user sslmode=verify-full sslrootcert=${BUNDLE}`]);
  });

  test('URI', () => {
    expect(settings.postgresUri()).toBe(`postgresql://app_user@${HOST}:5432/app?sslmode=verify-full&sslrootcert=${BUNDLE}`);
  });

  test('JDBC URL (PgJDBC reads the PEM bundle)', () => {
    expect(settings.jdbcUrl()).toBe(
      `jdbc:postgresql://${HOST}:5432/app?ssl=true&sslmode=verify-full&sslrootcert=${BUNDLE}&user=app_user`,
    );
  });

  test('node-postgres options: the bundle\'s contents as ca, the host as servername (what node\'s tls.connect takes)', () => {
    expect(settings.nodePostgresOptions(PEM)).toEqual({
      host: HOST,
      port: 5432,
      database: 'app',
      user: 'app_user',
      ssl: { rejectUnauthorized: true, ca: PEM, servername: HOST },
    });
  });

  test('node-postgres options are plain JSON', () => {
    expect(JSON.parse(JSON.stringify(settings.nodePostgresOptions(PEM)))).toEqual(settings.nodePostgresOptions(PEM));
  });

  test.each([
    [undefined, 'undefined'],
    [BUNDLE, `'${BUNDLE}'`],
  ])('node-postgres options without the bundle\'s contents (%s) name the fix', (pem, shown) => {
    expect(() => settings.nodePostgresOptions(pem)).toThrow(new Error(
      `nodePostgresOptions() needs the PEM bundle's contents for sslmode=verify-full, got ${shown}: the driver takes the ` +
        `certificates themselves, not a path; pass fs.readFileSync('${BUNDLE}', 'utf8')`,
    ));
  });
});

describe('aurora-postgresql strings without database and user', () => {
  // GIVEN
  const settings = postgres({ database: undefined, user: undefined });

  test.each([
    ['libpq', () => settings.libpqConnectionString(), `host=${HOST} port=5432 sslmode=verify-full sslrootcert=${BUNDLE}`],
    ['URI', () => settings.postgresUri(), `postgresql://${HOST}:5432?sslmode=verify-full&sslrootcert=${BUNDLE}`],
    ['JDBC', () => settings.jdbcUrl(), `jdbc:postgresql://${HOST}:5432/?ssl=true&sslmode=verify-full&sslrootcert=${BUNDLE}`],
  ])('%s', (_name, render, expected) => {
    expect(render()).toBe(expected);
  });
});

describe('escaping', () => {
  test('libpq quotes values with spaces, quotes and backslashes', () => {
    // GIVEN
    const settings = postgres({ database: "my db's", user: 'a\\b' });
    // WHEN / THEN
    expect(settings.libpqConnectionString()).toBe(
      `host=${HOST} port=5432 dbname='my db\\'s' user='a\\\\b' sslmode=verify-full sslrootcert=${BUNDLE}`,
    );
  });

  test('the URI percent-encodes user, database and query values', () => {
    // GIVEN
    const settings = postgres({ database: 'sales/eu', user: 'ops@corp', bundlePath: 'C:\\certs\\rds#1.pem' });
    // WHEN / THEN
    expect(settings.postgresUri()).toBe(
      `postgresql://ops%40corp@${HOST}:5432/sales%2Feu?sslmode=verify-full&sslrootcert=C:%5Ccerts%5Crds%231.pem`,
    );
  });

  test('the Connector/J truststore is a percent-encoded file URL, encoded again inside the JDBC query', () => {
    // GIVEN
    const settings = mysql({ database: undefined, user: undefined, javaTrustStorePath: 'C:\\certs\\100%.p12' });
    // WHEN / THEN
    expect(settings.jdbcUrl()).toBe(
      `jdbc:mysql://${HOST}:3306/?sslMode=VERIFY_IDENTITY&trustCertificateKeyStoreUrl=file:/C:/certs/100%2525.p12&trustCertificateKeyStoreType=PKCS12`,
    );
  });
});

describe('aurora-mysql strings, verify-full', () => {
  // GIVEN
  const settings = mysql();

  test('JDBC URL for Connector/J: VERIFY_IDENTITY and a PKCS12 truststore, no password in the URL', () => {
    expect(settings.jdbcUrl()).toBe(
      `jdbc:mysql://${HOST}:3306/app?sslMode=VERIFY_IDENTITY&trustCertificateKeyStoreUrl=file:${TRUSTSTORE}` +
        '&trustCertificateKeyStoreType=PKCS12&user=app_user',
    );
  });

  test('a .jks truststore is declared as JKS', () => {
    expect(mysql({ javaTrustStorePath: '/etc/rds.jks' }).jdbcUrl()).toBe(
      `jdbc:mysql://${HOST}:3306/app?sslMode=VERIFY_IDENTITY&trustCertificateKeyStoreUrl=file:/etc/rds.jks` +
        '&trustCertificateKeyStoreType=JKS&user=app_user',
    );
  });

  test('the note says Connector/J needs a truststore and where the password goes', () => {
    expect(settings.notes).toEqual([
      `MySQL Connector/J cannot read the PEM bundle ${BUNDLE}: jdbcUrl() points at the PKCS12 truststore ${TRUSTSTORE}, ` +
        'which must hold every certificate of the bundle (create it with javaTrustStoreCommands()), and the truststore ' +
        'password goes in the trustCertificateKeyStorePassword connection property, not in the URL',
    ]);
  });

  test('truststore commands import every certificate of the bundle', () => {
    expect(settings.javaTrustStoreCommands()).toEqual([
      'tmp="$(mktemp -d)"',
      `awk -v dir="$tmp" '/-----BEGIN CERTIFICATE-----/ { n++ } n > 0 { print > (dir "/cert-" n ".pem") }' ${BUNDLE}`,
      `for cert in "$tmp"/cert-*.pem; do keytool -importcert -noprompt -storetype PKCS12 -keystore ${TRUSTSTORE} ` +
        '-storepass "$TRUSTSTORE_PASSWORD" -alias "rds-$(basename "$cert" .pem)" -file "$cert"; done',
      'rm -r "$tmp"',
    ]);
  });

  test('Oracle MySQL client arguments', () => {
    expect(settings.mysqlCliArgs()).toEqual([
      `--host=${HOST}`,
      '--port=3306',
      '--user=app_user',
      '--ssl-mode=VERIFY_IDENTITY',
      `--ssl-ca=${BUNDLE}`,
      'app',
    ]);
  });

  test('MariaDB client arguments: --ssl-verify-server-cert checks the chain and the host name (test/core/mariadb-client.test.ts runs them)', () => {
    expect(settings.mariadbCliArgs()).toEqual([
      `--host=${HOST}`,
      '--port=3306',
      '--user=app_user',
      `--ssl-ca=${BUNDLE}`,
      '--ssl-verify-server-cert',
      'app',
    ]);
  });

  test('mysql2 options: the bundle\'s contents as ca, and verifyIdentity, since mysql2 checks the host name only then', () => {
    expect(settings.mysql2Options(PEM)).toEqual({
      host: HOST,
      port: 3306,
      database: 'app',
      user: 'app_user',
      ssl: { rejectUnauthorized: true, ca: PEM, verifyIdentity: true },
    });
  });

  test('mysql2 options without the bundle\'s contents name the fix', () => {
    expect(() => settings.mysql2Options()).toThrow(new Error(
      'mysql2Options() needs the PEM bundle\'s contents for ssl-mode=VERIFY_IDENTITY, got undefined: the driver takes the ' +
        `certificates themselves, not a path; pass fs.readFileSync('${BUNDLE}', 'utf8')`,
    ));
  });
});

describe('weaker modes: what each one says it loses', () => {
  test.each([
    [
      SslMode.VERIFY_CA,
      `sslmode=verify-ca verifies that the server certificate chains to a CA in ${BUNDLE} but not that it names ${HOST}: ` +
        'any Amazon RDS or Aurora database with a certificate from the same CA, in any AWS account, can impersonate this one',
    ],
    [SslMode.REQUIRE, 'sslmode=require encrypts but does not verify the server certificate: a man-in-the-middle can impersonate the database'],
    [
      SslMode.PREFER,
      'sslmode=prefer falls back to plain text when TLS fails and never verifies the server certificate: an attacker who blocks TLS ' +
        'can read the traffic, and a man-in-the-middle can impersonate the database',
    ],
    [
      SslMode.ALLOW,
      'sslmode=allow starts in plain text, encrypts only if the server insists and never verifies the server certificate: ' +
        'the traffic can be read unless the server enforces TLS, and a man-in-the-middle can impersonate the database',
    ],
    [
      SslMode.DISABLE,
      'sslmode=disable sends everything, including the password, in plain text: anyone on the network path can read and change ' +
        'the traffic; clusters that enforce TLS (rds.force_ssl=1) refuse the connection',
    ],
  ])('aurora-postgresql %s', (sslMode, warning) => {
    // WHEN
    const settings = postgres({ sslMode });
    // THEN
    expect(settings.warnings).toEqual([warning]);
  });

  test.each([
    [SslMode.REQUIRE, 'ssl-mode=REQUIRED encrypts but does not verify the server certificate: a man-in-the-middle can impersonate the database'],
    [
      SslMode.DISABLE,
      'ssl-mode=DISABLED sends everything, including the password, in plain text: anyone on the network path can read and change ' +
        'the traffic; clusters that enforce TLS (require_secure_transport=ON) refuse the connection',
    ],
  ])('aurora-mysql %s uses the MySQL names', (sslMode, warning) => {
    expect(mysql({ sslMode }).warnings).toEqual([warning]);
  });

  test.each([
    [
      SslMode.VERIFY_CA,
      `host=${HOST} port=5432 dbname=app user=app_user sslmode=verify-ca sslrootcert=${BUNDLE}`,
      `jdbc:postgresql://${HOST}:5432/app?ssl=true&sslmode=verify-ca&sslrootcert=${BUNDLE}&user=app_user`,
    ],
    [
      SslMode.REQUIRE,
      `host=${HOST} port=5432 dbname=app user=app_user sslmode=require`,
      `jdbc:postgresql://${HOST}:5432/app?ssl=true&sslmode=require&user=app_user`,
    ],
    [
      SslMode.PREFER,
      `host=${HOST} port=5432 dbname=app user=app_user sslmode=prefer`,
      `jdbc:postgresql://${HOST}:5432/app?sslmode=prefer&user=app_user`,
    ],
    [
      SslMode.DISABLE,
      `host=${HOST} port=5432 dbname=app user=app_user sslmode=disable`,
      `jdbc:postgresql://${HOST}:5432/app?sslmode=disable&user=app_user`,
    ],
  ])('aurora-postgresql %s: sslrootcert only where the certificate is verified', (sslMode, libpq, jdbc) => {
    const settings = postgres({ sslMode });
    expect(settings.libpqConnectionString()).toBe(libpq);
    expect(settings.jdbcUrl()).toBe(jdbc);
  });

  test.each([
    [SslMode.REQUIRE, { rejectUnauthorized: false }],
    [SslMode.PREFER, { rejectUnauthorized: false }],
    [SslMode.DISABLE, undefined],
  ])('node-postgres %s', (sslMode, ssl) => {
    expect(postgres({ sslMode }).nodePostgresOptions().ssl).toEqual(ssl);
  });

  test('node-postgres verify-ca is refused: skipping the host-name check needs a function', () => {
    expect(() => postgres({ sslMode: SslMode.VERIFY_CA }).nodePostgresOptions(PEM)).toThrow(new Error(
      'nodePostgresOptions() cannot express sslmode=verify-ca: node checks the host name unless given a checkServerIdentity ' +
        'function, which plain options cannot hold; use verify-full (recommended), or add checkServerIdentity: () => undefined yourself',
    ));
  });

  test.each([
    [
      SslMode.VERIFY_CA,
      `jdbc:mysql://${HOST}:3306/app?sslMode=VERIFY_CA&trustCertificateKeyStoreUrl=file:${TRUSTSTORE}&trustCertificateKeyStoreType=PKCS12&user=app_user`,
      ['--ssl-mode=VERIFY_CA', `--ssl-ca=${BUNDLE}`],
      undefined,
      { rejectUnauthorized: true, ca: PEM, verifyIdentity: false },
    ],
    [
      SslMode.REQUIRE,
      `jdbc:mysql://${HOST}:3306/app?sslMode=REQUIRED&user=app_user`,
      ['--ssl-mode=REQUIRED'],
      ['--ssl'],
      { rejectUnauthorized: false, verifyIdentity: false },
    ],
    [
      SslMode.PREFER,
      `jdbc:mysql://${HOST}:3306/app?sslMode=PREFERRED&user=app_user`,
      ['--ssl-mode=PREFERRED'],
      undefined,
      { rejectUnauthorized: false, verifyIdentity: false },
    ],
    [SslMode.DISABLE, `jdbc:mysql://${HOST}:3306/app?sslMode=DISABLED&user=app_user`, ['--ssl-mode=DISABLED'], ['--skip-ssl'], undefined],
  ])('aurora-mysql %s', (sslMode, jdbc, tlsArgs, mariadbArgs, ssl) => {
    const settings = mysql({ sslMode });
    expect(settings.jdbcUrl()).toBe(jdbc);
    expect(settings.mysqlCliArgs()).toEqual([`--host=${HOST}`, '--port=3306', '--user=app_user', ...tlsArgs, 'app']);
    if (mariadbArgs) {
      expect(settings.mariadbCliArgs()).toEqual([`--host=${HOST}`, '--port=3306', '--user=app_user', ...mariadbArgs, 'app']);
    } else {
      expect(() => settings.mariadbCliArgs()).toThrow(new Error(
        `mariadbCliArgs() cannot express ssl-mode=${settings.mysqlSslMode()}: the MariaDB client verifies the certificate only ` +
          'together with the host name (--ssl-verify-server-cert) and has no fallback to plain text; use verify-full (recommended) or require',
      ));
    }
    expect(settings.mysql2Options(PEM).ssl).toEqual(ssl);
  });

  test('no truststore note when the mode does not verify the certificate', () => {
    expect(mysql({ sslMode: SslMode.REQUIRE }).notes).toEqual([]);
  });
});

describe('host names that verify-full cannot verify', () => {
  test('an IP address', () => {
    expect(postgres({ host: '10.0.1.25' }).warnings).toEqual([
      'Host 10.0.1.25 is an IP address: sslmode=verify-full checks that the server certificate names the host, and Aurora ' +
        'certificates name endpoints, not addresses, so the connection will fail; connect to the endpoint name',
    ]);
  });

  test.each(['localhost', 'db.example.com'])('%s is not an RDS endpoint', (host) => {
    expect(mysql({ host }).warnings).toEqual([
      `Host ${host} is not an Amazon RDS endpoint (*.rds.amazonaws.com): ssl-mode=VERIFY_IDENTITY checks that the server ` +
        'certificate names the host, and Aurora certificates name only the AWS endpoints, so the connection will fail unless ' +
        'the certificate names this host; connect to the endpoint name (a CNAME or SSH tunnel cannot be verified)',
    ]);
  });

  test('no host warning when the mode does not check host names', () => {
    expect(postgres({ host: 'localhost', sslMode: SslMode.VERIFY_CA }).warnings).toHaveLength(1);
  });

  test.each([
    'app.cluster-ro-abc123xyz.us-east-1.rds.amazonaws.com',
    'instance-1.abc123xyz.us-east-1.rds.amazonaws.com',
    'proxy.proxy-abc123xyz.us-east-1.rds.amazonaws.com',
    'APP.CLUSTER-ABC123XYZ.US-EAST-1.RDS.AMAZONAWS.COM',
  ])('%s is an RDS endpoint', (host) => {
    expect(postgres({ host }).warnings).toEqual([]);
  });

  test('China endpoints are RDS endpoints', () => {
    expect(postgres({ host: 'app.cluster-abc.cn-north-1.rds.amazonaws.com.cn', region: 'cn-north-1' }).warnings).toEqual([]);
  });
});

describe('methods of the other engine', () => {
  test.each([
    ['libpqConnectionString()', (s: ConnectionSettings) => s.libpqConnectionString()],
    ['postgresUri()', (s: ConnectionSettings) => s.postgresUri()],
    ['nodePostgresOptions()', (s: ConnectionSettings) => s.nodePostgresOptions()],
    ['psqlArgs()', (s: ConnectionSettings) => s.psqlArgs()],
  ])('%s refuses aurora-mysql', (method, call) => {
    expect(() => call(mysql())).toThrow(new Error(
      `${method} is for aurora-postgresql, but these settings are for aurora-mysql; use jdbcUrl(), mysql2Options(), mysqlCliArgs() or mariadbCliArgs()`,
    ));
  });

  test.each([
    ['mysql2Options()', (s: ConnectionSettings) => s.mysql2Options()],
    ['mysqlCliArgs()', (s: ConnectionSettings) => s.mysqlCliArgs()],
    ['mariadbCliArgs()', (s: ConnectionSettings) => s.mariadbCliArgs()],
    ['mysqlSslMode()', (s: ConnectionSettings) => s.mysqlSslMode()],
    ['javaTrustStoreCommands()', (s: ConnectionSettings) => s.javaTrustStoreCommands()],
  ])('%s refuses aurora-postgresql', (method, call) => {
    expect(() => call(postgres())).toThrow(new Error(
      `${method} is for aurora-mysql, but these settings are for aurora-postgresql; ` +
        'use libpqConnectionString(), postgresUri(), jdbcUrl() or nodePostgresOptions()',
    ));
  });
});

describe('validation', () => {
  const base = { engine: AuroraEngine.AURORA_POSTGRESQL, host: HOST, region: 'us-east-1', bundlePath: BUNDLE };
  const example = 'my-cluster.cluster-abc123xyz.us-east-1.rds.amazonaws.com';

  test.each([
    [{ host: '' }, `Host must not be empty; pass the cluster endpoint, e.g. '${example}'`],
    [{ host: undefined }, `Host must be a string such as '${example}', got undefined`],
    [{ host: ` ${HOST}` }, `Host ' ${HOST}' has leading or trailing whitespace; use '${HOST}'`],
    [{ host: 'my cluster' }, `Host 'my cluster' is not a valid host name: use letters, digits, hyphens and dots, at most 63 characters between dots, e.g. '${example}'`],
    [{ host: '-bad.example.com' }, `Host '-bad.example.com' is not a valid host name: use letters, digits, hyphens and dots, at most 63 characters between dots, e.g. '${example}'`],
    [{ host: 'a..b' }, `Host 'a..b' is not a valid host name: use letters, digits, hyphens and dots, at most 63 characters between dots, e.g. '${example}'`],
    [{ host: 'postgresql://db.example.com/app' }, `Host 'postgresql://db.example.com/app' is a URL; pass only the host name, e.g. '${example}'`],
    [{ host: `${HOST}:5432` }, `Host '${HOST}:5432' includes a port; pass host '${HOST}' and port 5432`],
    [
      { host: '${Token[TOKEN.123]}' },
      "Host '${Token[TOKEN.123]}' is an unresolved CDK token; ConnectionSettings needs the real endpoint name: pass it to the " +
        'application (e.g. in an environment variable) and build the settings there',
    ],
    [{ port: 0 }, 'Port 0 is out of range; use 1 to 65535 (the aurora-postgresql default is 5432)'],
    [{ port: 65536 }, 'Port 65536 is out of range; use 1 to 65535 (the aurora-postgresql default is 5432)'],
    [{ port: 5432.5 }, 'Port 5432.5 is not a whole number; use an integer from 1 to 65535 (the aurora-postgresql default is 5432)'],
    [{ port: NaN }, 'Port NaN is not a whole number; use an integer from 1 to 65535 (the aurora-postgresql default is 5432)'],
    [{ port: '5432' }, "Port must be a number, got '5432'; use the number 5432"],
    [{ engine: 'postgres' }, "Engine 'postgres' is not supported; use AuroraEngine.AURORA_POSTGRESQL ('aurora-postgresql') or AuroraEngine.AURORA_MYSQL ('aurora-mysql')"],
    [{ database: '' }, 'Database must not be empty; omit database to use the default'],
    [{ database: 'app ' }, "Database 'app ' has leading or trailing whitespace; use 'app'"],
    [{ database: 'a\nb' }, "Database 'a\nb' contains a control character (such as a newline); remove it"],
    [{ database: 'x'.repeat(64) }, `Database '${'x'.repeat(64)}' is 64 characters long; aurora-postgresql allows at most 63`],
    [{ user: '' }, 'User must not be empty; omit user to use the default'],
    [{ user: 42 }, 'User must be a string, got 42'],
    [{ region: 'us-east-9' }, "Unknown region 'us-east-9' (closest: us-east-1, us-east-2, ap-east-1); aurora-tls knows 38 regions (RegionCatalog.regions()). Check the spelling, or upgrade aurora-tls if the region is new"],
    [{ region: 'US-EAST-1' }, "Region 'US-EAST-1' must be lower case; use 'us-east-1'"],
    [
      { region: 'us-west-2' },
      `Host '${HOST}' is an endpoint in us-east-1, but region is 'us-west-2'; set region to 'us-east-1' and use that region's bundle (or the global bundle)`,
    ],
    [{ bundlePath: undefined }, "Bundle path must be a string such as '/etc/aurora-tls/us-east-1-bundle.pem', got undefined"],
    [{ bundlePath: '' }, "Bundle path must not be empty; pass the path of the file, e.g. '/etc/aurora-tls/us-east-1-bundle.pem'"],
    [{ bundlePath: '/etc/my certs/b.pem' }, "Bundle path '/etc/my certs/b.pem' contains whitespace or a control character, which connection strings and URLs cannot carry reliably; move the file to a path without spaces"],
    [{ bundlePath: `${BUNDLE}\n` }, `Bundle path '${BUNDLE}\n' has leading or trailing whitespace; use '${BUNDLE}'`],
    [{ bundlePath: '~/.postgresql/root.crt' }, "Bundle path '~/.postgresql/root.crt' starts with '~', which database clients do not expand; use the absolute path"],
    [
      { bundlePath: 'https://example.com/us-east-1-bundle.pem' },
      "Bundle path 'https://example.com/us-east-1-bundle.pem' is a URL; download the file (see RegionCatalog.bundleUrl()) and pass its local path",
    ],
    [{ bundlePath: '-----BEGIN CERTIFICATE-----\nMIID' }, 'Bundle path contains PEM text; pass the path of the file that holds it, not its contents'],
    [{ bundlePath: '/etc/us-east-1-bundle.p7b' }, "Bundle path '/etc/us-east-1-bundle.p7b' is a PKCS#7 file; pass the PEM bundle (e.g. us-east-1-bundle.pem): libpq, PgJDBC, mysql and Node read PEM"],
    [{ sslMode: 'verify-full' }, "SSL mode must be an SslMode such as SslMode.VERIFY_FULL, got 'verify-full'; use SslMode.of('verify-full')"],
    [{ javaTrustStorePath: '/etc/rds.p12' }, 'javaTrustStorePath is for aurora-mysql (MySQL Connector/J); PgJDBC reads the PEM bundle: remove javaTrustStorePath'],
  ])('rejects %j', (override, message) => {
    // WHEN / THEN
    expect(invalid({ ...base, ...override })).toThrow(new Error(`Invalid connection settings: ${message}`));
  });

  test.each([
    [{ sslMode: SslMode.ALLOW }, "SSL mode 'allow' has no MySQL equivalent (MySQL clients never start in plain text and upgrade when the server insists); use SslMode.VERIFY_FULL (VERIFY_IDENTITY), or SslMode.PREFER (PREFERRED) for optional TLS"],
    [{ user: 'u'.repeat(33) }, `User '${'u'.repeat(33)}' is 33 characters long; aurora-mysql allows at most 32`],
    [{ port: 0 }, 'Port 0 is out of range; use 1 to 65535 (the aurora-mysql default is 3306)'],
    [{ javaTrustStorePath: '/etc/rds.pem' }, "Java truststore path '/etc/rds.pem' names a PEM file, which MySQL Connector/J cannot read; pass a PKCS12 truststore path such as '/etc/aurora-tls/us-east-1-bundle.p12' and create it with javaTrustStoreCommands()"],
    [{ javaTrustStorePath: '' }, "Java truststore path must not be empty; pass the path of the file, e.g. '/etc/aurora-tls/us-east-1-bundle.p12'"],
  ])('aurora-mysql rejects %j', (override, message) => {
    expect(invalid({ ...base, engine: AuroraEngine.AURORA_MYSQL, ...override })).toThrow(new Error(`Invalid connection settings: ${message}`));
  });

  test('every problem is reported at once', () => {
    // WHEN / THEN
    expect(invalid({ engine: AuroraEngine.AURORA_POSTGRESQL, host: '', port: -1, region: 'mars-1', bundlePath: '' })).toThrow(new Error(
      'Invalid connection settings (4 problems): ' +
        `1) Host must not be empty; pass the cluster endpoint, e.g. '${example}'; ` +
        '2) Port -1 is out of range; use 1 to 65535 (the aurora-postgresql default is 5432); ' +
        "3) Region 'mars-1' is not a region code; expected the form 'us-east-1'; " +
        "4) Bundle path must not be empty; pass the path of the file, e.g. '/etc/aurora-tls/us-east-1-bundle.pem'",
    ));
  });

  test('props must be an object', () => {
    expect(invalid(undefined as unknown as object)).toThrow(new Error(
      'ConnectionSettings needs props { host, engine, region, bundlePath, ... }, got undefined',
    ));
  });

  test.each(['10.0.1.25', 'localhost', 'db.example.com.', HOST])('accepts the host %s', (host) => {
    expect(new ConnectionSettings({ ...base, host }).host).toBe(host);
  });
});
