// The aurora-tls command line. Not part of the jsii API: nothing here is exported from lib/index.ts.
//
// Hand-rolled argument parsing (no CLI framework: the package stays small). Every command takes --help and --json.
// Bad input never prints a stack trace: one line on stderr that names the problem and the fix, exit code 2.

import { readFileSync } from 'fs';
import { join } from 'path';
import {
  AuroraEngine,
  CertificateAuthority,
  ConnectionSettings,
  RegionCatalog,
  RdsCertificate,
  RegionInfo,
  SslMode,
  TrustStore,
} from '../core';
import { AUDIT_COMMAND, audit } from './audit-command';
import { describeValue } from '../core/private/util';

/** Where the CLI writes. Each call is one chunk of text, usually ending in a newline. */
export interface CliIo {
  /** Write to standard output. */
  out(text: string): void;
  /** Write to standard error. */
  err(text: string): void;
}

/** A `CliIo` that keeps everything written, for tests and embedding. */
export class BufferedIo implements CliIo {
  /** Everything written to standard output. */
  public stdout = '';
  /** Everything written to standard error. */
  public stderr = '';

  public out(text: string): void {
    this.stdout += text;
  }

  public err(text: string): void {
    this.stderr += text;
  }
}

/** Exit codes. */
export enum ExitCode {
  /** Success (for `check`: the CA is available). */
  OK = 0,
  /** The answer is no (for `check`: the CA is not available), or the command could not do its job. */
  NO = 1,
  /** Bad input: unknown command, option, region, CA, or an invalid value. */
  USAGE = 2,
}

/** Bad command-line input: reported as one line, exit code 2. */
class UsageError extends Error {}

export interface OptionSpec {
  readonly name: string;
  readonly value?: string;
  readonly required?: boolean;
  readonly help: string;
}

export interface CommandSpec {
  readonly name: string;
  readonly summary: string;
  readonly usage: string;
  readonly positionals: string[];
  /** Whether the last positional may be repeated (`audit FILE...`). */
  readonly variadic?: boolean;
  readonly options: OptionSpec[];
  readonly details: string[];
}

const JSON_OPTION: OptionSpec = { name: 'json', help: 'Print the result as JSON' };
const HELP_OPTION: OptionSpec = { name: 'help', help: 'Show this help' };

const ENGINES = Object.values(AuroraEngine) as string[];

const COMMANDS: CommandSpec[] = [
  {
    name: 'regions',
    summary: 'List every region with the certificate authorities offered there, and notes',
    usage: 'aurora-tls regions [--json]',
    positionals: [],
    options: [JSON_OPTION, HELP_OPTION],
    details: ['A CA marked "-" is documented as not offered in the region; notes explain where sources disagree.'],
  },
  {
    name: 'check',
    summary: 'Exit 0 if the certificate authority is offered in the region, 1 if not, 2 on bad input',
    usage: 'aurora-tls check <region> <ca> [--json]',
    positionals: ['region', 'ca'],
    options: [JSON_OPTION, HELP_OPTION],
    details: [
      `<ca> is one of ${CertificateAuthority.all().map((ca) => ca.identifier).join(', ')}.`,
      'Example: aurora-tls check ap-south-1 rds-ca-ecc384-g1 || echo "choose another CA"',
    ],
  },
  {
    name: 'bundle',
    summary: "Print the region's trust bundle (PEM) from the snapshot vendored in this package",
    usage: 'aurora-tls bundle <region> [--json]',
    positionals: ['region'],
    options: [JSON_OPTION, HELP_OPTION],
    details: [
      'Example: aurora-tls bundle us-east-1 > /etc/aurora-tls/us-east-1-bundle.pem',
      'China regions have no vendored roots: the command fails (exit 1) and names the download URL.',
    ],
  },
  {
    name: 'connect',
    summary: 'Print client connection settings with verified TLS (libpq, URI, JDBC, node-postgres, mysql2, CLI)',
    usage:
      'aurora-tls connect --engine <engine> --host <host> --region <region> --bundle-path <path> ' +
      '[--port <port>] [--database <name>] [--user <name>] [--sslmode <mode>] [--java-truststore-path <path>] [--json]',
    positionals: [],
    options: [
      { name: 'engine', value: 'engine', required: true, help: `${ENGINES.join(' or ')}` },
      { name: 'host', value: 'host', required: true, help: 'Endpoint host name, e.g. my-cluster.cluster-abc123xyz.us-east-1.rds.amazonaws.com' },
      { name: 'region', value: 'region', required: true, help: 'AWS region of the cluster, e.g. us-east-1' },
      { name: 'bundle-path', value: 'path', required: true, help: 'Path of the PEM bundle on the client machine' },
      { name: 'port', value: 'port', help: 'TCP port (default: 5432 for aurora-postgresql, 3306 for aurora-mysql)' },
      { name: 'database', value: 'name', help: 'Database name (default: the client default)' },
      { name: 'user', value: 'name', help: 'User name (default: the client default); never pass a password here' },
      {
        name: 'sslmode',
        value: 'mode',
        help: `${SslMode.all().map((m) => m.value).join(', ')} (default: verify-full; weaker modes print what they lose)`,
      },
      {
        name: 'java-truststore-path',
        value: 'path',
        help: 'aurora-mysql: PKCS12 truststore for Connector/J (default: the bundle path with .p12)',
      },
      JSON_OPTION,
      HELP_OPTION,
    ],
    details: ['Warnings go to stderr (text) or the "warnings" field (--json).'],
  },
  AUDIT_COMMAND,
];

/** Flags that take a value, whatever the command (so that parsing does not depend on the command). */
const VALUE_FLAGS = new Set(COMMANDS.flatMap((c) => c.options.filter((o) => o.value !== undefined).map((o) => o.name)));
/** Every flag some command (or the program itself) knows; others are reported by name, with or without a value. */
const KNOWN_FLAGS = new Set([...COMMANDS.flatMap((c) => c.options.map((o) => o.name)), 'version']);

interface ParsedArgs {
  readonly positionals: string[];
  readonly flags: Map<string, string | true>;
}

/**
 * The aurora-tls command line, as a function of its arguments: `Cli.run(process.argv.slice(2), io)` returns the exit
 * code. See `aurora-tls --help`.
 */
export class Cli {
  /**
   * Run one command.
   * @param argv the arguments after the program name
   * @param io where to write
   * @returns the exit code (see `ExitCode`)
   */
  public static run(argv: string[], io: CliIo): number {
    let command: CommandSpec | undefined;
    try {
      if (!Array.isArray(argv) || argv.some((arg) => typeof arg !== 'string')) {
        const bad = Array.isArray(argv) ? argv.find((arg) => typeof arg !== 'string') : argv;
        throw new UsageError(`the arguments must be strings, got ${describeValue(bad)}; pass process.argv.slice(2)`);
      }
      const args = parse(argv);
      const name = args.positionals[0];
      const unknownFlag = [...args.flags.keys()].find((flag) => !KNOWN_FLAGS.has(flag));
      if (name === undefined && unknownFlag !== undefined) {
        throw new UsageError(`unknown option --${clip(unknownFlag)}; see aurora-tls --help`);
      }
      if (name === undefined || name === 'help') {
        if (name === 'help' && args.positionals[1] !== undefined) {
          io.out(commandHelp(findCommand(args.positionals[1])));
          return ExitCode.OK;
        }
        if (args.flags.has('version')) return version(io, args.flags.has('json'));
        if (args.flags.has('help') || name === 'help') {
          io.out(mainHelp());
          return ExitCode.OK;
        }
        io.err(mainHelp());
        return ExitCode.USAGE;
      }
      command = findCommand(name);
      if (args.flags.has('help')) {
        io.out(commandHelp(command));
        return ExitCode.OK;
      }
      checkArgs(command, args);
      const json = args.flags.has('json');
      const positionals = args.positionals.slice(1);
      switch (command.name) {
        case 'regions':
          return regions(io, json);
        case 'check':
          return check(io, json, positionals[0], positionals[1]);
        case 'bundle':
          return bundle(io, json, positionals[0]);
        case 'audit':
          return audit(io, positionals, args.flags);
        default:
          return connect(io, json, args.flags);
      }
    } catch (e) {
      const prefix = command ? `aurora-tls ${command.name}` : 'aurora-tls';
      // aurora-tls reports bad input as a plain Error (or UsageError); anything else (TypeError, ...) is a bug.
      const badInput = e instanceof Error && (e.constructor === Error || e instanceof UsageError);
      const message = e instanceof Error ? e.message : String(e);
      const text = badInput ? message : `internal error: ${message} (please report it)`;
      io.err(`${prefix}: ${text.replace(/\s*\n\s*/g, ' ')}\n`);
      return badInput ? ExitCode.USAGE : ExitCode.NO;
    }
  }
}

function parse(argv: string[]): ParsedArgs {
  const positionals: string[] = [];
  const flags = new Map<string, string | true>();
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '--') {
      positionals.push(...argv.slice(i + 1));
      break;
    }
    if (arg === '-h') {
      flags.set('help', true);
      continue;
    }
    if (!arg.startsWith('--') || arg === '-') {
      if (arg.startsWith('-') && arg !== '-') {
        throw new UsageError(`unknown option ${describeValue(arg)}; options are spelled with two dashes, e.g. --json (see --help)`);
      }
      positionals.push(arg);
      continue;
    }
    const eq = arg.indexOf('=');
    const name = arg.slice(2, eq === -1 ? undefined : eq);
    if (flags.has(name)) {
      throw new UsageError(`--${clip(name)} is given twice; give it once`);
    }
    if (VALUE_FLAGS.has(name)) {
      let value: string | undefined;
      if (eq !== -1) {
        value = arg.slice(eq + 1);
      } else if (i + 1 < argv.length && !argv[i + 1].startsWith('--')) {
        value = argv[++i];
      }
      if (value === undefined || value === '') {
        throw new UsageError(`--${name} needs a value, e.g. --${name} ${exampleValue(name)}`);
      }
      flags.set(name, value);
    } else if (!KNOWN_FLAGS.has(name)) {
      // Reported once the command is known, with the options it takes.
      flags.set(name, eq === -1 ? true : arg.slice(eq + 1));
    } else {
      if (eq !== -1) {
        throw new UsageError(`--${name} takes no value; use --${name} alone`);
      }
      flags.set(name, true);
    }
  }
  return { positionals, flags };
}

/** A flag name as typed, shortened if it is long (a message must not echo megabytes). */
function clip(text: string): string {
  return text.length > 64 ? `${text.slice(0, 64)}... (${text.length} characters)` : text;
}

function exampleValue(flag: string): string {
  const examples: Record<string, string> = {
    'engine': 'aurora-postgresql',
    'host': 'my-cluster.cluster-abc123xyz.us-east-1.rds.amazonaws.com',
    'region': 'us-east-1',
    'bundle-path': '/etc/aurora-tls/us-east-1-bundle.pem',
    'port': '5432',
    'database': 'app',
    'user': 'app',
    'sslmode': 'verify-full',
    'java-truststore-path': '/etc/aurora-tls/us-east-1-bundle.p12',
  };
  return examples[flag] ?? '<value>';
}

function findCommand(name: string): CommandSpec {
  const found = COMMANDS.find((c) => c.name === name);
  if (!found) {
    throw new UsageError(`unknown command ${describeValue(name)}; commands are ${COMMANDS.map((c) => c.name).join(', ')} (see aurora-tls --help)`);
  }
  return found;
}

function checkArgs(command: CommandSpec, args: ParsedArgs): void {
  for (const flag of args.flags.keys()) {
    if (!command.options.some((o) => o.name === flag)) {
      const valid = command.options.map((o) => `--${o.name}`).join(', ');
      throw new UsageError(`unknown option --${clip(flag)}; '${command.name}' takes ${valid}`);
    }
  }
  const given = args.positionals.slice(1);
  if (given.length < command.positionals.length) {
    const missing = command.positionals.slice(given.length).map((p) => `<${p}>`).join(' ');
    throw new UsageError(`missing ${missing}; usage: ${command.usage}`);
  }
  if (given.length > command.positionals.length && !command.variadic) {
    throw new UsageError(`unexpected argument ${describeValue(given[command.positionals.length])}; usage: ${command.usage}`);
  }
  for (const option of command.options.filter((o) => o.required)) {
    if (!args.flags.has(option.name)) {
      throw new UsageError(`missing --${option.name}, e.g. --${option.name} ${exampleValue(option.name)}; usage: ${command.usage}`);
    }
  }
}

function mainHelp(): string {
  const width = Math.max(...COMMANDS.map((c) => c.name.length));
  return [
    'aurora-tls: Amazon Aurora TLS facts and client settings, offline',
    '',
    'Usage: aurora-tls <command> [options]',
    '',
    'Commands:',
    ...COMMANDS.map((c) => `  ${c.name.padEnd(width)}  ${c.summary}`),
    '',
    'Options:',
    '  --help     Show help (also: aurora-tls <command> --help)',
    '  --version  Print the aurora-tls version',
    '  --json     Print the result as JSON (every command)',
    '',
    'Exit codes: 0 success, 1 "no" (check), error-level findings (audit) or failure, 2 bad input.',
    '',
  ].join('\n');
}

function commandHelp(command: CommandSpec): string {
  const labels = command.options.map((o) => (o.value ? `--${o.name} <${o.value}>` : `--${o.name}`));
  const width = Math.max(...labels.map((l) => l.length));
  return [
    `aurora-tls ${command.name}: ${command.summary}`,
    '',
    `Usage: ${command.usage}`,
    '',
    'Options:',
    ...command.options.map((o, i) => `  ${labels[i].padEnd(width)}  ${o.required ? '(required) ' : ''}${o.help}`),
    '',
    ...command.details,
    '',
  ].join('\n');
}

function version(io: CliIo, json: boolean): number {
  const pkg = JSON.parse(readFileSync(join(__dirname, '..', '..', 'package.json'), 'utf8')) as { version: string };
  io.out(json ? `${JSON.stringify({ version: pkg.version })}\n` : `${pkg.version}\n`);
  return ExitCode.OK;
}

function regionJson(info: RegionInfo): object {
  return {
    region: info.region,
    name: info.name,
    partition: info.partition,
    availableAuthorities: info.availableAuthorities.map((ca) => ca.identifier),
    unavailableAuthorities: info.unavailableAuthorities.map((ca) => ca.identifier),
    bundleUrl: RegionCatalog.bundleUrl(info.region),
    sources: info.sources,
    notes: info.notes,
  };
}

function regions(io: CliIo, json: boolean): number {
  const infos = RegionCatalog.regions().map((r) => RegionCatalog.describe(r));
  if (json) {
    io.out(`${JSON.stringify(infos.map(regionJson), undefined, 2)}\n`);
    return ExitCode.OK;
  }
  const cas = CertificateAuthority.all();
  const header = ['REGION', 'NAME', 'PARTITION', ...cas.map((ca) => ca.identifier), 'NOTES'];
  const rows = infos.map((info) => [
    info.region,
    info.name,
    info.partition,
    ...cas.map((ca) => (info.availableAuthorities.some((a) => a.sameAs(ca)) ? 'yes' : '-')),
    info.notes.length > 0 ? String(info.notes.length) : '',
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const line = (cells: string[]): string => cells.map((c, i) => c.padEnd(widths[i])).join('  ').trimEnd();
  const noted = infos.filter((info) => info.notes.length > 0);
  io.out([
    line(header),
    ...rows.map(line),
    '',
    'Notes:',
    ...noted.flatMap((info) => info.notes.map((note) => `  ${info.region}: ${note}`)),
    '',
  ].join('\n'));
  return ExitCode.OK;
}

function check(io: CliIo, json: boolean, region: string, caId: string): number {
  RegionCatalog.validateRegion(region);
  const ca = CertificateAuthority.of(caId);
  const info = RegionCatalog.describe(region);
  const available = RegionCatalog.isAvailable(region, ca);
  if (json) {
    io.out(`${JSON.stringify({
      region,
      certificateAuthority: ca.identifier,
      available,
      availableAuthorities: info.availableAuthorities.map((a) => a.identifier),
      notes: info.notes,
    }, undefined, 2)}\n`);
  } else {
    const where = `${region} (${info.name})`;
    const lines = available
      ? [`${ca.identifier} is available in ${where}`]
      : [`${ca.identifier} is not available in ${where}; choose ${info.availableAuthorities.map((a) => a.identifier).join(' or ')}`];
    io.out([...lines, ...info.notes.map((n) => `note: ${n}`), ''].join('\n'));
  }
  return available ? ExitCode.OK : ExitCode.NO;
}

function bundle(io: CliIo, json: boolean, region: string): number {
  RegionCatalog.validateRegion(region);
  let pem: string;
  let roots: RdsCertificate[];
  try {
    const store = TrustStore.bundled();
    roots = store.rootsFor(region);
    pem = store.bundlePem(region);
  } catch (e) {
    io.err(`aurora-tls bundle: ${(e as Error).message}\n`);
    return ExitCode.NO;
  }
  if (json) {
    io.out(`${JSON.stringify({
      region,
      bundleUrl: RegionCatalog.bundleUrl(region),
      certificates: roots.map((c) => ({
        commonName: c.commonName,
        certificateAuthority: c.certificateAuthority?.identifier,
        sha256: c.sha256,
        notAfter: c.notAfter.toISOString(),
      })),
      pem,
    }, undefined, 2)}\n`);
  } else {
    io.out(pem.endsWith('\n') ? pem : `${pem}\n`);
  }
  return ExitCode.OK;
}

function connect(io: CliIo, json: boolean, flags: Map<string, string | true>): number {
  const get = (name: string): string | undefined => {
    const v = flags.get(name);
    return typeof v === 'string' ? v : undefined;
  };
  const engine = get('engine') as string;
  if (!ENGINES.includes(engine)) {
    throw new UsageError(`--engine ${describeValue(engine)} is not supported; use ${ENGINES.join(' or ')}`);
  }
  const portText = get('port');
  if (portText !== undefined && !/^\d+$/.test(portText)) {
    throw new UsageError(`--port ${describeValue(portText)} is not a port number; use 1 to 65535, e.g. --port ${engine === AuroraEngine.AURORA_MYSQL ? 3306 : 5432}`);
  }
  const sslmode = get('sslmode');
  const settings = new ConnectionSettings({
    engine: engine as AuroraEngine,
    host: get('host') as string,
    region: get('region') as string,
    bundlePath: get('bundle-path') as string,
    port: portText === undefined ? undefined : Number(portText),
    database: get('database'),
    user: get('user'),
    sslMode: sslmode === undefined ? undefined : SslMode.of(sslmode),
    javaTrustStorePath: get('java-truststore-path'),
  });
  const postgres = settings.engine === AuroraEngine.AURORA_POSTGRESQL;
  // node-postgres and mysql2 take the CA certificates themselves: read them from --bundle-path when the mode verifies.
  const bundleFile = settings.sslMode.verifiesCertificate ? readBundle(settings.bundlePath, settings.region) : { pem: undefined };
  const attempt = (render: () => unknown): { value?: unknown; problem?: string } => {
    try {
      return { value: render() };
    } catch (e) {
      return { problem: (e as Error).message };
    }
  };
  const nodeOptions = (render: (pem: string | undefined) => unknown): { value?: unknown; problem?: string } =>
    (bundleFile.problem !== undefined ? { problem: bundleFile.problem } : attempt(() => render(bundleFile.pem)));
  const nodePostgres = postgres ? nodeOptions((pem) => settings.nodePostgresOptions(pem)) : {};
  const mysql2 = postgres ? {} : nodeOptions((pem) => settings.mysql2Options(pem));
  const mariadb = postgres ? {} : attempt(() => settings.mariadbCliArgs());
  if (json) {
    const common = {
      engine: settings.engine,
      host: settings.host,
      port: settings.port,
      database: settings.database,
      user: settings.user,
      region: settings.region,
      bundlePath: settings.bundlePath,
      sslmode: settings.sslMode.value,
      warnings: settings.warnings,
      notes: [...settings.notes, ...[nodePostgres, mysql2, mariadb].flatMap((o) => (o.problem === undefined ? [] : [o.problem]))],
    };
    const specific = postgres
      ? {
        libpq: settings.libpqConnectionString(),
        uri: settings.postgresUri(),
        jdbcUrl: settings.jdbcUrl(),
        psqlArgs: settings.psqlArgs(),
        nodePostgres: nodePostgres.value,
      }
      : {
        mysqlSslMode: settings.mysqlSslMode(),
        jdbcUrl: settings.jdbcUrl(),
        javaTrustStorePath: settings.javaTrustStorePath,
        javaTrustStoreCommands: settings.sslMode.verifiesCertificate ? settings.javaTrustStoreCommands() : [],
        mysqlCliArgs: settings.mysqlCliArgs(),
        mariadbCliArgs: mariadb.value,
        mysql2: mysql2.value,
      };
    io.out(`${JSON.stringify({ ...common, ...specific }, undefined, 2)}\n`);
  } else {
    const shown = (o: { value?: unknown; problem?: string }, format: (value: any) => string): string =>
      (o.problem === undefined ? format(o.value) : `(not available: ${o.problem})`);
    const lines = postgres
      ? [
        `libpq:          ${settings.libpqConnectionString()}`,
        `URI:            ${settings.postgresUri()}`,
        `JDBC (PgJDBC):  ${settings.jdbcUrl()}`,
        `psql:           psql ${settings.psqlArgs().map(shellQuote).join(' ')}`,
        `node-postgres:  ${shown(nodePostgres, (v) => JSON.stringify(v))}`,
      ]
      : [
        `JDBC (Connector/J):  ${settings.jdbcUrl()}`,
        `mysql (Oracle):      mysql ${settings.mysqlCliArgs().map(shellQuote).join(' ')}`,
        `mysql (MariaDB):     ${shown(mariadb, (v: string[]) => `mariadb ${v.map(shellQuote).join(' ')}`)}`,
        `mysql2:              ${shown(mysql2, (v) => JSON.stringify(v))}`,
      ];
    if (!postgres) {
      lines.push('                     (`mysql --version` says which client you have; the MariaDB client refuses --ssl-mode)');
    }
    for (const note of settings.notes) lines.push('', `note: ${note}`);
    if (!postgres && settings.sslMode.verifiesCertificate) {
      lines.push('', 'Create the Java truststore once (POSIX shell, with TRUSTSTORE_PASSWORD set):', ...settings.javaTrustStoreCommands());
    }
    io.out(`${lines.join('\n')}\n`);
    for (const warning of settings.warnings) io.err(`warning: ${warning}\n`);
  }
  return ExitCode.OK;
}

/** The PEM bundle at `path` for the node drivers, or why it cannot be read here. */
function readBundle(path: string, region: string): { pem?: string; problem?: string } {
  try {
    return { pem: readFileSync(path, 'utf8') };
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code ?? (e as Error).message;
    return {
      problem: `the node drivers take the bundle's contents, and ${path} cannot be read here (${code}); ` +
        `create it with \`aurora-tls bundle ${region} > ${path}\` and run this again`,
    };
  }
}

/** Quote one word for a POSIX shell. */
function shellQuote(word: string): string {
  return /^[A-Za-z0-9_./:=@%+,-]+$/.test(word) ? word : `'${word.replace(/'/g, "'\\''")}'`;
}
