import { describeValue } from './private/util';

/**
 * How much protection an `sslmode` gives against one kind of attack.
 *
 * Levels follow the libpq `sslmode` table (PostgreSQL documentation, section "SSL Support"), as summarized
 * by the Adobe Experience Platform Query Service "SSL options" page.
 */
export enum Protection {
  /** No protection: traffic is plain text, or the server is never authenticated. */
  NONE = 'none',
  /** Protection only when the server insists on encryption; an attacker can force plain text. */
  PARTIAL = 'partial',
  /**
   * The certificate chain is checked but not the host name: any server holding a certificate from the same CA
   * is accepted. For Amazon RDS that is every database in the region that uses the CA, in every AWS account.
   */
  DEPENDS_ON_CA_POLICY = 'depends-on-ca-policy',
  /** Full protection. */
  FULL = 'full',
}

/**
 * The MySQL name of a client TLS mode: the value of Connector/J `sslMode` and of the mysql client `--ssl-mode`.
 *
 * @see https://dev.mysql.com/doc/connector-j/en/connector-j-connp-props-security.html
 */
export enum MysqlSslMode {
  /** Plain text (libpq `disable`). */
  DISABLED = 'DISABLED',
  /** TLS if the server offers it, else plain text; no certificate check (libpq `prefer`). */
  PREFERRED = 'PREFERRED',
  /** Always TLS, no certificate check (libpq `require`). */
  REQUIRED = 'REQUIRED',
  /** Always TLS; the certificate must chain to a trusted CA (libpq `verify-ca`). */
  VERIFY_CA = 'VERIFY_CA',
  /** Always TLS; the certificate must chain to a trusted CA and name the host (libpq `verify-full`). */
  VERIFY_IDENTITY = 'VERIFY_IDENTITY',
}

/** Internal definition of an SSL mode. */
interface SslModeDefinition {
  readonly value: string;
  readonly mysql?: MysqlSslMode;
  readonly encrypts: boolean;
  readonly eavesdroppingProtection: Protection;
  readonly mitmProtection: Protection;
  readonly verifiesCertificate: boolean;
  readonly verifiesHostname: boolean;
  readonly description: string;
}

/**
 * A client TLS mode, named by its libpq `sslmode` value (`verify-full`, `require`, ...).
 *
 * MySQL clients have the same levels under other names (`mysqlEquivalent`: `verify-full` is MySQL
 * `VERIFY_IDENTITY`), except `allow`, which MySQL lacks. Use `SslMode.RECOMMENDED` (`verify-full`) unless you have a reason
 * not to: it is the only mode that both encrypts and proves the client talks to the database it asked for.
 *
 * Enum-like: use the static constants, or `SslMode.of()` for a value read from configuration.
 *
 * @see https://www.postgresql.org/docs/current/libpq-ssl.html#LIBPQ-SSL-PROTECTION
 */
export class SslMode {
  /** `disable`: no TLS. Everything, including the password, crosses the network in plain text. */
  public static readonly DISABLE = new SslMode({
    value: 'disable',
    mysql: MysqlSslMode.DISABLED,
    encrypts: false,
    eavesdroppingProtection: Protection.NONE,
    mitmProtection: Protection.NONE,
    verifiesCertificate: false,
    verifiesHostname: false,
    description: 'No encryption: the connection, including the password, is plain text.',
  });

  /** `allow`: plain text first; TLS only if the server insists. The server certificate is never checked. */
  public static readonly ALLOW = new SslMode({
    value: 'allow',
    encrypts: false,
    eavesdroppingProtection: Protection.PARTIAL,
    mitmProtection: Protection.NONE,
    verifiesCertificate: false,
    verifiesHostname: false,
    description: 'Tries plain text first and encrypts only if the server insists; never checks the server certificate.',
  });

  /** `prefer`: TLS first, plain text if TLS fails. The server certificate is never checked. */
  public static readonly PREFER = new SslMode({
    value: 'prefer',
    mysql: MysqlSslMode.PREFERRED,
    encrypts: false,
    eavesdroppingProtection: Protection.PARTIAL,
    mitmProtection: Protection.NONE,
    verifiesCertificate: false,
    verifiesHostname: false,
    description: 'Encrypts if the server supports it, otherwise falls back to plain text; never checks the server certificate.',
  });

  /** `require`: always TLS, but the server certificate is not checked (anyone on the path can impersonate the server). */
  public static readonly REQUIRE = new SslMode({
    value: 'require',
    mysql: MysqlSslMode.REQUIRED,
    encrypts: true,
    eavesdroppingProtection: Protection.FULL,
    mitmProtection: Protection.NONE,
    verifiesCertificate: false,
    verifiesHostname: false,
    description: 'Always encrypts, but does not check the server certificate: the network is trusted to reach the right server.',
  });

  /** `verify-ca`: always TLS, and the server certificate must chain to a trusted CA; the host name is not checked. */
  public static readonly VERIFY_CA = new SslMode({
    value: 'verify-ca',
    mysql: MysqlSslMode.VERIFY_CA,
    encrypts: true,
    eavesdroppingProtection: Protection.FULL,
    mitmProtection: Protection.DEPENDS_ON_CA_POLICY,
    verifiesCertificate: true,
    verifiesHostname: false,
    description: 'Always encrypts and checks that the server certificate chains to a trusted CA, but not that it names the host.',
  });

  /** `verify-full`: always TLS; the certificate must chain to a trusted CA and name the host connected to. */
  public static readonly VERIFY_FULL = new SslMode({
    value: 'verify-full',
    mysql: MysqlSslMode.VERIFY_IDENTITY,
    encrypts: true,
    eavesdroppingProtection: Protection.FULL,
    mitmProtection: Protection.FULL,
    verifiesCertificate: true,
    verifiesHostname: true,
    description: 'Always encrypts, checks that the server certificate chains to a trusted CA and that it names the host.',
  });

  /** The mode aurora-tls recommends and uses by default: `verify-full`. */
  public static readonly RECOMMENDED = SslMode.VERIFY_FULL;

  /** Every mode, weakest first (disable, allow, prefer, require, verify-ca, verify-full). */
  public static all(): SslMode[] {
    return [SslMode.DISABLE, SslMode.ALLOW, SslMode.PREFER, SslMode.REQUIRE, SslMode.VERIFY_CA, SslMode.VERIFY_FULL];
  }

  /**
   * The mode with this libpq `sslmode` value.
   *
   * @param value `disable`, `allow`, `prefer`, `require`, `verify-ca` or `verify-full` (exact, lower case)
   * @throws if the value is not one of them; the message names the value and lists the valid ones
   */
  public static of(value: string): SslMode {
    const valid = SslMode.all().map((m) => `'${m.value}'`).join(', ');
    if (typeof value !== 'string') {
      throw new Error(`SSL mode must be a string such as 'verify-full', got ${describeValue(value)}; valid values: ${valid}`);
    }
    const found = SslMode.all().find((m) => m.value === value);
    if (found) return found;
    if (value.length === 0) {
      throw new Error(`SSL mode must not be empty; valid values: ${valid} (recommended: 'verify-full')`);
    }
    const trimmed = value.trim();
    const mysql = SslMode.all().find((m) => m.mysqlEquivalent === trimmed);
    if (mysql) {
      throw new Error(`SSL mode ${describeValue(value)} is the MySQL spelling; use '${mysql.value}' (aurora-tls maps it to MySQL names itself)`);
    }
    const normalized = trimmed.toLowerCase().replace(/_/g, '-');
    const close = SslMode.all().find((m) => m.value === normalized);
    if (close) {
      throw new Error(`SSL mode ${describeValue(value)} must be written exactly as '${close.value}' (lower case, hyphens, no spaces)`);
    }
    throw new Error(`Unknown SSL mode ${describeValue(value)}; valid values: ${valid} (recommended: 'verify-full')`);
  }

  /** The libpq `sslmode` value, e.g. `verify-full`. */
  public readonly value: string;
  /**
   * The MySQL name of this mode (Connector/J `sslMode`, mysql `--ssl-mode`).
   * @default - none for `allow`: MySQL clients have no "plain text first, TLS if the server insists" mode
   */
  public readonly mysqlEquivalent?: MysqlSslMode;
  /** Whether every connection in this mode is encrypted (false for `disable`, `allow` and `prefer`). */
  public readonly encrypts: boolean;
  /** Protection against someone reading the traffic. */
  public readonly eavesdroppingProtection: Protection;
  /** Protection against a man-in-the-middle impersonating the database. */
  public readonly mitmProtection: Protection;
  /** Whether the server certificate must chain to a trusted CA (the CA bundle is used). */
  public readonly verifiesCertificate: boolean;
  /** Whether the server certificate must name the host the client connects to. */
  public readonly verifiesHostname: boolean;
  /** One-sentence description. */
  public readonly description: string;

  private constructor(def: SslModeDefinition) {
    this.value = def.value;
    this.mysqlEquivalent = def.mysql;
    this.encrypts = def.encrypts;
    this.eavesdroppingProtection = def.eavesdroppingProtection;
    this.mitmProtection = def.mitmProtection;
    this.verifiesCertificate = def.verifiesCertificate;
    this.verifiesHostname = def.verifiesHostname;
    this.description = def.description;
  }

  /** Whether this mode gives less protection than `SslMode.RECOMMENDED` (every mode except `verify-full`). */
  public get isWeakerThanRecommended(): boolean {
    return this !== SslMode.RECOMMENDED;
  }

  /** Whether this is the same mode as `other`. */
  public sameAs(other: SslMode): boolean {
    return other instanceof SslMode && other.value === this.value;
  }

  /** The libpq `sslmode` value. */
  public toString(): string {
    return this.value;
  }
}
