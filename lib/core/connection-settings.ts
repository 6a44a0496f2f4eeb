import { describeValue } from './private/util';
import { RegionCatalog } from './region-catalog';
import { SslMode } from './ssl-mode';
import { AuroraEngine } from './tls-enforcement';

/**
 * What an application needs to connect to an Aurora cluster over verified TLS.
 */
export interface ConnectionSettingsProps {
  /**
   * Host name of the endpoint: cluster, reader, instance, custom or RDS Proxy endpoint,
   * e.g. `my-cluster.cluster-abc123xyz.us-east-1.rds.amazonaws.com`.
   *
   * Use the endpoint name, not an IP address or a CNAME of your own: with `verify-full` the client checks that the
   * server certificate names this host, and Aurora certificates name only the AWS endpoints.
   */
  readonly host: string;

  /**
   * TCP port, 1-65535.
   * @default - 5432 for aurora-postgresql, 3306 for aurora-mysql (the Aurora defaults)
   */
  readonly port?: number;

  /**
   * Database name.
   * @default - none: the client's default (PostgreSQL: the user name; MySQL: no current database)
   */
  readonly database?: string;

  /**
   * Database user name. No password: pass it (or an IAM authentication token) through your driver, never in a URL.
   * @default - none: the client's default (PostgreSQL: the operating-system user, or `PGUSER`)
   */
  readonly user?: string;

  /** The Aurora engine: decides the driver spellings and the default port. */
  readonly engine: AuroraEngine;

  /** The AWS region of the cluster, e.g. `us-east-1`. Must match the region in `host` when `host` is an RDS endpoint. */
  readonly region: string;

  /**
   * Path, on the machine that connects, of the PEM bundle with the RDS root certificates (the region's bundle or the
   * global bundle; see `RegionCatalog.bundleUrl()` and `TrustStore`). No whitespace; `~` is not expanded by clients.
   */
  readonly bundlePath: string;

  /**
   * Client TLS mode.
   * @default SslMode.VERIFY_FULL - encrypt, check the certificate chain and the host name. Weaker modes add `warnings`.
   */
  readonly sslMode?: SslMode;

  /**
   * aurora-mysql only: path of the Java truststore (PKCS12, or JKS when the name ends in `.jks`) that MySQL
   * Connector/J reads, because Connector/J cannot read PEM files. Create it from `bundlePath` with
   * `javaTrustStoreCommands()`.
   * @default - for aurora-mysql, `bundlePath` with `.pem` replaced by `.p12`; not allowed for aurora-postgresql
   */
  readonly javaTrustStorePath?: string;
}

/**
 * TLS options for node-postgres (`pg`): passed as they are to node's `tls.connect`, which node-postgres does with its
 * `ssl` option.
 */
export interface NodePostgresSslOptions {
  /** Whether the certificate chain must verify against `ca` (and the host name against `servername`). */
  readonly rejectUnauthorized: boolean;
  /**
   * The PEM bundle's contents (node's `tls` takes the certificates themselves, not a path).
   * @default - none: the mode does not verify the certificate
   */
  readonly ca?: string;
  /**
   * TLS server name (SNI), and the name node checks the certificate against.
   * @default - none: the mode does not verify the certificate, or the host is an IP address (node checks the
   * certificate against the host)
   */
  readonly servername?: string;
}

/** Connection options for node-postgres (`new pg.Client(...)`), as plain data. */
export interface NodePostgresOptions {
  /** Host name. */
  readonly host: string;
  /** TCP port. */
  readonly port: number;
  /**
   * Database name.
   * @default - not set: node-postgres defaults to the user name
   */
  readonly database?: string;
  /**
   * User name.
   * @default - not set: node-postgres defaults to `PGUSER` or the operating-system user
   */
  readonly user?: string;
  /**
   * TLS options.
   * @default - not set, for `SslMode.DISABLE` only: pass `ssl: false`
   */
  readonly ssl?: NodePostgresSslOptions;
}

/**
 * TLS options for mysql2 (its `ssl` option). mysql2 checks the host name only when `verifyIdentity` is true;
 * `rejectUnauthorized` alone checks the chain, not the name.
 */
export interface Mysql2SslOptions {
  /** Whether the certificate chain must verify against `ca`. */
  readonly rejectUnauthorized: boolean;
  /**
   * The PEM bundle's contents (mysql2 takes the certificates themselves, not a path).
   * @default - none: the mode does not verify the certificate
   */
  readonly ca?: string;
  /** Whether the certificate must name the host (mysql2 `ssl.verifyIdentity`). */
  readonly verifyIdentity: boolean;
}

/** Connection options for mysql2 (`mysql.createConnection(...)`), as plain data. */
export interface Mysql2Options {
  /** Host name. */
  readonly host: string;
  /** TCP port. */
  readonly port: number;
  /**
   * Database name.
   * @default - not set: no current database
   */
  readonly database?: string;
  /**
   * User name.
   * @default - not set
   */
  readonly user?: string;
  /**
   * TLS options.
   * @default - not set, for `SslMode.DISABLE` only: no TLS
   */
  readonly ssl?: Mysql2SslOptions;
}

const DEFAULT_PORTS: Record<AuroraEngine, number> = {
  [AuroraEngine.AURORA_POSTGRESQL]: 5432,
  [AuroraEngine.AURORA_MYSQL]: 3306,
};

/** Longest database and user names each engine accepts (PostgreSQL NAMEDATALEN - 1; MySQL identifier limits). */
const NAME_LIMITS: Record<AuroraEngine, { readonly database: number; readonly user: number }> = {
  [AuroraEngine.AURORA_POSTGRESQL]: { database: 63, user: 63 },
  [AuroraEngine.AURORA_MYSQL]: { database: 64, user: 32 },
};

/** Server parameter that makes Aurora refuse plain-text connections, per engine. */
const FORCE_TLS_PARAMETER: Record<AuroraEngine, string> = {
  [AuroraEngine.AURORA_POSTGRESQL]: 'rds.force_ssl=1',
  [AuroraEngine.AURORA_MYSQL]: 'require_secure_transport=ON',
};

const EXAMPLE_HOST = 'my-cluster.cluster-abc123xyz.us-east-1.rds.amazonaws.com';
const IPV4 = /^(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)(\.(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)){3}$/;
const DNS_LABEL = /^[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?$/;
const RDS_ENDPOINT = /\.([a-z]{2}(?:-gov|-iso[a-z]?)?-[a-z]+-\d{1,2})\.rds\.amazonaws\.com(?:\.cn)?$/;
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u001f\u007f]/;
const WHITESPACE = /\s/;

/**
 * Client connection settings for an Aurora cluster with verified TLS: the same facts rendered for libpq and psql,
 * PostgreSQL URIs, JDBC (PgJDBC and MySQL Connector/J), node-postgres, mysql2 and the mysql client.
 *
 * `verify-full` by default. A weaker `sslMode` is honoured only when asked for, and `warnings` then says exactly what
 * is lost. Every prop is validated in the constructor; all problems are reported together in one error.
 *
 * Pure data: nothing is read from disk and no connection is made.
 */
export class ConnectionSettings {
  /** Host name. */
  public readonly host: string;
  /** TCP port (the engine default when not given). */
  public readonly port: number;
  /** Database name, if given. */
  public readonly database?: string;
  /** User name, if given. */
  public readonly user?: string;
  /** The Aurora engine. */
  public readonly engine: AuroraEngine;
  /** The AWS region of the cluster. */
  public readonly region: string;
  /** Path of the PEM bundle with the RDS root certificates. */
  public readonly bundlePath: string;
  /** Client TLS mode. */
  public readonly sslMode: SslMode;
  /** aurora-mysql only: path of the Java truststore for Connector/J (undefined for aurora-postgresql). */
  public readonly javaTrustStorePath?: string;
  /**
   * What these settings give up or will run into, one sentence each: the protection a weaker `sslMode` loses, and a
   * host name that `verify-full` cannot verify. Empty for `verify-full` to an RDS endpoint.
   */
  public readonly warnings: string[];
  /** How to use the generated settings where a driver needs more than a string (e.g. a Java truststore). */
  public readonly notes: string[];

  constructor(props: ConnectionSettingsProps) {
    if (props === null || typeof props !== 'object') {
      throw new Error(`ConnectionSettings needs props { host, engine, region, bundlePath, ... }, got ${describeValue(props)}`);
    }
    const engineProblem = checkEngine(props.engine);
    const engine = engineProblem ? undefined : props.engine;
    const sslMode = props.sslMode ?? SslMode.RECOMMENDED;
    const problems = [
      checkHost(props.host),
      checkPort(props.port, engine),
      engineProblem,
      checkName('Database', props.database, engine ? NAME_LIMITS[engine].database : undefined, engine,
        'omit database to use the default'),
      checkName('User', props.user, engine ? NAME_LIMITS[engine].user : undefined, engine, 'omit user to use the default'),
      checkRegion(props.region),
      checkHostRegion(props.host, props.region),
      checkBundlePath(props.bundlePath),
      checkSslMode(props.sslMode, engine),
      checkTrustStorePath(props.javaTrustStorePath, engine),
    ].filter((p): p is string => p !== undefined);
    if (problems.length === 1) {
      throw new Error(`Invalid connection settings: ${problems[0]}`);
    }
    if (problems.length > 1) {
      throw new Error(`Invalid connection settings (${problems.length} problems): ${problems.map((p, i) => `${i + 1}) ${p}`).join('; ')}`);
    }

    this.host = props.host;
    this.engine = props.engine;
    this.port = props.port ?? DEFAULT_PORTS[this.engine];
    this.database = props.database;
    this.user = props.user;
    this.region = props.region;
    this.bundlePath = props.bundlePath;
    this.sslMode = sslMode;
    if (this.engine === AuroraEngine.AURORA_MYSQL) {
      this.javaTrustStorePath = props.javaTrustStorePath ?? defaultTrustStorePath(props.bundlePath);
    }
    this.warnings = this.computeWarnings();
    this.notes = this.computeNotes();
  }

  /**
   * The libpq keyword/value connection string (psql, libpq, psycopg, asyncpg's `dsn`, pgx), e.g.
   * `host=H port=5432 dbname=app user=app sslmode=verify-full sslrootcert=/etc/rds/us-east-1-bundle.pem`.
   *
   * `sslrootcert` is given only for modes that verify the certificate. (libpq treats `require` as `verify-ca` when a
   * root certificate file exists; aurora-tls leaves it out so that `require` means what it says.)
   *
   * @throws for aurora-mysql
   */
  public libpqConnectionString(): string {
    this.requireEngine(AuroraEngine.AURORA_POSTGRESQL, 'libpqConnectionString()');
    return this.postgresParameters(true).map(([k, v]) => `${k}=${libpqQuote(v)}`).join(' ');
  }

  /**
   * The PostgreSQL connection URI, percent-encoded, e.g.
   * `postgresql://app@H:5432/app?sslmode=verify-full&sslrootcert=/etc/rds/us-east-1-bundle.pem`.
   * @throws for aurora-mysql
   */
  public postgresUri(): string {
    this.requireEngine(AuroraEngine.AURORA_POSTGRESQL, 'postgresUri()');
    const userInfo = this.user !== undefined ? `${encodeURIComponent(this.user)}@` : '';
    const path = this.database !== undefined ? `/${encodeURIComponent(this.database)}` : '';
    const query = this.postgresParameters(false).map(([k, v]) => `${k}=${encodeQueryValue(v)}`).join('&');
    return `postgresql://${userInfo}${this.host}:${this.port}${path}?${query}`;
  }

  /**
   * The JDBC URL.
   *
   * aurora-postgresql (PgJDBC): `jdbc:postgresql://H:5432/app?ssl=true&sslmode=verify-full&sslrootcert=/path.pem&user=app`;
   * PgJDBC reads the PEM bundle directly.
   *
   * aurora-mysql (MySQL Connector/J 8.0.13+):
   * `jdbc:mysql://H:3306/app?sslMode=VERIFY_IDENTITY&trustCertificateKeyStoreUrl=file:/path.p12&trustCertificateKeyStoreType=PKCS12&user=app`.
   * Connector/J cannot read PEM files: it needs a Java truststore (PKCS12 or JKS) holding every certificate of the
   * bundle, created with `javaTrustStoreCommands()`. Pass the truststore password in the
   * `trustCertificateKeyStorePassword` connection property, not in the URL.
   */
  public jdbcUrl(): string {
    const db = this.database !== undefined ? encodeURIComponent(this.database) : '';
    const params: Array<[string, string]> = [];
    if (this.engine === AuroraEngine.AURORA_POSTGRESQL) {
      if (this.sslMode.encrypts) params.push(['ssl', 'true']);
      params.push(['sslmode', this.sslMode.value]);
      if (this.sslMode.verifiesCertificate) params.push(['sslrootcert', this.bundlePath]);
    } else {
      params.push(['sslMode', this.mysqlSslMode()]);
      if (this.sslMode.verifiesCertificate) {
        params.push(['trustCertificateKeyStoreUrl', fileUrl(this.trustStorePath())]);
        params.push(['trustCertificateKeyStoreType', trustStoreType(this.trustStorePath())]);
      }
    }
    if (this.user !== undefined) params.push(['user', this.user]);
    const scheme = this.engine === AuroraEngine.AURORA_POSTGRESQL ? 'postgresql' : 'mysql';
    const query = params.map(([k, v]) => `${k}=${encodeQueryValue(v)}`).join('&');
    return `jdbc:${scheme}://${this.host}:${this.port}/${db}?${query}`;
  }

  /**
   * node-postgres (`pg`) options, to pass as they are: `new pg.Client(settings.nodePostgresOptions(pem))`.
   *
   * node-postgres hands `ssl` to node's `tls.connect`, which takes the CA certificates themselves: pass the bundle's
   * contents, e.g. `fs.readFileSync(settings.bundlePath, 'utf8')`. node checks the host name against `servername`.
   * node-postgres has no `allow`/`prefer` fallback: for those modes (and `require`) the options encrypt without
   * verifying, and the connection fails if the server offers no TLS (Aurora always offers it). `verify-ca` cannot be
   * expressed as data (node needs a `checkServerIdentity` function to skip the host-name check) and is refused.
   *
   * @param bundlePem the PEM bundle's contents; needed by `verify-full`, ignored by the modes that do not verify
   * @throws for aurora-mysql, for `verify-ca`, and for `verify-full` without a PEM bundle
   */
  public nodePostgresOptions(bundlePem?: string): NodePostgresOptions {
    this.requireEngine(AuroraEngine.AURORA_POSTGRESQL, 'nodePostgresOptions()');
    if (this.sslMode === SslMode.VERIFY_CA) {
      throw new Error(
        'nodePostgresOptions() cannot express sslmode=verify-ca: node checks the host name unless given a checkServerIdentity ' +
          'function, which plain options cannot hold; use verify-full (recommended), or add checkServerIdentity: () => undefined yourself',
      );
    }
    let ssl: NodePostgresSslOptions | undefined;
    if (this.sslMode.verifiesCertificate) {
      const ca = this.checkBundlePem(bundlePem, 'nodePostgresOptions()');
      // No SNI for an IP address (RFC 6066; node warns): node then checks the certificate against the host itself.
      ssl = IPV4.test(this.host) ? { rejectUnauthorized: true, ca } : { rejectUnauthorized: true, ca, servername: this.host };
    } else if (this.sslMode !== SslMode.DISABLE) {
      ssl = { rejectUnauthorized: false };
    }
    return { host: this.host, port: this.port, database: this.database, user: this.user, ssl };
  }

  /**
   * mysql2 options, to pass as they are: `mysql.createConnection(settings.mysql2Options(pem))`.
   *
   * mysql2 takes the CA certificates themselves: pass the bundle's contents, e.g.
   * `fs.readFileSync(settings.bundlePath, 'utf8')`. mysql2 has no `PREFERRED` fallback: for `PREFERRED` (and
   * `REQUIRED`) the options encrypt without verifying.
   *
   * @param bundlePem the PEM bundle's contents; needed by the modes that verify the certificate, ignored by the others
   * @throws for aurora-postgresql, and for a mode that verifies without a PEM bundle
   */
  public mysql2Options(bundlePem?: string): Mysql2Options {
    this.requireEngine(AuroraEngine.AURORA_MYSQL, 'mysql2Options()');
    let ssl: Mysql2SslOptions | undefined;
    if (this.sslMode.verifiesCertificate) {
      ssl = { rejectUnauthorized: true, ca: this.checkBundlePem(bundlePem, 'mysql2Options()'), verifyIdentity: this.sslMode.verifiesHostname };
    } else if (this.sslMode !== SslMode.DISABLE) {
      ssl = { rejectUnauthorized: false, verifyIdentity: false };
    }
    return { host: this.host, port: this.port, database: this.database, user: this.user, ssl };
  }

  /**
   * Arguments for `psql`: the libpq connection string as the one argument (`psql "$(...)"`).
   * @throws for aurora-mysql
   */
  public psqlArgs(): string[] {
    this.requireEngine(AuroraEngine.AURORA_POSTGRESQL, 'psqlArgs()');
    return [this.libpqConnectionString()];
  }

  /**
   * Arguments for the Oracle MySQL client (`mysql` from MySQL 5.7.11 or later, MySQL Shell's classic options):
   * `--host=H --port=3306 --user=app --ssl-mode=VERIFY_IDENTITY --ssl-ca=/path.pem app`.
   *
   * The MariaDB client, which Debian, Ubuntu and others install as `mysql` too, refuses `--ssl-mode`: use
   * `mariadbCliArgs()` for it (`mysql --version` says which one you have).
   * @throws for aurora-postgresql
   */
  public mysqlCliArgs(): string[] {
    this.requireEngine(AuroraEngine.AURORA_MYSQL, 'mysqlCliArgs()');
    const args = this.mysqlClientTarget();
    args.push(`--ssl-mode=${this.mysqlSslMode()}`);
    if (this.sslMode.verifiesCertificate) args.push(`--ssl-ca=${this.bundlePath}`);
    if (this.database !== undefined) args.push(this.database);
    return args;
  }

  /**
   * Arguments for the MariaDB client (`mariadb`, or `mysql` where it is the MariaDB client: `mysql --version` says
   * `MariaDB`), 10.2 or later: `--host=H --port=3306 --user=app --ssl-ca=/path.pem --ssl-verify-server-cert app`.
   *
   * `--ssl-verify-server-cert` checks both the chain and the host name (MySQL `VERIFY_IDENTITY`). The MariaDB client has
   * no chain-only check and no plain-text fallback, so `verify-ca` and `prefer` are refused; `require` is `--ssl`
   * and `disable` is `--skip-ssl`. For the Oracle MySQL client use `mysqlCliArgs()`.
   * @throws for aurora-postgresql, `verify-ca` and `prefer`
   */
  public mariadbCliArgs(): string[] {
    this.requireEngine(AuroraEngine.AURORA_MYSQL, 'mariadbCliArgs()');
    const args = this.mysqlClientTarget();
    switch (this.sslMode) {
      case SslMode.VERIFY_FULL:
        args.push(`--ssl-ca=${this.bundlePath}`, '--ssl-verify-server-cert');
        break;
      case SslMode.REQUIRE:
        args.push('--ssl');
        break;
      case SslMode.DISABLE:
        args.push('--skip-ssl');
        break;
      default:
        throw new Error(
          `mariadbCliArgs() cannot express ssl-mode=${this.mysqlSslMode()}: the MariaDB client verifies the certificate only ` +
            'together with the host name (--ssl-verify-server-cert) and has no fallback to plain text; use verify-full (recommended) or require',
        );
    }
    if (this.database !== undefined) args.push(this.database);
    return args;
  }

  /**
   * aurora-mysql: POSIX shell commands that create the Java truststore `javaTrustStorePath` from `bundlePath`, for
   * Connector/J. Every certificate of the bundle is imported (`keytool -importcert` reads only the first certificate of
   * a file, so the bundle is split first). The password comes from the `TRUSTSTORE_PASSWORD` environment variable.
   * Run them for a new file: keytool refuses aliases that already exist.
   * @throws for aurora-postgresql (PgJDBC reads the PEM bundle)
   */
  public javaTrustStoreCommands(): string[] {
    this.requireEngine(AuroraEngine.AURORA_MYSQL, 'javaTrustStoreCommands()');
    const store = shellQuote(this.trustStorePath());
    return [
      'tmp="$(mktemp -d)"',
      `awk -v dir="$tmp" '/-----BEGIN CERTIFICATE-----/ { n++ } n > 0 { print > (dir "/cert-" n ".pem") }' ${shellQuote(this.bundlePath)}`,
      'for cert in "$tmp"/cert-*.pem; do ' +
        `keytool -importcert -noprompt -storetype ${trustStoreType(this.trustStorePath())} -keystore ${store} ` +
        '-storepass "$TRUSTSTORE_PASSWORD" -alias "rds-$(basename "$cert" .pem)" -file "$cert"; done',
      'rm -r "$tmp"',
    ];
  }

  /** The MySQL name of the mode (Connector/J `sslMode`, mysql `--ssl-mode`). @throws for aurora-postgresql */
  public mysqlSslMode(): string {
    this.requireEngine(AuroraEngine.AURORA_MYSQL, 'mysqlSslMode()');
    // Validated in the constructor: every mode allowed for aurora-mysql has a MySQL name.
    return this.sslMode.mysqlEquivalent as string;
  }

  private mysqlClientTarget(): string[] {
    const args = [`--host=${this.host}`, `--port=${this.port}`];
    if (this.user !== undefined) args.push(`--user=${this.user}`);
    return args;
  }

  private checkBundlePem(bundlePem: string | undefined, method: string): string {
    if (typeof bundlePem !== 'string' || !bundlePem.includes('-----BEGIN CERTIFICATE-----')) {
      throw new Error(
        `${method} needs the PEM bundle's contents for ${this.modeName()}, got ${describeValue(bundlePem)}: the driver takes the ` +
          `certificates themselves, not a path; pass fs.readFileSync('${this.bundlePath}', 'utf8')`,
      );
    }
    return bundlePem;
  }

  private trustStorePath(): string {
    return this.javaTrustStorePath as string;
  }

  private postgresParameters(withConnectionTarget: boolean): Array<[string, string]> {
    const params: Array<[string, string]> = [];
    if (withConnectionTarget) {
      params.push(['host', this.host], ['port', String(this.port)]);
      if (this.database !== undefined) params.push(['dbname', this.database]);
      if (this.user !== undefined) params.push(['user', this.user]);
    }
    params.push(['sslmode', this.sslMode.value]);
    if (this.sslMode.verifiesCertificate) params.push(['sslrootcert', this.bundlePath]);
    return params;
  }

  private requireEngine(engine: AuroraEngine, method: string): void {
    if (this.engine === engine) return;
    const instead = this.engine === AuroraEngine.AURORA_MYSQL
      ? 'jdbcUrl(), mysql2Options(), mysqlCliArgs() or mariadbCliArgs()'
      : 'libpqConnectionString(), postgresUri(), jdbcUrl() or nodePostgresOptions()';
    throw new Error(`${method} is for ${engine}, but these settings are for ${this.engine}; use ${instead}`);
  }

  private modeName(): string {
    return this.engine === AuroraEngine.AURORA_MYSQL ? `ssl-mode=${this.mysqlSslMode()}` : `sslmode=${this.sslMode.value}`;
  }

  private computeWarnings(): string[] {
    const mode = this.modeName();
    const warnings: string[] = [];
    switch (this.sslMode) {
      case SslMode.DISABLE:
        warnings.push(
          `${mode} sends everything, including the password, in plain text: anyone on the network path can read and change the traffic; ` +
            `clusters that enforce TLS (${FORCE_TLS_PARAMETER[this.engine]}) refuse the connection`,
        );
        break;
      case SslMode.ALLOW:
        warnings.push(
          `${mode} starts in plain text, encrypts only if the server insists and never verifies the server certificate: ` +
            'the traffic can be read unless the server enforces TLS, and a man-in-the-middle can impersonate the database',
        );
        break;
      case SslMode.PREFER:
        warnings.push(
          `${mode} falls back to plain text when TLS fails and never verifies the server certificate: ` +
            'an attacker who blocks TLS can read the traffic, and a man-in-the-middle can impersonate the database',
        );
        break;
      case SslMode.REQUIRE:
        warnings.push(`${mode} encrypts but does not verify the server certificate: a man-in-the-middle can impersonate the database`);
        break;
      case SslMode.VERIFY_CA:
        warnings.push(
          `${mode} verifies that the server certificate chains to a CA in ${this.bundlePath} but not that it names ${this.host}: ` +
            'any Amazon RDS or Aurora database with a certificate from the same CA, in any AWS account, can impersonate this one',
        );
        break;
      default:
        break;
    }
    if (this.sslMode.verifiesHostname) {
      if (IPV4.test(this.host)) {
        warnings.push(
          `Host ${this.host} is an IP address: ${mode} checks that the server certificate names the host, and Aurora certificates ` +
            'name endpoints, not addresses, so the connection will fail; connect to the endpoint name',
        );
      } else if (!RDS_ENDPOINT.test(this.host.toLowerCase())) {
        warnings.push(
          `Host ${this.host} is not an Amazon RDS endpoint (*.rds.amazonaws.com): ${mode} checks that the server certificate names ` +
            'the host, and Aurora certificates name only the AWS endpoints, so the connection will fail unless the certificate ' +
            'names this host; connect to the endpoint name (a CNAME or SSH tunnel cannot be verified)',
        );
      }
    }
    return warnings;
  }

  private computeNotes(): string[] {
    if (this.engine !== AuroraEngine.AURORA_MYSQL || !this.sslMode.verifiesCertificate) return [];
    const store = this.trustStorePath();
    return [
      `MySQL Connector/J cannot read the PEM bundle ${this.bundlePath}: jdbcUrl() points at the ${trustStoreType(store)} truststore ` +
        `${store}, which must hold every certificate of the bundle (create it with javaTrustStoreCommands()), and the truststore ` +
        'password goes in the trustCertificateKeyStorePassword connection property, not in the URL',
    ];
  }
}

function checkHost(host: unknown): string | undefined {
  if (typeof host !== 'string') {
    return `Host must be a string such as '${EXAMPLE_HOST}', got ${describeValue(host)}`;
  }
  if (host.length === 0) {
    return `Host must not be empty; pass the cluster endpoint, e.g. '${EXAMPLE_HOST}'`;
  }
  if (host.includes('${Token[')) {
    return `Host ${describeValue(host)} is an unresolved CDK token; ConnectionSettings needs the real endpoint name: ` +
      'pass it to the application (e.g. in an environment variable) and build the settings there';
  }
  if (host.trim() !== host) {
    return `Host ${describeValue(host)} has leading or trailing whitespace; use '${host.trim()}'`;
  }
  if (host.includes('://')) {
    return `Host ${describeValue(host)} is a URL; pass only the host name, e.g. '${EXAMPLE_HOST}'`;
  }
  const withPort = /^([^:]+):(\d+)$/.exec(host);
  if (withPort) {
    return `Host ${describeValue(host)} includes a port; pass host '${withPort[1]}' and port ${withPort[2]}`;
  }
  if (IPV4.test(host)) return undefined;
  const labels = host.replace(/\.$/, '').split('.');
  if (host.length > 253 || !labels.every((label) => DNS_LABEL.test(label))) {
    return `Host ${describeValue(host)} is not a valid host name: use letters, digits, hyphens and dots, ` +
      `at most 63 characters between dots, e.g. '${EXAMPLE_HOST}'`;
  }
  return undefined;
}

function checkPort(port: unknown, engine: AuroraEngine | undefined): string | undefined {
  if (port === undefined) return undefined;
  const hint = engine ? ` (the ${engine} default is ${DEFAULT_PORTS[engine]})` : '';
  if (typeof port !== 'number') {
    const asNumber = typeof port === 'string' && /^\d+$/.test(port.trim()) ? `; use the number ${Number(port)}` : '';
    return `Port must be a number, got ${describeValue(port)}${asNumber}`;
  }
  if (!Number.isInteger(port)) {
    return `Port ${port} is not a whole number; use an integer from 1 to 65535${hint}`;
  }
  if (port < 1 || port > 65535) {
    return `Port ${port} is out of range; use 1 to 65535${hint}`;
  }
  return undefined;
}

function checkEngine(engine: unknown): string | undefined {
  if (Object.values(AuroraEngine).includes(engine as AuroraEngine)) return undefined;
  return `Engine ${describeValue(engine)} is not supported; use AuroraEngine.AURORA_POSTGRESQL ('aurora-postgresql') ` +
    "or AuroraEngine.AURORA_MYSQL ('aurora-mysql')";
}

function checkName(
  what: string,
  value: unknown,
  limit: number | undefined,
  engine: AuroraEngine | undefined,
  omitHint: string,
): string | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== 'string') {
    return `${what} must be a string, got ${describeValue(value)}`;
  }
  if (value.length === 0) {
    return `${what} must not be empty; ${omitHint}`;
  }
  if (value.trim() !== value) {
    return `${what} ${describeValue(value)} has leading or trailing whitespace; use '${value.trim()}'`;
  }
  if (CONTROL.test(value)) {
    return `${what} ${describeValue(value)} contains a control character (such as a newline); remove it`;
  }
  if (limit !== undefined && value.length > limit) {
    return `${what} ${describeValue(value)} is ${value.length} characters long; ${engine} allows at most ${limit}`;
  }
  return undefined;
}

function checkRegion(region: unknown): string | undefined {
  try {
    RegionCatalog.validateRegion(region as string);
    return undefined;
  } catch (e) {
    return (e as Error).message;
  }
}

function checkHostRegion(host: unknown, region: unknown): string | undefined {
  if (typeof host !== 'string' || typeof region !== 'string' || !RegionCatalog.isKnownRegion(region)) return undefined;
  const match = RDS_ENDPOINT.exec(host.toLowerCase());
  if (!match || match[1] === region) return undefined;
  return `Host '${host}' is an endpoint in ${match[1]}, but region is '${region}'; set region to '${match[1]}' ` +
    'and use that region\'s bundle (or the global bundle)';
}

function checkPath(what: string, path: unknown, example: string): string | undefined {
  if (typeof path !== 'string') {
    return `${what} must be a string such as '${example}', got ${describeValue(path)}`;
  }
  if (path.length === 0) {
    return `${what} must not be empty; pass the path of the file, e.g. '${example}'`;
  }
  if (path.includes('-----BEGIN')) {
    return `${what} contains PEM text; pass the path of the file that holds it, not its contents`;
  }
  if (path.trim() !== path) {
    return `${what} ${describeValue(path)} has leading or trailing whitespace; use '${path.trim()}'`;
  }
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(path)) {
    return `${what} ${describeValue(path)} is a URL; download the file (see RegionCatalog.bundleUrl()) and pass its local path`;
  }
  if (WHITESPACE.test(path) || CONTROL.test(path)) {
    return `${what} ${describeValue(path)} contains whitespace or a control character, which connection strings and URLs ` +
      'cannot carry reliably; move the file to a path without spaces';
  }
  if (path.startsWith('~')) {
    return `${what} ${describeValue(path)} starts with '~', which database clients do not expand; use the absolute path`;
  }
  return undefined;
}

function checkBundlePath(path: unknown): string | undefined {
  const problem = checkPath('Bundle path', path, '/etc/aurora-tls/us-east-1-bundle.pem');
  if (problem) return problem;
  if (/\.p7b$/i.test(path as string)) {
    return `Bundle path ${describeValue(path)} is a PKCS#7 file; pass the PEM bundle (e.g. us-east-1-bundle.pem): ` +
      'libpq, PgJDBC, mysql and Node read PEM';
  }
  return undefined;
}

function checkSslMode(mode: unknown, engine: AuroraEngine | undefined): string | undefined {
  if (mode === undefined) return undefined;
  if (!(mode instanceof SslMode)) {
    const hint = typeof mode === 'string' ? `; use SslMode.of('${mode}')` : '';
    return `SSL mode must be an SslMode such as SslMode.VERIFY_FULL, got ${describeValue(mode)}${hint}`;
  }
  if (engine === AuroraEngine.AURORA_MYSQL && mode.mysqlEquivalent === undefined) {
    return `SSL mode '${mode.value}' has no MySQL equivalent (MySQL clients never start in plain text and upgrade when the ` +
      'server insists); use SslMode.VERIFY_FULL (VERIFY_IDENTITY), or SslMode.PREFER (PREFERRED) for optional TLS';
  }
  return undefined;
}

function checkTrustStorePath(path: unknown, engine: AuroraEngine | undefined): string | undefined {
  if (path === undefined) return undefined;
  if (engine === AuroraEngine.AURORA_POSTGRESQL) {
    return 'javaTrustStorePath is for aurora-mysql (MySQL Connector/J); PgJDBC reads the PEM bundle: remove javaTrustStorePath';
  }
  const problem = checkPath('Java truststore path', path, '/etc/aurora-tls/us-east-1-bundle.p12');
  if (problem) return problem;
  if (/\.(pem|crt|cer)$/i.test(path as string)) {
    return `Java truststore path ${describeValue(path)} names a PEM file, which MySQL Connector/J cannot read; ` +
      "pass a PKCS12 truststore path such as '/etc/aurora-tls/us-east-1-bundle.p12' and create it with javaTrustStoreCommands()";
  }
  return undefined;
}

function defaultTrustStorePath(bundlePath: string): string {
  return /\.pem$/i.test(bundlePath) ? bundlePath.replace(/\.pem$/i, '.p12') : `${bundlePath}.p12`;
}

function trustStoreType(path: string): string {
  return /\.jks$/i.test(path) ? 'JKS' : 'PKCS12';
}

/** A value for a libpq keyword/value string: single-quoted when needed, with `'` and `\` escaped. */
function libpqQuote(value: string): string {
  const escaped = value.replace(/[\\']/g, (c) => `\\${c}`);
  return value.length === 0 || /[\s'\\]/.test(value) ? `'${escaped}'` : escaped;
}

/** Percent-encode a query value, keeping `/` and `:` readable (both are allowed in a URI query). */
function encodeQueryValue(value: string): string {
  return encodeURIComponent(value).replace(/%2F/g, '/').replace(/%3A/g, ':');
}

/** A `file:` URL for a local path (absolute POSIX or Windows, or relative), each segment percent-encoded. */
function fileUrl(path: string): string {
  const slashed = path.replace(/\\/g, '/');
  const rooted = /^[A-Za-z]:\//.test(slashed) ? `/${slashed}` : slashed;
  return `file:${rooted.split('/').map((segment) => encodeURIComponent(segment).replace(/%3A/g, ':')).join('/')}`;
}

/** Quote one word for a POSIX shell. */
function shellQuote(word: string): string {
  return /^[A-Za-z0-9_./:=@%+-]+$/.test(word) ? word : `'${word.replace(/'/g, "'\\''")}'`;
}
