// ConnectionSettings against real clients and servers on loopback, with a throw-away CA (test/support/test-ca.ts):
// - the MariaDB client (Debian `mariadb-client`, what Debian and Ubuntu install as `mysql`) against a MariaDB 10.11
//   server (`mariadb-server`) that requires TLS: mariadbCliArgs() connects with the host name verified, and fails on a
//   host name the certificate does not hold or a CA that did not sign it; mysqlCliArgs() (Oracle MySQL) is refused;
// - node's tls.connect, which node-postgres hands its `ssl` option to, with nodePostgresOptions().
// .ci/run installs both Debian packages; without them this suite fails (it never skips).
import { ChildProcess, execFile, execFileSync, spawn } from 'child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'fs';
import { createServer, Server } from 'net';
import { join } from 'path';
import { connect, createServer as createTlsServer, TLSSocket } from 'tls';
import { AuroraEngine, ConnectionSettings, SslMode, TrustStore } from '../../lib/core';
import { makeTestCa, TestCa } from '../support/test-ca';

/** Where a Debian package puts a program, or undefined. */
function program(name: string): string | undefined {
  return ['/usr/bin', '/usr/sbin', '/usr/local/bin', '/usr/local/sbin'].map((d) => join(d, name)).find((p) => existsSync(p));
}

const MISSING = ['mariadb', 'mariadbd', 'mariadb-install-db'].filter((p) => program(p) === undefined);
const ROOT_USER = process.getuid?.() === 0 ? ['--user=root'] : [];

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server: Server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const port = (server.address() as { port: number }).port;
      server.close(() => resolve(port));
    });
  });
}

interface ClientResult {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

/** Run the MariaDB client with `args` (from ConnectionSettings), over TCP, with a query. */
function mariadb(args: string[], query = "SHOW STATUS LIKE 'Ssl_version'"): Promise<ClientResult> {
  // --no-defaults: no option file of this machine; --protocol=TCP: `localhost` would otherwise mean the Unix socket.
  return new Promise((resolve) => {
    execFile(program('mariadb')!, ['--no-defaults', ...args, '--protocol=TCP', '--batch', '--skip-column-names', '-e', query],
      { encoding: 'utf8' }, (error, stdout, stderr) => resolve({ code: error ? Number(error.code ?? 1) : 0, stdout, stderr }));
  });
}

function settings(host: string, port: number, bundlePath: string, sslMode = SslMode.VERIFY_FULL): ConnectionSettings {
  return new ConnectionSettings({ engine: AuroraEngine.AURORA_MYSQL, host, port, user: 'root', region: 'us-east-1', bundlePath, sslMode });
}

let ca: TestCa;
let server: ChildProcess | undefined;
let port: number;
let serverLog = '';

beforeAll(async () => {
  if (MISSING.length > 0) {
    throw new Error(`The MariaDB client and server are needed (missing: ${MISSING.join(', ')}); ` +
      'install them with: apt-get install mariadb-server mariadb-client (.ci/run does)');
  }
  // GIVEN a CA and a server certificate that names `localhost` only
  ca = makeTestCa(['localhost']);
  const data = join(ca.dir, 'data');
  mkdirSync(data);
  execFileSync(program('mariadb-install-db')!, ['--no-defaults', `--datadir=${data}`, ...ROOT_USER,
    '--auth-root-authentication-method=normal', '--skip-test-db'], { stdio: ['ignore', 'pipe', 'pipe'] });
  port = await freePort();
  // AND a MariaDB server on loopback that refuses connections without TLS (as Aurora with require_secure_transport)
  server = spawn(program('mariadbd')!, ['--no-defaults', `--datadir=${data}`, ...ROOT_USER, `--socket=${join(ca.dir, 'sock')}`,
    `--pid-file=${join(ca.dir, 'pid')}`, `--port=${port}`, '--bind-address=127.0.0.1', '--skip-name-resolve',
    `--ssl-ca=${ca.caPath}`, `--ssl-cert=${ca.certPath}`, `--ssl-key=${ca.keyPath}`, '--require-secure-transport=ON'],
  { stdio: ['ignore', 'pipe', 'pipe'] });
  server.stderr!.on('data', (chunk) => (serverLog += chunk));
  server.stdout!.on('data', (chunk) => (serverLog += chunk));
  // Ready once a TLS client gets in; a generous bound only for a server that never comes up.
  for (let attempt = 0; ; attempt++) {
    const probe = await mariadb(['--host=127.0.0.1', `--port=${port}`, '--user=root', '--ssl'], 'SELECT 1');
    if (probe.code === 0) break;
    if (attempt >= 300 || server.exitCode !== null) {
      throw new Error(`MariaDB did not start: ${probe.stderr}\n${serverLog}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}, 120_000);

afterAll(async () => {
  if (server && server.exitCode === null) {
    const exited = new Promise((resolve) => server!.once('exit', resolve));
    server.kill('SIGTERM');
    await exited;
  }
  ca?.dispose();
}, 60_000);

describe('the MariaDB client with mariadbCliArgs()', () => {
  test('verify-full connects with TLS when the certificate names the host and chains to the bundle', async () => {
    // WHEN
    const result = await mariadb(settings('localhost', port, ca.caPath).mariadbCliArgs());
    // THEN
    expect(result).toEqual({ code: 0, stdout: expect.stringMatching(/^Ssl_version\tTLSv1\.[23]\n$/), stderr: '' });
  });

  test('verify-full fails on a host name the certificate does not hold (127.0.0.1 reaches the same server)', async () => {
    const result = await mariadb(settings('127.0.0.1', port, ca.caPath).mariadbCliArgs());
    expect(result.code).not.toBe(0);
    expect(result.stderr).toBe('ERROR 2026 (HY000): TLS/SSL error: Validation of SSL server certificate failed\n');
  });

  test('verify-full fails when the bundle does not hold the CA that signed the server certificate', async () => {
    // GIVEN the RDS us-east-1 bundle instead of the test CA
    const rds = join(ca.dir, 'us-east-1-bundle.pem');
    writeFileSync(rds, TrustStore.bundled().bundlePem('us-east-1'));
    // WHEN
    const result = await mariadb(settings('localhost', port, rds).mariadbCliArgs());
    // THEN
    expect(result.code).not.toBe(0);
    expect(result.stderr).toBe('ERROR 2026 (HY000): TLS/SSL error: self-signed certificate in certificate chain\n');
  });

  test('require connects with TLS without verifying (a CA the client does not know)', async () => {
    const args = settings('127.0.0.1', port, ca.caPath, SslMode.REQUIRE).mariadbCliArgs();
    expect(args).toContain('--ssl');
    expect((await mariadb(args)).stdout).toMatch(/^Ssl_version\tTLSv1\.[23]\n$/);
  });

  test('the Oracle MySQL arguments (mysqlCliArgs) are refused by the MariaDB client: which is which matters', async () => {
    const result = await mariadb(settings('localhost', port, ca.caPath).mysqlCliArgs());
    expect(result.code).not.toBe(0);
    expect(result.stderr).toContain("unknown variable 'ssl-mode=VERIFY_IDENTITY'");
  });
});

describe("node's tls.connect with nodePostgresOptions().ssl (what node-postgres passes it)", () => {
  let tlsServer: ReturnType<typeof createTlsServer>;
  let tlsPort: number;
  beforeAll(async () => {
    tlsServer = createTlsServer({ cert: readFileSync(ca.certPath), key: readFileSync(ca.keyPath) }, (socket) => socket.end());
    await new Promise<void>((resolve) => tlsServer.listen(0, '127.0.0.1', resolve));
    tlsPort = (tlsServer.address() as { port: number }).port;
  });
  afterAll(() => new Promise<void>((resolve) => tlsServer.close(() => resolve())));

  function handshake(host: string, bundlePem: string): Promise<string> {
    const options = new ConnectionSettings({ engine: AuroraEngine.AURORA_POSTGRESQL, host, region: 'us-east-1', bundlePath: '/unused.pem' })
      .nodePostgresOptions(bundlePem);
    return new Promise((resolve) => {
      // node-postgres does tls.connect({ socket, ...ssl, servername }): connect to loopback, with the options as given.
      const socket: TLSSocket = connect({ host: '127.0.0.1', port: tlsPort, ...options.ssl }, () => {
        resolve('verified');
        socket.destroy();
      });
      socket.on('error', (e: NodeJS.ErrnoException) => resolve(e.code ?? e.message));
    });
  }

  test('the certificate chains to the bundle and names the host: verified', async () => {
    expect(await handshake('localhost', ca.caPem)).toBe('verified');
  });

  test('a host name the certificate does not hold: refused', async () => {
    expect(await handshake('db.example.com', ca.caPem)).toBe('ERR_TLS_CERT_ALTNAME_INVALID');
  });

  test('a bundle without the CA that signed it: refused', async () => {
    expect(await handshake('localhost', TrustStore.bundled().bundlePem('us-east-1'))).toBe('UNABLE_TO_VERIFY_LEAF_SIGNATURE');
  });
});
