// A throw-away certificate authority and a server certificate signed by it, made with the openssl command line in a
// temporary folder, for tests that run real TLS servers and clients on loopback.
import { execFileSync } from 'child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';

export interface TestCa {
  readonly dir: string;
  /** The CA certificate (PEM file): what a client trusts. */
  readonly caPath: string;
  readonly caPem: string;
  /** The server certificate (PEM file), for exactly the names given. */
  readonly certPath: string;
  readonly keyPath: string;
  /** Remove the folder. */
  dispose(): void;
}

/** A CA and a server certificate whose subjectAltName holds `dnsNames` only (no IP address). */
export function makeTestCa(dnsNames: string[]): TestCa {
  const dir = mkdtempSync(join(tmpdir(), 'aurora-tls-ca-'));
  const openssl = (...args: string[]) => execFileSync('openssl', args, { cwd: dir, stdio: ['ignore', 'pipe', 'pipe'] });
  openssl('req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', 'ca.key', '-out', 'ca.pem', '-days', '2',
    '-subj', '/CN=aurora-tls test CA', '-addext', 'basicConstraints=critical,CA:TRUE', '-addext', 'keyUsage=critical,keyCertSign');
  openssl('req', '-newkey', 'rsa:2048', '-nodes', '-keyout', 'server.key', '-out', 'server.csr', '-subj', `/CN=${dnsNames[0]}`);
  writeFileSync(join(dir, 'server.ext'),
    `subjectAltName=${dnsNames.map((n) => `DNS:${n}`).join(',')}\nbasicConstraints=CA:FALSE\nextendedKeyUsage=serverAuth\n`);
  openssl('x509', '-req', '-in', 'server.csr', '-CA', 'ca.pem', '-CAkey', 'ca.key', '-CAcreateserial', '-out', 'server.pem',
    '-days', '2', '-extfile', 'server.ext');
  const caPath = join(dir, 'ca.pem');
  return {
    dir,
    caPath,
    caPem: readFileSync(caPath, 'utf8'),
    certPath: join(dir, 'server.pem'),
    keyPath: join(dir, 'server.key'),
    dispose: () => rmSync(dir, { recursive: true, force: true }),
  };
}
