// Shared setup for the ca-check handler tests: the vendored trust store read independently of lib/core, a fake
// clock, events, and deps pointing the real AWS SDK clients at the local fake.

import { createHash, X509Certificate } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { FakeAws, FakeCertificate } from './fake-aws';
import { TrustStore } from '../../lib/core';
import { HandlerDeps, handleEvent } from '../../lib/handler/ca-check.lambda';

export const DATA_DIR = join(__dirname, '..', '..', 'data', 'rds-truststore');
export const GLOBAL_PEM = readFileSync(join(DATA_DIR, 'global-bundle.pem'), 'utf8');
export const GOVCLOUD_PEM = readFileSync(join(DATA_DIR, 'govcloud-bundle.pem'), 'utf8');

export interface VendoredRoot {
  readonly region: string;
  readonly identifier: string;
  readonly thumbprint: string;
  readonly notBefore: Date;
  readonly notAfter: Date;
  readonly pem: string;
}

/** Production G1 roots of the vendored bundles, parsed with node:crypto only (not through lib/core). */
export const VENDORED_ROOTS: VendoredRoot[] = [GLOBAL_PEM, GOVCLOUD_PEM]
  .flatMap((bundle) => bundle.match(/-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/g) ?? [])
  .flatMap((pem) => {
    const cert = new X509Certificate(pem);
    const cn = cert.subject.split('\n').find((l) => l.startsWith('CN='))?.slice(3) ?? '';
    const m = /^Amazon RDS ([a-z0-9-]+) Root CA (RSA2048|RSA4096|ECC384) G1$/.exec(cn);
    if (!m) return [];
    return [{
      region: m[1],
      identifier: `rds-ca-${m[2].toLowerCase()}-g1`,
      thumbprint: createHash('sha1').update(cert.raw).digest('hex'),
      notBefore: new Date(cert.validFrom),
      notAfter: new Date(cert.validTo),
      pem,
    }];
  });

export function vendoredRoot(region: string, identifier: string): VendoredRoot {
  const root = VENDORED_ROOTS.find((r) => r.region === region && r.identifier === identifier);
  if (!root) throw new Error(`test setup: no vendored ${identifier} root for ${region}`);
  return root;
}

/** What DescribeCertificates returns in a region: the vendored G1 roots, rsa2048 first. */
export function rdsCertificates(region: string, identifiers = ['rds-ca-rsa2048-g1', 'rds-ca-rsa4096-g1', 'rds-ca-ecc384-g1']): FakeCertificate[] {
  return identifiers.map((id) => {
    const root = vendoredRoot(region, id);
    return { identifier: id, thumbprint: root.thumbprint, validFrom: root.notBefore, validTill: root.notAfter };
  });
}

/** Thumbprints of the certificates in a PEM bundle. */
export function thumbprintsOf(bundle: string): string[] {
  return (bundle.match(/-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/g) ?? [])
    .map((pem) => createHash('sha1').update(new X509Certificate(pem).raw).digest('hex'));
}

export function sha256(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('hex');
}

/**
 * A fake clock: `sleep` records the pause and moves time forward instantly; timers (`setTimer`) fire when the clock
 * passes their time, by a `sleep` or an `advance`.
 */
export class FakeClock {
  public readonly sleeps: number[] = [];
  private timers: Array<{ readonly due: number; readonly callback: () => void }> = [];
  constructor(public ms: number) {}
  public readonly now = (): Date => new Date(this.ms);
  public readonly sleep = async (ms: number): Promise<void> => {
    this.sleeps.push(ms);
    this.advance(ms);
  };
  public readonly setTimer = (callback: () => void, ms: number): (() => void) => {
    const timer = { due: this.ms + ms, callback };
    this.timers.push(timer);
    return () => {
      this.timers = this.timers.filter((t) => t !== timer);
    };
  };
  /** Move time forward, firing the timers that fall due. */
  public advance(ms: number): void {
    this.ms += ms;
    const due = this.timers.filter((t) => t.due <= this.ms);
    this.timers = this.timers.filter((t) => t.due > this.ms);
    for (const t of due) t.callback();
  }
  /** A Lambda context whose deadline is `remainingMs` from now on this clock. */
  public context(remainingMs = 300_000): { getRemainingTimeInMillis(): number } {
    const deadline = this.ms + remainingMs;
    return { getRemainingTimeInMillis: () => deadline - this.ms };
  }
}

export const STACK_ID = 'arn:aws:cloudformation:us-east-1:111111111111:stack/app/5b1cd9f0-c84c-11ee-a7a4-0e7e1a7f5b11';
export const SERVICE_TOKEN = 'arn:aws:lambda:us-east-1:111111111111:function:app-AuroraTlsCaCheck';

export const PROPS = {
  CertificateAuthority: 'rds-ca-ecc384-g1',
  Engine: 'aurora-postgresql',
  EngineVersion: '16.4',
  BucketName: 'trust-bucket',
  ObjectKey: 'aurora-tls/us-east-1/rds-ca-ecc384-g1/us-east-1-bundle.pem',
  ParameterPrefix: '/aurora-tls/rds-ca-ecc384-g1',
};

/** The owner metadata and tags the handler records for the events of `cfnEvent` (ownership.ts). */
export const OWNER_METADATA = { 'aurora-tls-stack-id': STACK_ID, 'aurora-tls-logical-id': 'AuroraTlsCaCheck' };
/** Another stack of the same app, account and region. */
export const OTHER_STACK_ID = 'arn:aws:cloudformation:us-east-1:111111111111:stack/app-prod/0e7e1a7f-c84c-11ee-a7a4-5b1cd9f05b11';

export interface EventOptions {
  readonly requestId?: string;
  /** @default STACK_ID */
  readonly stackId?: string;
  /** @default 'AuroraTlsCaCheck' */
  readonly logicalId?: string;
  readonly physicalId?: string;
  readonly oldProps?: Record<string, unknown>;
}

/** A CloudFormation custom-resource event as CloudFormation sends it (ServiceToken included in the properties). */
export function cfnEvent(fake: FakeAws, requestType: string, props: Record<string, unknown> | undefined, options: EventOptions = {}): any {
  const requestId = options.requestId ?? 'req-1';
  return {
    RequestType: requestType,
    ServiceToken: SERVICE_TOKEN,
    ResponseURL: fake.responseUrl(requestId),
    StackId: options.stackId ?? STACK_ID,
    RequestId: requestId,
    LogicalResourceId: options.logicalId ?? 'AuroraTlsCaCheck',
    ResourceType: 'Custom::AuroraTlsCaCheck',
    ...(options.physicalId === undefined ? {} : { PhysicalResourceId: options.physicalId }),
    ResourceProperties: props === undefined ? undefined : { ServiceToken: SERVICE_TOKEN, ...props },
    ...(options.oldProps === undefined ? {} : { OldResourceProperties: { ServiceToken: SERVICE_TOKEN, ...options.oldProps } }),
  };
}

/** The fields every response carries besides Status, Reason, PhysicalResourceId and Data. */
export function envelope(requestId = 'req-1', options: EventOptions = {}) {
  return { StackId: options.stackId ?? STACK_ID, RequestId: requestId, LogicalResourceId: options.logicalId ?? 'AuroraTlsCaCheck' };
}

/**
 * Handler deps for tests: the real AWS SDK clients pointed at the local fake, the fake clock's time and pauses, the
 * top of the jitter range (pauses are exactly the nominal backoff), and logs collected in `logs`.
 */
export function testDeps(fake: FakeAws, clock: FakeClock, logs: string[], store: TrustStore, overrides: Partial<HandlerDeps> = {}): HandlerDeps {
  return {
    region: 'us-east-1',
    aws: { endpoint: fake.endpoint, credentials: { accessKeyId: 'AKIAFAKE', secretAccessKey: 'fake-secret' }, forcePathStyle: true },
    trustStore: () => store,
    now: clock.now,
    sleep: clock.sleep,
    setTimer: clock.setTimer,
    random: () => 1,
    log: (level, message) => logs.push(`${level}: ${message}`),
    retry: { maxAttempts: 4, baseDelayMs: 100, maxDelayMs: 1_000 },
    responseReserveMs: 10_000,
    responseRetryDelaysMs: [500, 1_000, 2_000],
    allowHttpLocalhost: true,
    ...overrides,
  };
}

/**
 * Handle one event and return the response CloudFormation received: exactly one upload, to the event's own response
 * URL, equal to what the handler returned.
 */
export async function handleOnce(fake: FakeAws, event: any, context: any, deps: HandlerDeps): Promise<any> {
  const before = fake.uploads.length;
  const returned = await handleEvent(event, context, deps);
  expect(fake.uploads.length - before).toBe(1); // exactly once
  const upload = fake.uploads[fake.uploads.length - 1];
  expect(upload.path).toBe(new URL(event.ResponseURL).pathname);
  expect(upload.body).toEqual(returned);
  return upload.body;
}
