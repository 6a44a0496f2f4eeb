// TLS enforcement rules for Aurora cluster parameter groups: which parameters force TLS and a minimum protocol
// version, per engine and engine version. Pure TypeScript, shared by the AWS CDK and the CDK for Terraform constructs.
//
// Sources (read when this file was written; re-check them when AWS ships a new major version):
// - Aurora PostgreSQL, "Securing Aurora PostgreSQL data with SSL/TLS": rds.force_ssl (1 = TLS required; the default is
//   0 up to 16 and 1 from 17); TLS 1.1 and 1.2 everywhere; TLS 1.3 from 11.20, 12.15, 13.11, 14.8, 15.3 and in every 16+.
//   https://docs.aws.amazon.com/AmazonRDS/latest/AuroraUserGuide/AuroraPostgreSQL.Security.html#AuroraPostgreSQL.Security.SSL
// - Aurora PostgreSQL parameters: ssl, ssl_min_protocol_version and ssl_max_protocol_version are modifiable
//   cluster-level parameters; the aurora-postgresql14 default of ssl_min_protocol_version is TLSv1.2.
//   https://docs.aws.amazon.com/AmazonRDS/latest/AuroraUserGuide/AuroraPostgreSQL.Reference.ParameterGroups.html
// - PostgreSQL: ssl_min_protocol_version / ssl_max_protocol_version were added in 12 (values TLSv1, TLSv1.1, TLSv1.2,
//   TLSv1.3; default TLSv1 in 12, TLSv1.2 from 13); parameter names are case-insensitive.
//   https://www.postgresql.org/docs/12/runtime-config-connection.html#GUC-SSL-MIN-PROTOCOL-VERSION
//   https://www.postgresql.org/docs/13/release-13.html  https://www.postgresql.org/docs/current/config-setting.html
// - Aurora MySQL, "TLS connections to Aurora MySQL DB clusters": require_secure_transport (OFF by default, ON requires
//   TLS; a DB cluster parameter of version 2 and 3); TLS versions: version 2 and 3 before 3.04.0 offer 1.0/1.1
//   (deprecated) and 1.2, not 1.3; 3.04.0 and higher offer 1.2 and 1.3 only; tls_version takes TLSv1, TLSv1.1, TLSv1.2,
//   TLSv1.3 or a comma-separated list from the lowest to the highest version such as 'TLSv1.2,TLSv1.3'; a tls_version
//   change applies after a reboot (pending-reboot).
//   https://docs.aws.amazon.com/AmazonRDS/latest/AuroraUserGuide/AuroraMySQL.Security.html#AuroraMySQL.Security.SSL
// - Aurora MySQL version 1 (MySQL 5.6-compatible) reached end of life on 2023-02-28.
//   https://docs.aws.amazon.com/AmazonRDS/latest/AuroraUserGuide/Aurora.MySQL56.EOL.html
// - Aurora PostgreSQL 9.6 and 10 reached end of life (release calendar).
//   https://docs.aws.amazon.com/AmazonRDS/latest/AuroraPostgreSQLReleaseNotes/aurorapostgresql-release-calendar.html
// - RFC 8996 deprecates TLS 1.0 and TLS 1.1. https://www.rfc-editor.org/rfc/rfc8996
//
// Where the sources leave a gap, the rules take the safe side (each case is marked SAFE below and surfaces in `notes`):
// - Aurora PostgreSQL 11: PostgreSQL 11 has no ssl_min_protocol_version, and no AWS page says Aurora 11 added it, so it
//   is not set there (the minimum cannot be enforced; TLS 1.3 as the minimum is refused).
// - A bare major version ('14', '8.0') does not say whether the minor release has TLS 1.3, so TLS 1.3 is treated as
//   unavailable: TLS 1.3 as the minimum is refused and Aurora MySQL 3 gets tls_version=TLSv1.2 (valid on every 3.x).
// - Parameter names are matched case-insensitively for both engines (MySQL and PostgreSQL both treat them so), so that
//   'RDS.FORCE_SSL' = '0' cannot slip through.

import { describeValue } from './private/util';

/**
 * The Aurora database engines whose TLS enforcement aurora-tls knows.
 */
export enum AuroraEngine {
  /** Aurora PostgreSQL-Compatible Edition (`aurora-postgresql`). */
  AURORA_POSTGRESQL = 'aurora-postgresql',
  /** Aurora MySQL-Compatible Edition (`aurora-mysql`), version 2 (MySQL 5.7) and version 3 (MySQL 8.0). */
  AURORA_MYSQL = 'aurora-mysql',
}

/** Protocol names as PostgreSQL (ssl_min_protocol_version) and MySQL (tls_version) spell them, oldest first. */
const PROTOCOLS = ['TLSv1', 'TLSv1.1', 'TLSv1.2', 'TLSv1.3'];
/** Index in PROTOCOLS of the oldest version that is not deprecated (TLS 1.2). */
const FIRST_CURRENT = 2;

/**
 * A TLS protocol version that can be the minimum for client connections: TLS 1.2 or TLS 1.3.
 *
 * Enum-like: use `TlsVersion.TLS_1_2` / `TlsVersion.TLS_1_3`, or `TlsVersion.of()` for a value read from
 * configuration (it validates, and refuses the deprecated TLS 1.0 and 1.1).
 */
export class TlsVersion {
  /** TLS 1.2 (RFC 5246): supported by every Aurora version that aurora-tls accepts. */
  public static readonly TLS_1_2 = new TlsVersion('1.2', 2);
  /** TLS 1.3 (RFC 8446): Aurora PostgreSQL 12.15, 13.11, 14.8, 15.3, 16 and later; Aurora MySQL 3.04.0 and later. */
  public static readonly TLS_1_3 = new TlsVersion('1.3', 3);

  /**
   * The TLS version named by a string.
   *
   * @param version `'1.2'`, `'TLSv1.2'`, `'1.3'` or `'TLSv1.3'` (the `TLSv` prefix in any case)
   * @throws if the version is deprecated (1.0, 1.1) or not a TLS version; the message says what to use
   */
  public static of(version: string): TlsVersion {
    if (typeof version !== 'string') {
      throw new Error(`TLS version must be a string such as '1.2' or 'TLSv1.2', got ${describeValue(version)}`);
    }
    const match = /^(?:tlsv)?(1(?:\.[0-3])?)$/i.exec(version);
    const number = match ? (match[1] === '1' ? '1.0' : match[1]) : undefined;
    if (number === '1.2') return TlsVersion.TLS_1_2;
    if (number === '1.3') return TlsVersion.TLS_1_3;
    if (number === '1.0' || number === '1.1') {
      throw new Error(
        `TLS version '${version}' is deprecated (RFC 8996 retires TLS 1.0 and 1.1) and cannot be the minimum; ` +
          'use TlsVersion.TLS_1_2 or TlsVersion.TLS_1_3',
      );
    }
    throw new Error(`Unknown TLS version ${describeValue(version)}; use '1.2', 'TLSv1.2', '1.3' or 'TLSv1.3' (TlsVersion.TLS_1_2 or TlsVersion.TLS_1_3)`);
  }

  /** The version number, e.g. `'1.2'`. */
  public readonly version: string;
  /**
   * The protocol name, e.g. `'TLSv1.2'`: the value that PostgreSQL `ssl_min_protocol_version` and MySQL
   * `tls_version` take.
   */
  public readonly protocolName: string;
  private readonly rank: number;

  private constructor(version: string, rank: number) {
    this.version = version;
    this.rank = rank;
    this.protocolName = PROTOCOLS[rank];
  }

  /** Whether this version is the same as, or newer than, `other`. */
  public atLeast(other: TlsVersion): boolean {
    if (!(other instanceof TlsVersion)) {
      throw new Error(`TlsVersion.atLeast() takes a TlsVersion such as TlsVersion.TLS_1_2, got ${describeValue(other)}`);
    }
    return this.rank >= other.rank;
  }
}

/**
 * What to enforce TLS for.
 */
export interface TlsEnforcementOptions {
  /** The Aurora engine. */
  readonly engine: AuroraEngine;

  /**
   * The engine version, as AWS spells it.
   *
   * - Aurora PostgreSQL: `'16.4'`, `'13.12'`, or the major alone (`'16'`).
   * - Aurora MySQL: `'8.0.mysql_aurora.3.05.2'`, `'5.7.mysql_aurora.2.11.2'`, the Aurora release alone
   *   (`'3.05.2'`), or the MySQL major alone (`'8.0'`, `'5.7'`).
   *
   * A major alone does not say whether the minor release offers TLS 1.3 (PostgreSQL 12 to 15, Aurora MySQL 3), so
   * TLS 1.3 is then treated as unavailable; give the full version to use it.
   */
  readonly engineVersion: string;

  /**
   * The oldest TLS version clients may connect with.
   *
   * @default TlsVersion.TLS_1_2 - TLS 1.2 and newer are accepted (TLS 1.3 where the engine version offers it)
   */
  readonly minimumTlsVersion?: TlsVersion;
}

/**
 * The TLS-enforcing parameters of a DB cluster parameter group, for one engine version.
 */
export interface TlsParameterGroupSpec {
  /** The Aurora engine. */
  readonly engine: AuroraEngine;
  /** The engine version as given. */
  readonly engineVersion: string;
  /** The major version: `'16'` for Aurora PostgreSQL, `'8.0'` or `'5.7'` for Aurora MySQL. */
  readonly majorVersion: string;
  /** The parameter group family, e.g. `'aurora-postgresql16'`, `'aurora-mysql8.0'`, `'aurora-mysql5.7'`. */
  readonly family: string;
  /** The oldest TLS version clients may connect with. */
  readonly minimumTlsVersion: TlsVersion;
  /** The TLS-enforcing cluster parameters, name to value, as the parameter group API takes them. */
  readonly parameters: { [name: string]: string };
  /** Whether this engine version accepts TLS 1.3 connections (false when the version given does not say). */
  readonly supportsTls13: boolean;
  /** Caveats for people: what could not be enforced, or what was assumed. Empty when there are none. */
  readonly notes: string[];
}

/**
 * One gap in the TLS enforcement of a parameter map (see `TlsEnforcement.audit`).
 */
export interface TlsParameterFinding {
  /** The parameter concerned, as spelled in the map (or its canonical name when it is missing). */
  readonly parameter: string;
  /**
   * The value found.
   *
   * @default - the parameter is not set
   */
  readonly value?: string;
  /** What is wrong and how to fix it. */
  readonly message: string;
}

/** Parameter names refused outright: they would change an object's prototype, not a parameter. */
const FORBIDDEN_NAMES = new Set(['__proto__', 'constructor', 'prototype']);

const PG_FORCE_SSL = 'rds.force_ssl';
const PG_SSL = 'ssl';
const PG_MIN_PROTOCOL = 'ssl_min_protocol_version';
const PG_MAX_PROTOCOL = 'ssl_max_protocol_version';
const MYSQL_REQUIRE_SECURE_TRANSPORT = 'require_secure_transport';
const MYSQL_TLS_VERSION = 'tls_version';

/** First minor release of each Aurora PostgreSQL major with TLS 1.3 (every 16 and later release has it). */
const PG_TLS13_SINCE_MINOR: { [major: number]: number } = { 11: 20, 12: 15, 13: 11, 14: 8, 15: 3 };
const PG_OLDEST_SUPPORTED = 11;
const PG_NEWEST_VERIFIED = 17;
/** The first Aurora MySQL release with TLS 1.3. */
const MYSQL_TLS13_SINCE = [3, 4, 0];
/** MySQL compatibility of each Aurora MySQL major release. */
const MYSQL_COMPAT: { [auroraMajor: number]: string } = { 1: '5.6', 2: '5.7', 3: '8.0' };

const MYSQL_STATIC_NOTE = 'tls_version is a static parameter: a change takes effect after the DB instances reboot';

/** What the engine version says, or why it is refused. */
interface VersionFacts {
  readonly majorVersion: string;
  readonly family: string;
  /** true/false when known; undefined when the version given does not say. */
  readonly tls13?: boolean;
  /** Whether the minimum protocol version can be set in the parameter group. */
  readonly minimumSettable: boolean;
  /** Why TLS 1.3 cannot be the minimum, when it cannot. */
  readonly tls13Refusal?: string;
  readonly notes: string[];
}

/** How a boolean-valued parameter reads: PostgreSQL and MySQL accept these spellings, in any case. */
function readSwitch(value: string): 'on' | 'off' | 'invalid' {
  const v = value.trim().toLowerCase();
  if (['1', 'on', 'true', 'yes'].includes(v)) return 'on';
  if (['0', 'off', 'false', 'no'].includes(v)) return 'off';
  return 'invalid';
}

/** Index in PROTOCOLS of a protocol name (case-insensitive), or -1. */
function protocolRank(value: string): number {
  const v = value.trim().toLowerCase();
  return PROTOCOLS.findIndex((p) => p.toLowerCase() === v);
}

/** The protocols of a MySQL tls_version list, or the first entry that is not a protocol. */
function readProtocolList(value: string): { ranks: number[]; bad?: string } {
  const ranks: number[] = [];
  for (const entry of value.split(',')) {
    const rank = protocolRank(entry);
    if (rank < 0) return { ranks, bad: entry.trim() };
    if (!ranks.includes(rank)) ranks.push(rank);
  }
  return { ranks: ranks.sort() };
}

function compareVersions(a: number[], b: number[]): number {
  for (let i = 0; i < Math.max(a.length, b.length); i++) {
    const d = (a[i] ?? 0) - (b[i] ?? 0);
    if (d !== 0) return d;
  }
  return 0;
}

function quoteList(names: string[]): string {
  const quoted = names.map((n) => describeValue(n));
  return quoted.length <= 2 ? quoted.join(' and ') : `${quoted.slice(0, -1).join(', ')} and ${quoted[quoted.length - 1]}`;
}

/** One Error for a list of problems: the problem itself when there is one, else a header and a bullet list. */
function combine(header: string, problems: string[]): Error {
  if (problems.length === 1) return new Error(problems[0]);
  return new Error(`${header} (${problems.length} problems):\n${problems.map((p) => `- ${p}`).join('\n')}`);
}

function postgresFacts(version: string): VersionFacts | string {
  const match = /^([1-9]\d*)(?:\.(\d+))?(?:\.(\d+))?$/.exec(version);
  const major = match ? Number(match[1]) : NaN;
  if (!match || (major >= 10 && match[3] !== undefined)) {
    return `Engine version ${describeValue(version)} is not an aurora-postgresql version; expected the form '16.4' (or the major alone, '16')`;
  }
  if (major < PG_OLDEST_SUPPORTED) {
    const label = major < 10 && match[2] !== undefined ? `${match[1]}.${match[2]}` : match[1];
    return `aurora-postgresql ${version} has reached end of life (Aurora PostgreSQL ${label} is retired); ` +
      'upgrade to a supported major version such as 16 or 17';
  }
  const minor = match[2] === undefined ? undefined : Number(match[2]);
  const since = PG_TLS13_SINCE_MINOR[major];
  const tls13 = since === undefined ? true : minor === undefined ? undefined : minor >= since;
  const notes: string[] = [];
  let tls13Refusal: string | undefined;
  if (major < 12) {
    // SAFE: PostgreSQL 11 has no ssl_min_protocol_version and no AWS page says Aurora 11 added it: do not set it.
    notes.push(
      `Aurora PostgreSQL ${major} has no ssl_min_protocol_version parameter, so the minimum TLS version cannot be enforced ` +
        '(clients may still negotiate TLS 1.1); rds.force_ssl=1 still requires TLS. Upgrade to Aurora PostgreSQL 12 or later to enforce TLS 1.2',
    );
    tls13Refusal = `TLS 1.3 cannot be required on aurora-postgresql ${version}: ssl_min_protocol_version is not available before ` +
      'Aurora PostgreSQL 12; use TlsVersion.TLS_1_2 or engine version 12.15 or later';
  } else if (tls13 === undefined) {
    // SAFE: the major alone does not say whether the minor has TLS 1.3.
    notes.push(
      `TLS 1.3 availability in aurora-postgresql ${major} depends on the minor version (${major}.${since} or later); ` +
        `engine version '${version}' does not say, so TLS 1.3 is treated as unavailable`,
    );
    tls13Refusal = `TLS 1.3 support in aurora-postgresql ${version} depends on the minor version (needs ${major}.${since} or later); ` +
      `pass the full engine version such as '${major}.${since}', or use TlsVersion.TLS_1_2`;
  } else if (!tls13) {
    tls13Refusal = `TLS 1.3 is not supported by aurora-postgresql ${version} (needs ${major}.${since} or later); ` +
      `use TlsVersion.TLS_1_2 or engine version ${major}.${since} or later`;
  }
  if (major > PG_NEWEST_VERIFIED) {
    notes.push(
      `aurora-tls has verified Aurora PostgreSQL ${PG_OLDEST_SUPPORTED} to ${PG_NEWEST_VERIFIED}; ` +
        `aurora-postgresql ${major} is assumed to follow the ${PG_NEWEST_VERIFIED} rules (rds.force_ssl, ssl_min_protocol_version, TLS 1.3)`,
    );
  }
  return {
    majorVersion: String(major),
    family: `aurora-postgresql${major}`,
    tls13,
    minimumSettable: major >= 12,
    tls13Refusal,
    notes,
  };
}

function mysqlFacts(version: string): VersionFacts | string {
  const form = "expected the form '8.0.mysql_aurora.3.05.2' (or the Aurora release alone, '3.05.2', or the MySQL major alone, '8.0')";
  let compat: string;
  let release: number[] | undefined;
  const full = /^(\d+\.\d+)\.mysql_aurora\.(\d+)\.(\d+)(?:\.(\d+))?$/.exec(version);
  const compatOnly = /^(5\.6|5\.7|8\.0)(?:\.\d+[a-z]?)?$/.exec(version);
  const releaseOnly = /^(\d+)\.(\d+)(?:\.(\d+))?$/.exec(version);
  if (full) {
    compat = full[1];
    const releaseText = full.slice(2).filter((p) => p !== undefined).join('.'); // as written: '3.05.2'
    release = releaseText.split('.').map(Number);
    const expected = MYSQL_COMPAT[release[0]];
    if (expected !== undefined && expected !== compat) {
      return `Engine version '${version}' is inconsistent: Aurora MySQL ${releaseText} is MySQL ${expected}-compatible, not ${compat}; ` +
        `use '${expected}.mysql_aurora.${releaseText}'`;
    }
  } else if (compatOnly) {
    compat = compatOnly[1];
  } else if (releaseOnly) {
    release = releaseOnly.slice(1).filter((p) => p !== undefined).map(Number);
    compat = MYSQL_COMPAT[release[0]] ?? `${release[0]}.x`;
  } else {
    return `Engine version ${describeValue(version)} is not an aurora-mysql version; ${form}`;
  }
  if (compat === '5.6') {
    return `aurora-mysql ${version} is Aurora MySQL version 1 (MySQL 5.6-compatible), which reached end of life on 2023-02-28; ` +
      "upgrade to Aurora MySQL version 3 (an engine version such as '8.0.mysql_aurora.3.05.2')";
  }
  if (compat !== '5.7' && compat !== '8.0') {
    return `aurora-mysql ${version} is not a version aurora-tls knows (Aurora MySQL version 2 is MySQL 5.7-compatible, ` +
      "version 3 is MySQL 8.0-compatible); use one of those, such as '8.0.mysql_aurora.3.05.2', or upgrade aurora-tls";
  }
  const notes = [MYSQL_STATIC_NOTE];
  let tls13: boolean | undefined;
  let tls13Refusal: string | undefined;
  if (compat === '5.7') {
    tls13 = false;
    notes.push('Aurora MySQL version 2 does not offer TLS 1.3; Aurora MySQL 3.04.0 and later do');
    tls13Refusal = `TLS 1.3 is not supported by aurora-mysql ${version} (Aurora MySQL version 2 offers up to TLS 1.2); ` +
      "use TlsVersion.TLS_1_2 or Aurora MySQL 3.04.0 or later (an engine version such as '8.0.mysql_aurora.3.05.2')";
  } else if (release === undefined) {
    // SAFE: '8.0' alone does not say which 3.x release runs; TLSv1.2 is valid on every one of them.
    notes.push(
      `Engine version '${version}' does not name the Aurora MySQL release, so tls_version allows TLS 1.2 only (valid on every 3.x); ` +
        "pass the full version such as '8.0.mysql_aurora.3.05.2' to also allow TLS 1.3 on 3.04.0 and later",
    );
    tls13Refusal = `TLS 1.3 support in aurora-mysql ${version} depends on the Aurora MySQL release (needs 3.04.0 or later); ` +
      "pass the full engine version such as '8.0.mysql_aurora.3.05.2', or use TlsVersion.TLS_1_2";
  } else {
    tls13 = compareVersions(release, MYSQL_TLS13_SINCE) >= 0;
    if (!tls13) {
      notes.push('TLS 1.3 needs Aurora MySQL 3.04.0 or later, so tls_version allows TLS 1.2 only');
      tls13Refusal = `TLS 1.3 is not supported by aurora-mysql ${version} (needs Aurora MySQL 3.04.0 or later); ` +
        "use TlsVersion.TLS_1_2 or an engine version such as '8.0.mysql_aurora.3.04.0'";
    }
  }
  return { majorVersion: compat, family: `aurora-mysql${compat}`, tls13, minimumSettable: true, tls13Refusal, notes };
}

/** A parameter that aurora-tls checks in user parameters (merge) and in audited maps. */
interface TlsRule {
  /** Canonical (lower-case) parameter name. */
  readonly name: string;
  /** The problem with a user-supplied value, given what aurora-tls enforces; undefined when the value is acceptable. */
  userProblem(spec: TlsParameterGroupSpec, name: string, value: string): string | undefined;
  /** Whether an acceptable user value means the same as aurora-tls's value (then aurora-tls's spelling is kept). */
  sameAs(a: string, b: string): boolean;
  /** The audit finding for a value (undefined: the parameter is missing); undefined when it is fine. */
  auditProblem(value: string | undefined): string | undefined;
}

function ownedSuffix(spec: TlsParameterGroupSpec, name: string): string {
  const own = lookup(spec.parameters, name);
  return own === undefined ? `minimumTlsVersion is TLS ${spec.minimumTlsVersion.version}` : `aurora-tls sets ${name}=${own}`;
}

function lookup(parameters: { [name: string]: string }, canonical: string): string | undefined {
  for (const key of Object.keys(parameters)) {
    if (key.toLowerCase() === canonical) return parameters[key];
  }
  return undefined;
}

function minimumRank(spec: TlsParameterGroupSpec): number {
  return protocolRank(spec.minimumTlsVersion.protocolName);
}

const DEPRECATED = '(deprecated by RFC 8996)';

const FORCE_SSL_RULE: TlsRule = {
  name: PG_FORCE_SSL,
  userProblem(_spec, name, value) {
    const state = readSwitch(value);
    if (state === 'off') return `Parameter ${describeValue(name)} = ${describeValue(value)} would let clients connect without TLS; remove it (aurora-tls sets rds.force_ssl=1)`;
    if (state === 'invalid') return `Parameter ${describeValue(name)} = ${describeValue(value)} is not a valid value for rds.force_ssl (0 or 1); remove it (aurora-tls sets rds.force_ssl=1)`;
    return undefined;
  },
  sameAs: (a, b) => readSwitch(a) === readSwitch(b),
  auditProblem(value) {
    if (value === undefined) return 'rds.force_ssl is not set, so clients can connect without TLS (the default is 0 up to Aurora PostgreSQL 16); set rds.force_ssl=1';
    const state = readSwitch(value);
    if (state === 'off') return `rds.force_ssl = ${describeValue(value)} lets clients connect without TLS; set rds.force_ssl=1`;
    if (state === 'invalid') return `rds.force_ssl = ${describeValue(value)} is not a valid value (0 or 1); set rds.force_ssl=1`;
    return undefined;
  },
};

const SSL_RULE: TlsRule = {
  name: PG_SSL,
  userProblem(_spec, name, value) {
    const state = readSwitch(value);
    if (state === 'off') return `Parameter ${describeValue(name)} = ${describeValue(value)} would turn TLS off on the server; remove it (rds.force_ssl=1, which aurora-tls sets, turns ssl on)`;
    if (state === 'invalid') return `Parameter ${describeValue(name)} = ${describeValue(value)} is not a valid value for ssl (1 or 0); remove it (rds.force_ssl=1, which aurora-tls sets, turns ssl on)`;
    return undefined;
  },
  sameAs: (a, b) => readSwitch(a) === readSwitch(b),
  auditProblem(value) {
    if (value === undefined) return undefined;
    const state = readSwitch(value);
    if (state === 'off') return `ssl = ${describeValue(value)} turns TLS off on the server; remove it and set rds.force_ssl=1`;
    if (state === 'invalid') return `ssl = ${describeValue(value)} is not a valid value (1 or 0); remove it and set rds.force_ssl=1`;
    return undefined;
  },
};

const MIN_PROTOCOL_RULE: TlsRule = {
  name: PG_MIN_PROTOCOL,
  userProblem(spec, name, value) {
    const rank = protocolRank(value);
    const minimum = minimumRank(spec);
    if (rank < 0) return `Parameter ${describeValue(name)} = ${describeValue(value)} is not a TLS protocol version (TLSv1.2 or TLSv1.3); remove it (${ownedSuffix(spec, PG_MIN_PROTOCOL)})`;
    if (rank < minimum) {
      return `Parameter ${describeValue(name)} = ${describeValue(value)} would let clients connect with ${PROTOCOLS[rank]}, below the minimum TLS ${spec.minimumTlsVersion.version}; ` +
        `remove it (${ownedSuffix(spec, PG_MIN_PROTOCOL)})`;
    }
    if (rank === 3 && !spec.supportsTls13) {
      return `Parameter ${describeValue(name)} = ${describeValue(value)} requires TLS 1.3, which ${spec.engine} ${spec.engineVersion} does not offer; remove it`;
    }
    if (rank > minimum) {
      const fix = lookup(spec.parameters, PG_MIN_PROTOCOL) === undefined
        ? `remove it (aurora-tls cannot require ${PROTOCOLS[rank]} on ${spec.engine} ${spec.engineVersion})`
        : 'remove it and set minimumTlsVersion: TlsVersion.TLS_1_3 instead';
      return `Parameter ${describeValue(name)} = ${describeValue(value)} conflicts with minimumTlsVersion TLS ${spec.minimumTlsVersion.version}; ${fix}`;
    }
    return undefined;
  },
  sameAs: (a, b) => protocolRank(a) === protocolRank(b),
  auditProblem(value) {
    if (value === undefined) {
      return 'ssl_min_protocol_version is not set, so the engine default applies (TLSv1 on PostgreSQL 12); ' +
        'set ssl_min_protocol_version=TLSv1.2 (Aurora PostgreSQL 12 and later)';
    }
    const rank = protocolRank(value);
    if (rank < 0) return `ssl_min_protocol_version = ${describeValue(value)} is not a TLS protocol version; set ssl_min_protocol_version=TLSv1.2`;
    if (rank < FIRST_CURRENT) return `ssl_min_protocol_version = ${describeValue(value)} allows ${PROTOCOLS[rank]} ${DEPRECATED}; set ssl_min_protocol_version=TLSv1.2`;
    return undefined;
  },
};

const MAX_PROTOCOL_RULE: TlsRule = {
  name: PG_MAX_PROTOCOL,
  userProblem(spec, name, value) {
    if (value.trim() === '') return undefined; // no maximum
    const rank = protocolRank(value);
    if (rank < 0) return `Parameter ${describeValue(name)} = ${describeValue(value)} is not a TLS protocol version (TLSv1.2 or TLSv1.3); remove it`;
    if (rank < minimumRank(spec)) {
      return `Parameter ${describeValue(name)} = ${describeValue(value)} caps TLS below the minimum TLS ${spec.minimumTlsVersion.version}, ` +
        'so clients could connect only with a deprecated version, or not at all; remove it';
    }
    return undefined;
  },
  sameAs: (a, b) => protocolRank(a) === protocolRank(b),
  auditProblem(value) {
    if (value === undefined || value.trim() === '') return undefined;
    const rank = protocolRank(value);
    if (rank < 0) return `ssl_max_protocol_version = ${describeValue(value)} is not a TLS protocol version; remove it`;
    if (rank < FIRST_CURRENT) return `ssl_max_protocol_version = ${describeValue(value)} caps connections at ${PROTOCOLS[rank]} ${DEPRECATED}; remove it`;
    return undefined;
  },
};

const REQUIRE_SECURE_TRANSPORT_RULE: TlsRule = {
  name: MYSQL_REQUIRE_SECURE_TRANSPORT,
  userProblem(_spec, name, value) {
    const state = readSwitch(value);
    if (state === 'off') return `Parameter ${describeValue(name)} = ${describeValue(value)} would let clients connect without TLS; remove it (aurora-tls sets require_secure_transport=ON)`;
    if (state === 'invalid') {
      return `Parameter ${describeValue(name)} = ${describeValue(value)} is not a valid value for require_secure_transport (ON or OFF); ` +
        'remove it (aurora-tls sets require_secure_transport=ON)';
    }
    return undefined;
  },
  sameAs: (a, b) => readSwitch(a) === readSwitch(b),
  auditProblem(value) {
    if (value === undefined) return 'require_secure_transport is not set, so clients can connect without TLS (the default is OFF); set require_secure_transport=ON';
    const state = readSwitch(value);
    if (state === 'off') return `require_secure_transport = ${describeValue(value)} lets clients connect without TLS; set require_secure_transport=ON`;
    if (state === 'invalid') return `require_secure_transport = ${describeValue(value)} is not a valid value (ON or OFF); set require_secure_transport=ON`;
    return undefined;
  },
};

const MYSQL_TLS_VERSION_FIX = 'set tls_version=TLSv1.2 (TLSv1.2,TLSv1.3 on Aurora MySQL 3.04.0 and later)';

const TLS_VERSION_RULE: TlsRule = {
  name: MYSQL_TLS_VERSION,
  userProblem(spec, name, value) {
    const suffix = ownedSuffix(spec, MYSQL_TLS_VERSION);
    if (value.trim() === '') {
      return `Parameter ${describeValue(name)} = ${describeValue(value)} would fall back to the engine default, which can include deprecated TLS versions; remove it (${suffix})`;
    }
    const { ranks, bad } = readProtocolList(value);
    if (bad !== undefined) return `Parameter ${describeValue(name)} = ${describeValue(value)} lists ${describeValue(bad)}, which is not a TLS protocol version (TLSv1.2, TLSv1.3); remove it (${suffix})`;
    const minimum = minimumRank(spec);
    const below = ranks.filter((r) => r < minimum).map((r) => PROTOCOLS[r]);
    if (below.length > 0) {
      return `Parameter ${describeValue(name)} = ${describeValue(value)} would allow ${below.join(' and ')}, below the minimum TLS ${spec.minimumTlsVersion.version}; remove it (${suffix})`;
    }
    if (ranks.includes(3) && !spec.supportsTls13) {
      return `Parameter ${describeValue(name)} = ${describeValue(value)} lists TLSv1.3, which ${spec.engine} ${spec.engineVersion} does not offer; remove it (${suffix})`;
    }
    if (!ranks.includes(minimum)) {
      return `Parameter ${describeValue(name)} = ${describeValue(value)} conflicts with minimumTlsVersion TLS ${spec.minimumTlsVersion.version} (it leaves out ${PROTOCOLS[minimum]}); ` +
        'remove it and set minimumTlsVersion: TlsVersion.TLS_1_3 instead';
    }
    return undefined;
  },
  sameAs: (a, b) => readProtocolList(a).ranks.join() === readProtocolList(b).ranks.join(),
  auditProblem(value) {
    if (value === undefined) {
      return 'tls_version is not set, so the engine default applies (every supported version, including deprecated TLS 1.0 and 1.1 ' +
        `on Aurora MySQL version 2 and 3 before 3.04.0); ${MYSQL_TLS_VERSION_FIX}`;
    }
    if (value.trim() === '') return `tls_version = ${describeValue(value)} falls back to the engine default, which can include deprecated TLS versions; ${MYSQL_TLS_VERSION_FIX}`;
    const { ranks, bad } = readProtocolList(value);
    if (bad !== undefined) return `tls_version = ${describeValue(value)} lists ${describeValue(bad)}, which is not a TLS protocol version; ${MYSQL_TLS_VERSION_FIX}`;
    const deprecated = ranks.filter((r) => r < FIRST_CURRENT).map((r) => PROTOCOLS[r]);
    if (deprecated.length > 0) return `tls_version = ${describeValue(value)} allows ${deprecated.join(' and ')} ${DEPRECATED}; ${MYSQL_TLS_VERSION_FIX}`;
    return undefined;
  },
};

const RULES: { [engine: string]: TlsRule[] } = {
  [AuroraEngine.AURORA_POSTGRESQL]: [FORCE_SSL_RULE, SSL_RULE, MIN_PROTOCOL_RULE, MAX_PROTOCOL_RULE],
  [AuroraEngine.AURORA_MYSQL]: [REQUIRE_SECURE_TRANSPORT_RULE, TLS_VERSION_RULE],
};

function rulesOf(engine: AuroraEngine): Map<string, TlsRule> {
  return new Map((RULES[engine] ?? []).map((rule) => [rule.name, rule]));
}

function isEngine(engine: unknown): engine is AuroraEngine {
  return engine === AuroraEngine.AURORA_POSTGRESQL || engine === AuroraEngine.AURORA_MYSQL;
}

function engineProblem(engine: unknown): string {
  return `Unknown engine ${describeValue(engine)}; use AuroraEngine.AURORA_POSTGRESQL or AuroraEngine.AURORA_MYSQL`;
}

function checkMap(what: string, parameters: unknown): void {
  if (parameters === null || typeof parameters !== 'object' || Array.isArray(parameters)) {
    throw new Error(`${what} must be an object of parameter names to string values, got ${describeValue(parameters)}`);
  }
}

/**
 * The TLS-enforcing cluster parameters for each Aurora engine and version, and the checks that keep user parameters
 * from weakening them. Shared by the AWS CDK and the CDK for Terraform constructs.
 *
 * - Aurora PostgreSQL: `rds.force_ssl=1` and `ssl_min_protocol_version` (from 12).
 * - Aurora MySQL: `require_secure_transport=ON` and `tls_version` (`TLSv1.2`, `TLSv1.2,TLSv1.3` or `TLSv1.3`).
 */
export class TlsEnforcement {
  /**
   * The TLS-enforcing cluster parameters for an engine version.
   *
   * @throws one Error listing every problem: unknown engine, unparsable or end-of-life engine version, a minimum TLS
   *   version the engine version cannot offer or enforce
   */
  public static parametersFor(options: TlsEnforcementOptions): TlsParameterGroupSpec {
    if (options === null || typeof options !== 'object') {
      throw new Error(`TlsEnforcement.parametersFor() takes { engine, engineVersion, minimumTlsVersion? }, got ${describeValue(options)}`);
    }
    const { engine, engineVersion } = options;
    const minimum = options.minimumTlsVersion ?? TlsVersion.TLS_1_2;
    const problems: string[] = [];
    if (!isEngine(engine)) problems.push(engineProblem(engine));
    if (!(minimum instanceof TlsVersion)) {
      problems.push(`minimumTlsVersion must be a TlsVersion such as TlsVersion.TLS_1_2, got ${describeValue(minimum)}`);
    }
    let facts: VersionFacts | undefined;
    if (typeof engineVersion !== 'string' || engineVersion.trim() === '') {
      problems.push(`Engine version must be a string such as '16.4' or '8.0.mysql_aurora.3.05.2', got ${describeValue(engineVersion)}`);
    } else if (isEngine(engine)) {
      const parsed = engine === AuroraEngine.AURORA_POSTGRESQL ? postgresFacts(engineVersion) : mysqlFacts(engineVersion);
      if (typeof parsed === 'string') problems.push(parsed);
      else facts = parsed;
    }
    if (facts && minimum === TlsVersion.TLS_1_3 && facts.tls13Refusal) problems.push(facts.tls13Refusal);
    if (problems.length > 0 || !facts) throw combine('Cannot enforce TLS with these options', problems);

    const parameters: { [name: string]: string } = {};
    const notes = [...facts.notes];
    if (engine === AuroraEngine.AURORA_POSTGRESQL) {
      parameters[PG_FORCE_SSL] = '1';
      if (facts.minimumSettable) parameters[PG_MIN_PROTOCOL] = minimum.protocolName;
    } else {
      parameters[MYSQL_REQUIRE_SECURE_TRANSPORT] = 'ON';
      parameters[MYSQL_TLS_VERSION] = minimum === TlsVersion.TLS_1_3 ? 'TLSv1.3' : facts.tls13 ? 'TLSv1.2,TLSv1.3' : 'TLSv1.2';
    }
    return {
      engine,
      engineVersion,
      majorVersion: facts.majorVersion,
      family: facts.family,
      minimumTlsVersion: minimum,
      parameters,
      supportsTls13: facts.tls13 === true,
      notes,
    };
  }

  /**
   * The user's cluster parameters with the TLS-enforcing ones merged in.
   *
   * A user parameter that means the same as a TLS parameter is replaced by aurora-tls's spelling; the value of one
   * that is stricter but compatible (e.g. `tls_version=TLSv1.2` where aurora-tls would allow TLS 1.3 too) is kept
   * under aurora-tls's spelling of the name; unrelated parameters are kept as given, after the TLS ones.
   *
   * @returns a new plain object; neither argument is modified
   * @throws one Error naming every user parameter that weakens or contradicts TLS enforcement (e.g.
   *   `rds.force_ssl=0`, `require_secure_transport=OFF`, a lower `ssl_min_protocol_version`, a `tls_version` that allows
   *   TLSv1/TLSv1.1 or leaves out the minimum, `ssl=0`), names that differ only in case, empty names, and the
   *   names `__proto__`, `constructor` and `prototype`
   */
  public static mergeParameters(spec: TlsParameterGroupSpec, userParameters: { [name: string]: string }): { [name: string]: string } {
    const problems = TlsEnforcement.checkParameters(spec, userParameters);
    if (problems.length > 0) throw combine(`Cluster parameters weaken or contradict TLS enforcement for ${spec.engine} ${spec.engineVersion}`, problems);

    const rules = rulesOf(spec.engine);
    const ownedNames = Object.keys(spec.parameters);
    const ownedByCanonical = new Map(ownedNames.map((name) => [name.toLowerCase(), name]));
    const userKept = new Map<string, string>(); // owned parameter (canonical name) -> an acceptable, different user value
    const unrelated: Array<[string, string]> = [];
    for (const name of Object.keys(userParameters)) {
      const value = userParameters[name];
      const canonical = name.toLowerCase();
      const owned = ownedByCanonical.get(canonical);
      if (owned === undefined) {
        unrelated.push([name, value]);
        continue;
      }
      const rule = rules.get(canonical);
      if (rule && !rule.sameAs(value, spec.parameters[owned])) userKept.set(canonical, value);
    }
    // aurora-tls's spelling of the name; the user's value where it is acceptable but different (e.g. stricter).
    const entries: Array<[string, string]> = ownedNames.map(
      (name) => [name, userKept.get(name.toLowerCase()) ?? spec.parameters[name]],
    );
    // Object.fromEntries defines own data properties, so no key can reach a prototype.
    return Object.fromEntries([...entries, ...unrelated]);
  }

  /**
   * The problems `mergeParameters` would throw for, one message each (empty when the parameters can be merged).
   * For validation that collects every failure before reporting.
   */
  public static checkParameters(spec: TlsParameterGroupSpec, userParameters: { [name: string]: string }): string[] {
    if (spec === null || typeof spec !== 'object' || !isEngine(spec.engine) || !(spec.minimumTlsVersion instanceof TlsVersion)) {
      const got = spec !== null && typeof spec === 'object' ? `an object with engine ${describeValue(spec.engine)}` : describeValue(spec);
      throw new Error(`Expected a TlsParameterGroupSpec from TlsEnforcement.parametersFor(), got ${got}`);
    }
    checkMap('Cluster parameters', userParameters);
    const problems: string[] = [];
    const rules = rulesOf(spec.engine);
    const byCanonical = new Map<string, string[]>();
    for (const name of Object.keys(userParameters)) {
      const value: unknown = userParameters[name];
      if (FORBIDDEN_NAMES.has(name)) {
        problems.push(`Parameter name ${describeValue(name)} is refused (it would reach the object's prototype, not a parameter group); remove it`);
        continue;
      }
      if (name.trim() === '') {
        problems.push(`Parameter names must not be empty; remove the entry ${describeValue(name)} = ${describeValue(value)}`);
        continue;
      }
      const canonical = name.toLowerCase();
      byCanonical.set(canonical, [...(byCanonical.get(canonical) ?? []), name]);
      const rule = rules.get(canonical);
      const asText = typeof value === 'number' || typeof value === 'boolean' ? String(value) : value;
      const ruleProblem = rule && typeof asText === 'string' ? rule.userProblem(spec, name, asText) : undefined;
      if (ruleProblem) {problems.push(ruleProblem);} else if (typeof value !== 'string') {
        const hint = typeof asText === 'string' ? `; use '${asText}'` : '';
        problems.push(`Parameter ${describeValue(name)} must be a string (parameter group values are strings), got ${describeValue(value)}${hint}`);
      }
    }
    for (const names of byCanonical.values()) {
      if (names.length > 1) {
        problems.push(`Parameters ${quoteList(names)} name the same ${spec.engine} parameter (names are case-insensitive); keep one`);
      }
    }
    return problems;
  }

  /**
   * The gaps in the TLS enforcement of a cluster's parameters, for clusters not built by aurora-tls (an audit).
   *
   * Aurora PostgreSQL: `rds.force_ssl` missing or off, `ssl` off, `ssl_min_protocol_version` missing or below
   * TLSv1.2, `ssl_max_protocol_version` below TLSv1.2. Aurora MySQL: `require_secure_transport` missing or off,
   * `tls_version` missing, empty or allowing TLSv1/TLSv1.1. Names match case-insensitively; values are read
   * literally (resolve or skip deploy-time tokens before calling).
   *
   * @returns the findings, in rule order; empty when TLS is enforced
   */
  public static audit(engine: AuroraEngine, parameters: { [name: string]: string }): TlsParameterFinding[] {
    if (!isEngine(engine)) throw new Error(engineProblem(engine));
    checkMap('Audited parameters', parameters);
    const findings: TlsParameterFinding[] = [];
    for (const rule of rulesOf(engine).values()) {
      const matches = Object.keys(parameters).filter((name) => name.toLowerCase() === rule.name);
      if (matches.length === 0) {
        const message = rule.auditProblem(undefined);
        if (message) findings.push({ parameter: rule.name, message });
      }
      for (const name of matches) {
        const raw: unknown = parameters[name];
        const value = typeof raw === 'string' ? raw : String(raw);
        const message = rule.auditProblem(value);
        if (message) findings.push({ parameter: name, value, message });
      }
    }
    return findings;
  }

  /**
   * The engine of an Aurora DB cluster parameter group family, e.g. `AURORA_MYSQL` for `'aurora-mysql8.0'`.
   *
   * @returns undefined for a family that is not Aurora MySQL or Aurora PostgreSQL (e.g. `'postgres16'`,
   *   `'mysql8.0'`); `'aurora5.6'` (Aurora MySQL version 1) counts as Aurora MySQL
   */
  public static engineOfFamily(family: string): AuroraEngine | undefined {
    if (typeof family !== 'string') {
      throw new Error(`Parameter group family must be a string such as 'aurora-postgresql16', got ${describeValue(family)}`);
    }
    if (/^aurora-postgresql\d+(\.\d+)?$/.test(family)) return AuroraEngine.AURORA_POSTGRESQL;
    if (/^aurora(-mysql)?\d+\.\d+$/.test(family)) return AuroraEngine.AURORA_MYSQL;
    return undefined;
  }

  private constructor() {}
}
