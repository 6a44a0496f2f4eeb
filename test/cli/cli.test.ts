import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import { BufferedIo, Cli, ExitCode } from '../../lib/cli/cli';
import { RegionCatalog, TrustStore } from '../../lib/core';

interface Result {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

function run(...argv: string[]): Result {
  const io = new BufferedIo();
  const code = Cli.run(argv, io);
  return { code, stdout: io.stdout, stderr: io.stderr };
}

/** Bad input: exit 2, nothing on stdout, exactly one line on stderr (no stack trace). */
function expectUsageError(result: Result, line: string): void {
  expect(result).toEqual({ code: ExitCode.USAGE, stdout: '', stderr: `${line}\n` });
}

const HOST = 'app.cluster-abc123xyz.us-east-1.rds.amazonaws.com';
// A real bundle file: `connect` reads it for the node drivers, which take the certificates themselves.
const BUNDLE_DIR = mkdtempSync(join(tmpdir(), 'aurora-tls-cli-'));
const BUNDLE = join(BUNDLE_DIR, 'us-east-1-bundle.pem');
const PEM = TrustStore.bundled().bundlePem('us-east-1');
writeFileSync(BUNDLE, PEM);
afterAll(() => rmSync(BUNDLE_DIR, { recursive: true, force: true }));
const PG = ['connect', '--engine', 'aurora-postgresql', '--host', HOST, '--region', 'us-east-1', '--bundle-path', BUNDLE];
const MYSQL = ['connect', '--engine', 'aurora-mysql', '--host', HOST, '--region', 'us-east-1', '--bundle-path', BUNDLE];

describe('help and version', () => {
  test('--help prints the commands and exits 0', () => {
    // WHEN
    const result = run('--help');
    // THEN
    expect(result.code).toBe(ExitCode.OK);
    expect(result.stderr).toBe('');
    expect(result.stdout.split('\n').slice(0, 10)).toEqual([
      'aurora-tls: Amazon Aurora TLS facts and client settings, offline',
      '',
      'Usage: aurora-tls <command> [options]',
      '',
      'Commands:',
      '  regions  List every region with the certificate authorities offered there, and notes',
      '  check    Exit 0 if the certificate authority is offered in the region, 1 if not, 2 on bad input',
      "  bundle   Print the region's trust bundle (PEM) from the snapshot vendored in this package",
      '  connect  Print client connection settings with verified TLS (libpq, URI, JDBC, node-postgres, mysql2, CLI)',
      '  audit    Audit CloudFormation templates and Terraform plans for Aurora TLS (CA per instance, TLS parameters)',
    ]);
  });

  test('help is also a command', () => {
    expect(run('help')).toEqual(run('--help'));
  });

  test('no arguments: the help on stderr, exit 2', () => {
    const result = run();
    expect(result.code).toBe(ExitCode.USAGE);
    expect(result.stdout).toBe('');
    expect(result.stderr).toBe(run('--help').stdout);
  });

  test.each(['regions', 'check', 'bundle', 'connect'])('%s --help, -h and help %s print the command help', (command) => {
    // WHEN
    const result = run(command, '--help');
    // THEN
    expect(result.code).toBe(ExitCode.OK);
    expect(result.stdout).toMatch(new RegExp(`^aurora-tls ${command}: .*\n\nUsage: aurora-tls ${command}`));
    expect(result.stdout).toContain('  --json');
    expect(run(command, '-h')).toEqual(result);
    expect(run('help', command)).toEqual(result);
  });

  test('--help wins over missing arguments', () => {
    expect(run('check', '--help').code).toBe(ExitCode.OK);
  });

  test('check --help documents the exit codes', () => {
    expect(run('check', '--help').stdout.split('\n').slice(0, 3)).toEqual([
      'aurora-tls check: Exit 0 if the certificate authority is offered in the region, 1 if not, 2 on bad input',
      '',
      'Usage: aurora-tls check <region> <ca> [--json]',
    ]);
  });

  test('--version prints the package version', () => {
    const { version } = JSON.parse(readFileSync(join(__dirname, '..', '..', 'package.json'), 'utf8'));
    expect(run('--version')).toEqual({ code: ExitCode.OK, stdout: `${version}\n`, stderr: '' });
    expect(JSON.parse(run('--version', '--json').stdout)).toEqual({ version });
  });
});

describe('bad command lines', () => {
  test.each([
    [['deploy'], "aurora-tls: unknown command 'deploy'; commands are regions, check, bundle, connect, audit (see aurora-tls --help)"],
    [['help', 'deploy'], "aurora-tls: unknown command 'deploy'; commands are regions, check, bundle, connect, audit (see aurora-tls --help)"],
    [['regions', '--verbose'], "aurora-tls regions: unknown option --verbose; 'regions' takes --json, --help"],
    [['regions', 'us-east-1'], "aurora-tls regions: unexpected argument 'us-east-1'; usage: aurora-tls regions [--json]"],
    [['regions', '-j'], "aurora-tls: unknown option '-j'; options are spelled with two dashes, e.g. --json (see --help)"],
    [['regions', '--json=yes'], 'aurora-tls: --json takes no value; use --json alone'],
    [['regions', '--json', '--json'], 'aurora-tls: --json is given twice; give it once'],
    [['check', 'us-east-1'], 'aurora-tls check: missing <ca>; usage: aurora-tls check <region> <ca> [--json]'],
    [['check'], 'aurora-tls check: missing <region> <ca>; usage: aurora-tls check <region> <ca> [--json]'],
    [['bundle'], 'aurora-tls bundle: missing <region>; usage: aurora-tls bundle <region> [--json]'],
    [['connect', '--host'], 'aurora-tls: --host needs a value, e.g. --host my-cluster.cluster-abc123xyz.us-east-1.rds.amazonaws.com'],
    [['connect', '--port='], 'aurora-tls: --port needs a value, e.g. --port 5432'],
    [['connect', '--host', '--json'], 'aurora-tls: --host needs a value, e.g. --host my-cluster.cluster-abc123xyz.us-east-1.rds.amazonaws.com'],
  ])('%j', (argv, line) => {
    expectUsageError(run(...argv), line);
  });
});

describe('regions', () => {
  test('a table of every region, then the notes', () => {
    // WHEN
    const result = run('regions');
    // THEN
    expect(result.code).toBe(ExitCode.OK);
    expect(result.stderr).toBe('');
    const lines = result.stdout.split('\n');
    expect(lines[0]).toBe('REGION          NAME                        PARTITION   rds-ca-rsa2048-g1  rds-ca-rsa4096-g1  rds-ca-ecc384-g1  NOTES');
    expect(lines[1]).toBe('us-east-1       US East (N. Virginia)       aws         yes                yes                yes');
    expect(lines).toContain('ap-south-1      Asia Pacific (Mumbai)       aws         yes                -                  -                 1');
    expect(lines).toContain('us-gov-west-1   AWS GovCloud (US-West)      aws-us-gov  yes                yes                yes               1');
    expect(lines.slice(1, 1 + RegionCatalog.regions().length).map((l) => l.split(' ')[0])).toEqual(RegionCatalog.regions());
    expect(lines).toContain('Notes:');
    expect(lines).toContain(`  ap-south-1: ${RegionCatalog.notes('ap-south-1')[0]}`);
  });

  test('--json lists every region with its CAs, bundle URL, sources and notes', () => {
    // WHEN
    const result = run('regions', '--json');
    const regions = JSON.parse(result.stdout);
    // THEN
    expect(result.code).toBe(ExitCode.OK);
    expect(regions.map((r: { region: string }) => r.region)).toEqual(RegionCatalog.regions());
    expect(regions.find((r: { region: string }) => r.region === 'ap-south-1')).toEqual({
      region: 'ap-south-1',
      name: 'Asia Pacific (Mumbai)',
      partition: 'aws',
      availableAuthorities: ['rds-ca-rsa2048-g1'],
      unavailableAuthorities: ['rds-ca-rsa4096-g1', 'rds-ca-ecc384-g1'],
      bundleUrl: 'https://truststore.pki.rds.amazonaws.com/ap-south-1/ap-south-1-bundle.pem',
      sources: ['aws-aurora-user-guide', 'global-bundle'],
      notes: RegionCatalog.notes('ap-south-1'),
    });
  });
});

describe('check', () => {
  test('available: exit 0', () => {
    expect(run('check', 'us-east-1', 'rds-ca-ecc384-g1')).toEqual({
      code: ExitCode.OK,
      stdout: 'rds-ca-ecc384-g1 is available in us-east-1 (US East (N. Virginia))\n',
      stderr: '',
    });
  });

  test('not available: exit 1, the alternative and the notes', () => {
    expect(run('check', 'ap-south-1', 'rds-ca-ecc384-g1')).toEqual({
      code: ExitCode.NO,
      stdout:
        'rds-ca-ecc384-g1 is not available in ap-south-1 (Asia Pacific (Mumbai)); choose rds-ca-rsa2048-g1\n' +
        `note: ${RegionCatalog.notes('ap-south-1')[0]}\n`,
      stderr: '',
    });
  });

  test('arguments after -- are positional', () => {
    expect(run('check', '--', 'us-east-1', 'rds-ca-rsa2048-g1').code).toBe(ExitCode.OK);
  });

  test.each([
    ['us-east-1', 'rds-ca-rsa2048-g1', ExitCode.OK, true],
    ['ap-south-1', 'rds-ca-rsa4096-g1', ExitCode.NO, false],
  ])('--json %s %s', (region, ca, code, available) => {
    // WHEN
    const result = run('check', region, ca, '--json');
    // THEN
    expect(result.code).toBe(code);
    expect(JSON.parse(result.stdout)).toEqual({
      region,
      certificateAuthority: ca,
      available,
      availableAuthorities: RegionCatalog.availableAuthorities(region).map((a) => a.identifier),
      notes: RegionCatalog.notes(region),
    });
  });

  test.each([
    [['us-east-9', 'rds-ca-rsa2048-g1'], 'aurora-tls check: Unknown region \'us-east-9\' (closest: us-east-1, us-east-2, ap-east-1); aurora-tls knows 38 regions (RegionCatalog.regions()). Check the spelling, or upgrade aurora-tls if the region is new'],
    [['US-EAST-1', 'rds-ca-rsa2048-g1'], "aurora-tls check: Region 'US-EAST-1' must be lower case; use 'us-east-1'"],
    [['us-east-1', 'rds-ca-2019'], 'aurora-tls check: Certificate authority \'rds-ca-2019\' expired on 2024-08-22 and can no longer be chosen; use rds-ca-rsa2048-g1, rds-ca-rsa4096-g1, rds-ca-ecc384-g1 (rds-ca-rsa2048-g1 is offered in every region)'],
    [['us-east-1', 'ecc384'], "aurora-tls check: Unknown certificate authority 'ecc384'; choose one of rds-ca-rsa2048-g1, rds-ca-rsa4096-g1, rds-ca-ecc384-g1"],
  ])('bad input %j: exit 2', (argv, line) => {
    expectUsageError(run('check', ...argv), line);
  });
});

describe('bundle', () => {
  test("prints the region's vendored roots as PEM", () => {
    // WHEN
    const result = run('bundle', 'us-east-1');
    // THEN
    expect(result.code).toBe(ExitCode.OK);
    expect(result.stderr).toBe('');
    expect(result.stdout).toBe(TrustStore.bundled().bundlePem('us-east-1'));
    expect(result.stdout.match(/-----BEGIN CERTIFICATE-----/g)).toHaveLength(3);
    expect(result.stdout.endsWith('-----END CERTIFICATE-----\n')).toBe(true);
  });

  test('--json: the certificates, the bundle URL and the PEM', () => {
    // WHEN
    const result = run('bundle', 'eu-west-1', '--json');
    const parsed = JSON.parse(result.stdout);
    // THEN
    expect(result.code).toBe(ExitCode.OK);
    expect(parsed.region).toBe('eu-west-1');
    expect(parsed.bundleUrl).toBe('https://truststore.pki.rds.amazonaws.com/eu-west-1/eu-west-1-bundle.pem');
    expect(parsed.pem).toBe(TrustStore.bundled().bundlePem('eu-west-1'));
    expect(parsed.certificates.map((c: { commonName: string; certificateAuthority: string }) => [c.commonName, c.certificateAuthority])).toEqual([
      ['Amazon RDS eu-west-1 Root CA RSA2048 G1', 'rds-ca-rsa2048-g1'],
      ['Amazon RDS eu-west-1 Root CA RSA4096 G1', 'rds-ca-rsa4096-g1'],
      ['Amazon RDS eu-west-1 Root CA ECC384 G1', 'rds-ca-ecc384-g1'],
    ]);
    expect(parsed.certificates[0].sha256).toMatch(/^[0-9a-f]{64}$/);
    expect(parsed.certificates[0].notAfter).toMatch(/^\d{4}-\d\d-\d\dT/);
  });

  test('a region without vendored roots: exit 1 and where to download', () => {
    expect(run('bundle', 'cn-north-1')).toEqual({
      code: ExitCode.NO,
      stdout: '',
      stderr: 'aurora-tls bundle: The trust store has no RDS root for cn-north-1; download the bundle from ' +
        'https://rds-truststore.s3.cn-north-1.amazonaws.com.cn/cn-north-1/cn-north-1-bundle.pem instead\n',
    });
  });

  test('an unknown region: exit 2', () => {
    expectUsageError(run('bundle', 'eu-west-9'), "aurora-tls bundle: Unknown region 'eu-west-9' (closest: eu-west-1, eu-west-2, eu-west-3); aurora-tls knows 38 regions (RegionCatalog.regions()). Check the spelling, or upgrade aurora-tls if the region is new");
  });
});

describe('connect', () => {
  test('aurora-postgresql: verify-full settings for every client, no warnings', () => {
    // WHEN
    const result = run(...PG, '--database', 'app', '--user', 'app_user');
    // THEN
    expect(result.code).toBe(ExitCode.OK);
    expect(result.stderr).toBe('');
    expect(result.stdout.split('\n')).toEqual([
      `libpq:          host=${HOST} port=5432 dbname=app user=app_user sslmode=verify-full sslrootcert=${BUNDLE}`,
      `URI:            postgresql://app_user@${HOST}:5432/app?sslmode=verify-full&sslrootcert=${BUNDLE}`,
      `JDBC (PgJDBC):  jdbc:postgresql://${HOST}:5432/app?ssl=true&sslmode=verify-full&sslrootcert=${BUNDLE}&user=app_user`,
      `psql:           psql 'host=${HOST} port=5432 dbname=app user=app_user sslmode=verify-full sslrootcert=${BUNDLE}'`,
      `node-postgres:  {"host":"${HOST}","port":5432,"database":"app","user":"app_user","ssl":{"rejectUnauthorized":true,` +
        `"ca":${JSON.stringify(PEM)},"servername":"${HOST}"}}`,
      '',
    ]);
  });

  test('aurora-mysql: Connector/J needs a truststore, and the output says how to make it', () => {
    // WHEN
    const result = run(...MYSQL, '--database=app', '--user=app_user');
    // THEN
    expect(result.code).toBe(ExitCode.OK);
    expect(result.stderr).toBe('');
    const store = join(BUNDLE_DIR, 'us-east-1-bundle.p12');
    expect(result.stdout.split('\n')).toEqual([
      `JDBC (Connector/J):  jdbc:mysql://${HOST}:3306/app?sslMode=VERIFY_IDENTITY&trustCertificateKeyStoreUrl=file:${store}` +
        '&trustCertificateKeyStoreType=PKCS12&user=app_user',
      `mysql (Oracle):      mysql --host=${HOST} --port=3306 --user=app_user --ssl-mode=VERIFY_IDENTITY --ssl-ca=${BUNDLE} app`,
      `mysql (MariaDB):     mariadb --host=${HOST} --port=3306 --user=app_user --ssl-ca=${BUNDLE} --ssl-verify-server-cert app`,
      `mysql2:              {"host":"${HOST}","port":3306,"database":"app","user":"app_user","ssl":{"rejectUnauthorized":true,` +
        `"ca":${JSON.stringify(PEM)},"verifyIdentity":true}}`,
      '                     (`mysql --version` says which client you have; the MariaDB client refuses --ssl-mode)',
      '',
      `note: MySQL Connector/J cannot read the PEM bundle ${BUNDLE}: jdbcUrl() points at the PKCS12 truststore ${store}, ` +
        'which must hold every certificate of the bundle (create it with javaTrustStoreCommands()), and the truststore ' +
        'password goes in the trustCertificateKeyStorePassword connection property, not in the URL',
      '',
      'Create the Java truststore once (POSIX shell, with TRUSTSTORE_PASSWORD set):',
      'tmp="$(mktemp -d)"',
      `awk -v dir="$tmp" '/-----BEGIN CERTIFICATE-----/ { n++ } n > 0 { print > (dir "/cert-" n ".pem") }' ${BUNDLE}`,
      `for cert in "$tmp"/cert-*.pem; do keytool -importcert -noprompt -storetype PKCS12 -keystore ${store} ` +
        '-storepass "$TRUSTSTORE_PASSWORD" -alias "rds-$(basename "$cert" .pem)" -file "$cert"; done',
      'rm -r "$tmp"',
      '',
    ]);
  });

  test('a weaker mode: the settings on stdout, what it loses on stderr', () => {
    // WHEN
    const result = run(...PG, '--sslmode', 'require');
    // THEN
    expect(result.code).toBe(ExitCode.OK);
    expect(result.stdout.split('\n')[0]).toBe(`libpq:          host=${HOST} port=5432 sslmode=require`);
    expect(result.stdout).not.toContain('"ca"');
    expect(result.stderr).toBe(
      'warning: sslmode=require encrypts but does not verify the server certificate: a man-in-the-middle can impersonate the database\n',
    );
  });

  test('verify-ca: no node-postgres options, and why (skipping the host-name check needs a function)', () => {
    expect(run(...PG, '--sslmode', 'verify-ca').stdout).toContain(
      'node-postgres:  (not available: nodePostgresOptions() cannot express sslmode=verify-ca: node checks the host name unless ' +
        'given a checkServerIdentity function, which plain options cannot hold; use verify-full (recommended), or add ' +
        'checkServerIdentity: () => undefined yourself)\n',
    );
  });

  test('a bundle path that cannot be read here: the node options say how to create it, the other forms are printed', () => {
    // GIVEN a bundle path that does not exist on this machine
    const missing = join(BUNDLE_DIR, 'missing', 'us-east-1-bundle.pem');

    // WHEN
    const result = run('connect', '--engine', 'aurora-mysql', '--host', HOST, '--region', 'us-east-1', '--bundle-path', missing, '--json');

    // THEN
    const parsed = JSON.parse(result.stdout);
    expect(result.code).toBe(ExitCode.OK);
    expect(parsed.mysql2).toBeUndefined();
    expect(parsed.mysqlCliArgs).toEqual([`--host=${HOST}`, '--port=3306', '--ssl-mode=VERIFY_IDENTITY', `--ssl-ca=${missing}`]);
    expect(parsed.mariadbCliArgs).toEqual([`--host=${HOST}`, '--port=3306', `--ssl-ca=${missing}`, '--ssl-verify-server-cert']);
    expect(parsed.notes[1]).toBe(
      `the node drivers take the bundle's contents, and ${missing} cannot be read here (ENOENT); ` +
        `create it with \`aurora-tls bundle us-east-1 > ${missing}\` and run this again`,
    );
  });

  test('--json: every form, the warnings and the notes', () => {
    // WHEN
    const result = run(...PG, '--port', '6432', '--sslmode=verify-full', '--json');
    const parsed = JSON.parse(result.stdout);
    // THEN
    expect(result.code).toBe(ExitCode.OK);
    expect(result.stderr).toBe('');
    expect(parsed).toEqual({
      engine: 'aurora-postgresql',
      host: HOST,
      port: 6432,
      region: 'us-east-1',
      bundlePath: BUNDLE,
      sslmode: 'verify-full',
      warnings: [],
      notes: [],
      libpq: `host=${HOST} port=6432 sslmode=verify-full sslrootcert=${BUNDLE}`,
      uri: `postgresql://${HOST}:6432?sslmode=verify-full&sslrootcert=${BUNDLE}`,
      jdbcUrl: `jdbc:postgresql://${HOST}:6432/?ssl=true&sslmode=verify-full&sslrootcert=${BUNDLE}`,
      psqlArgs: [`host=${HOST} port=6432 sslmode=verify-full sslrootcert=${BUNDLE}`],
      nodePostgres: {
        host: HOST,
        port: 6432,
        ssl: { rejectUnauthorized: true, ca: PEM, servername: HOST },
      },
    });
  });

  test('--json for aurora-mysql with a weaker mode: warnings in the JSON, nothing on stderr', () => {
    // WHEN
    const result = run(...MYSQL, '--sslmode', 'require', '--json');
    const parsed = JSON.parse(result.stdout);
    // THEN
    expect(result.stderr).toBe('');
    expect(parsed.mysqlSslMode).toBe('REQUIRED');
    expect(parsed.jdbcUrl).toBe(`jdbc:mysql://${HOST}:3306/?sslMode=REQUIRED`);
    expect(parsed.javaTrustStoreCommands).toEqual([]);
    expect(parsed.mysqlCliArgs).toEqual([`--host=${HOST}`, '--port=3306', '--ssl-mode=REQUIRED']);
    expect(parsed.mariadbCliArgs).toEqual([`--host=${HOST}`, '--port=3306', '--ssl']);
    expect(parsed.mysql2).toEqual({ host: HOST, port: 3306, ssl: { rejectUnauthorized: false, verifyIdentity: false } });
    expect(parsed.warnings).toEqual([
      'ssl-mode=REQUIRED encrypts but does not verify the server certificate: a man-in-the-middle can impersonate the database',
    ]);
  });

  test('names in the psql command are shell-quoted', () => {
    expect(run(...PG, '--database', "it's").stdout.split('\n')[3]).toBe(
      // the shell turns this back into: host=... dbname='it\'s' sslmode=... (libpq quoting)
      `psql:           psql 'host=${HOST} port=5432 dbname='\\''it\\'\\''s'\\'' sslmode=verify-full sslrootcert=${BUNDLE}'`,
    );
  });

  test.each([
    [['--engine', 'postgres'], "aurora-tls connect: --engine 'postgres' is not supported; use aurora-postgresql or aurora-mysql"],
    [['--port', 'abc'], "aurora-tls connect: --port 'abc' is not a port number; use 1 to 65535, e.g. --port 5432"],
    [['--port', '-1'], "aurora-tls connect: --port '-1' is not a port number; use 1 to 65535, e.g. --port 5432"],
    [['--port', '70000'], 'aurora-tls connect: Invalid connection settings: Port 70000 is out of range; use 1 to 65535 (the aurora-postgresql default is 5432)'],
    [['--sslmode', 'VERIFY_IDENTITY'], "aurora-tls connect: SSL mode 'VERIFY_IDENTITY' is the MySQL spelling; use 'verify-full' (aurora-tls maps it to MySQL names itself)"],
    [['--sslmode', 'strict'], "aurora-tls connect: Unknown SSL mode 'strict'; valid values: 'disable', 'allow', 'prefer', 'require', 'verify-ca', 'verify-full' (recommended: 'verify-full')"],
    [['--java-truststore-path', '/x.p12'], 'aurora-tls connect: Invalid connection settings: javaTrustStorePath is for aurora-mysql (MySQL Connector/J); PgJDBC reads the PEM bundle: remove javaTrustStorePath'],
    [['--password', 'x'], "aurora-tls connect: unknown option --password; 'connect' takes --engine, --host, --region, --bundle-path, --port, --database, --user, --sslmode, --java-truststore-path, --json, --help"],
  ])('%j: exit 2, one line', (extra, line) => {
    // --engine given twice is an error of its own: replace it instead of appending
    const argv = extra[0] === '--engine' ? [...PG.slice(0, 1), ...PG.slice(3), ...extra] : [...PG, ...extra];
    expectUsageError(run(...argv), line);
  });

  test('several problems: still one line', () => {
    expectUsageError(
      run('connect', '--engine', 'aurora-mysql', '--host', 'db.example.com:3306', '--region', 'us-east-1', '--bundle-path', 'https://x/b.pem', '--sslmode', 'allow'),
      'aurora-tls connect: Invalid connection settings (3 problems): ' +
        "1) Host 'db.example.com:3306' includes a port; pass host 'db.example.com' and port 3306; " +
        "2) Bundle path 'https://x/b.pem' is a URL; download the file (see RegionCatalog.bundleUrl()) and pass its local path; " +
        "3) SSL mode 'allow' has no MySQL equivalent (MySQL clients never start in plain text and upgrade when the server insists); " +
        'use SslMode.VERIFY_FULL (VERIFY_IDENTITY), or SslMode.PREFER (PREFERRED) for optional TLS',
    );
  });

  test.each(['--engine', '--host', '--region', '--bundle-path'])('%s is required', (flag) => {
    // GIVEN
    const i = PG.indexOf(flag);
    const argv = [...PG.slice(0, i), ...PG.slice(i + 2)];
    // WHEN
    const result = run(...argv);
    // THEN
    expect(result.code).toBe(ExitCode.USAGE);
    expect(result.stderr).toMatch(new RegExp(`^aurora-tls connect: missing ${flag}, e\\.g\\. ${flag} \\S+; usage: aurora-tls connect .*\n$`));
  });
});

describe('unexpected errors', () => {
  afterEach(() => jest.restoreAllMocks());

  test('a bug is reported as one line, exit 1, not as bad input', () => {
    // GIVEN
    jest.spyOn(RegionCatalog, 'regions').mockImplementation(() => {
      throw new TypeError("Cannot read properties of undefined (reading 'x')");
    });
    // WHEN / THEN
    expect(run('regions')).toEqual({
      code: ExitCode.NO,
      stdout: '',
      stderr: "aurora-tls regions: internal error: Cannot read properties of undefined (reading 'x') (please report it)\n",
    });
  });
});

describe('the executable', () => {
  test('starts with a node shebang (tsc keeps it in dist/cli/aurora-tls.js)', () => {
    const source = readFileSync(join(__dirname, '..', '..', 'lib', 'cli', 'aurora-tls.ts'), 'utf8');
    expect(source.split('\n')[0]).toBe('#!/usr/bin/env node');
  });
});
