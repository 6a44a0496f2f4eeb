// Faults of the ca-check handler that test/handler/ca-check.test.ts does not cover: events CloudFormation would never
// send (but a bug or a hand-made invoke could), a response URL that refuses or never answers, the Lambda deadline
// arriving after the bundle is written, and what cleans up after a partial publication: a failed Create that left
// something it wrote answers with the publication's physical id, so that the Delete of CloudFormation's rollback
// removes it; one that left nothing (or wrote over an object it does not own) answers with `aurora-tls-failed:`.
//
// Every test has a short timeout of its own: the handler must answer once and return, never hang. Where the fault is
// already covered in ca-check.test.ts, it is not repeated here (SECURITY.md, "How the deploy-time check fails").
import { createHash } from 'node:crypto';
import { createServer, Server, Socket } from 'node:net';
import { FakeAws, FakeBucket } from './fake-aws';
import { OTHER_STACK_ID, OWNER_METADATA, cfnEvent, envelope, FakeClock, GLOBAL_PEM, GOVCLOUD_PEM, PROPS, rdsCertificates, handleOnce, testDeps } from './harness';
import { TrustStore } from '../../lib/core';
import { HandlerDeps, handleEvent } from '../../lib/handler/ca-check.lambda';

const STORE = TrustStore.fromPems([GLOBAL_PEM, GOVCLOUD_PEM]);
const ECC_ID = 'aurora-tls:us-east-1:rds-ca-ecc384-g1:a047016dc53a49600f7a1f0f';
const FAILED_ID = 'aurora-tls-failed:req-1';
const PREFIX = PROPS.ParameterPrefix;
const URI = `s3://${PROPS.BucketName}/${PROPS.ObjectKey}`;
/** A short budget per test: far more than any of them needs, far less than a hang. */
const SHORT = 10_000;
/** Retries that run into the 10 s kept for answering when 30 s are left: pauses of 4 s and 8 s, then the deadline. */
const SLOW_RETRY = { maxAttempts: 20, baseDelayMs: 4_000, maxDelayMs: 60_000 };

let fake: FakeAws;
let clock: FakeClock;
let logs: string[];

beforeEach(async () => {
  fake = await FakeAws.start();
  fake.certificates = rdsCertificates('us-east-1');
  fake.engineVersions = [{ engine: 'aurora-postgresql', version: '16.4', supportedCas: ['rds-ca-rsa2048-g1', 'rds-ca-ecc384-g1'], rotationWithoutRestart: true }];
  fake.addBucket(PROPS.BucketName);
  clock = new FakeClock(Date.parse('2026-06-01T12:00:00Z'));
  logs = [];
});

afterEach(async () => {
  await fake.close();
});

function deps(overrides: Partial<HandlerDeps> = {}): HandlerDeps {
  return testDeps(fake, clock, logs, STORE, overrides);
}

/** Handle one event; CloudFormation must receive exactly one response, the one the handler returns. */
async function run(event: any, overrides: Partial<HandlerDeps> = {}, context = clock.context()): Promise<any> {
  return handleOnce(fake, event, context, deps(overrides));
}

function noAwsCalls(): void {
  expect(fake.calls.filter((c) => c.service !== 'cfn')).toEqual([]);
}

describe('events CloudFormation would not send', () => {
  test.each([
    ['no StackId', { StackId: undefined }, 'Malformed event: StackId is missing'],
    ['no RequestId', { RequestId: '' }, 'Malformed event: RequestId is missing'],
    ['none of StackId, RequestId and LogicalResourceId, and no RequestType', {
      RequestType: undefined, StackId: undefined, RequestId: undefined, LogicalResourceId: undefined,
    }, 'Malformed event: RequestType undefined is not Create, Update or Delete; StackId is missing; RequestId is missing; LogicalResourceId is missing'],
    ['a Delete without PhysicalResourceId', { RequestType: 'Delete' }, 'Malformed event: PhysicalResourceId is missing from the Delete event'],
  ])('%s: FAILED once, no AWS call', async (_name, change, reason) => {
    const event = { ...cfnEvent(fake, 'Create', PROPS), ...change };
    const response = await run(event);
    expect(response).toEqual({
      Status: 'FAILED',
      Reason: reason,
      PhysicalResourceId: event.RequestId ? `aurora-tls-failed:${event.RequestId}` : 'aurora-tls-failed:unknown-request',
      StackId: event.StackId ?? '',
      RequestId: event.RequestId ?? '',
      LogicalResourceId: event.LogicalResourceId ?? '',
    });
    noAwsCalls();
  }, SHORT);

  test.each<[string, unknown, string]>([
    ['a string', 'CertificateAuthority=rds-ca-ecc384-g1', "'CertificateAuthority=rds-ca-ecc384-g1'"],
    ['an array', ['rds-ca-ecc384-g1'], 'an array of 1'],
    ['null', null, 'null'],
    ['a number', 42, 'number 42'],
  ])('ResourceProperties that are %s: FAILED once, naming what was received', async (_name, properties, shown) => {
    const response = await run({ ...cfnEvent(fake, 'Create', PROPS), ResourceProperties: properties });
    expect(response).toEqual({
      Status: 'FAILED', Reason: `Invalid ResourceProperties: ResourceProperties must be an object, got ${shown}`, PhysicalResourceId: FAILED_ID, ...envelope(),
    });
    noAwsCalls();
  }, SHORT);

  test('the Delete of a publication whose ResourceProperties are not an object: FAILED, nothing deleted', async () => {
    fake.buckets.get(PROPS.BucketName)!.objects.set(PROPS.ObjectKey, { body: 'x', headers: {}, metadata: { 'aurora-tls-owner': ECC_ID } });
    const response = await run({ ...cfnEvent(fake, 'Delete', PROPS, { physicalId: ECC_ID }), ResourceProperties: 'gone' });
    expect(response).toEqual({
      Status: 'FAILED', Reason: "Invalid ResourceProperties: ResourceProperties must be an object, got 'gone'", PhysicalResourceId: ECC_ID, ...envelope(),
    });
    noAwsCalls();
    expect(fake.buckets.get(PROPS.BucketName)!.objects.size).toBe(1);
  }, SHORT);

  test('no event at all: nothing to answer, nothing thrown, nothing called', async () => {
    await expect(handleEvent(undefined as any, clock.context(), deps())).resolves.toBeUndefined();
    await expect(handleEvent(null as any, clock.context(), deps())).resolves.toBeUndefined();
    expect(fake.calls).toEqual([]);
    expect(logs).toEqual([
      'error: Cannot answer CloudFormation: the event has no ResponseURL. Event: {}',
      'error: Cannot answer CloudFormation: the event has no ResponseURL. Event: {}',
    ]);
  }, SHORT);

  test('a trust store that cannot be read: FAILED once, naming why', async () => {
    const response = await run(cfnEvent(fake, 'Create', PROPS), { trustStore: () => { throw new Error('global-bundle.pem: ENOENT'); } });
    expect(response.Reason).toBe('Cannot derive the us-east-1 bundle from the vendored trust store: global-bundle.pem: ENOENT');
    noAwsCalls();
  }, SHORT);
});

describe('a response URL that cannot be reached', () => {
  /** A TCP server that accepts connections and never answers. */
  async function silentServer(): Promise<{ url: string; close: () => Promise<void>; connections: () => number }> {
    const sockets = new Set<Socket>();
    let count = 0;
    const server: Server = createServer((socket) => {
      count++;
      sockets.add(socket);
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const port = (server.address() as { port: number }).port;
    return {
      url: `http://127.0.0.1:${port}/cfn/req-1?X-Amz-Signature=fake`,
      connections: () => count,
      close: async () => {
        for (const s of sockets) s.destroy();
        await new Promise<void>((resolve) => server.close(() => resolve()));
      },
    };
  }

  test('connection refused (https): the retries are bounded, then it gives up and returns', async () => {
    const closed = await FakeAws.start();
    const refusing = closed.endpoint.replace('http:', 'https:');
    await closed.close();

    const response = await handleEvent({ ...cfnEvent(fake, 'Create', { ...PROPS, ExpiryBehavior: 'never' }), ResponseURL: `${refusing}/cfn/req-1` },
      clock.context(), deps());

    expect(response).toMatchObject({ Status: 'FAILED', Reason: "Invalid ResourceProperties: ExpiryBehavior 'never' must be 'fail' or 'warn'" });
    expect(clock.sleeps).toEqual([500, 1_000, 2_000]);
    expect(logs.filter((l) => l.startsWith('error: Uploading'))).toEqual([
      expect.stringMatching(/^error: Uploading the FAILED response failed \(attempt 1 of 4\): connect ECONNREFUSED 127\.0\.0\.1:\d+; retrying in 500 ms$/),
      expect.stringMatching(/^error: Uploading the FAILED response failed \(attempt 2 of 4\): .+; retrying in 1000 ms$/),
      expect.stringMatching(/^error: Uploading the FAILED response failed \(attempt 3 of 4\): .+; retrying in 2000 ms$/),
      expect.stringMatching(/^error: Uploading the FAILED response failed \(attempt 4 of 4\): .+; giving up$/),
    ]);
    expect(logs[logs.length - 1]).toBe('error: CloudFormation did not receive the response; the stack operation will wait for its timeout');
  }, SHORT);

  test('a server that accepts and never answers: each attempt times out, and no attempt outlives the function', async () => {
    const silent = await silentServer();
    try {
      const started = Date.now();
      // 2 s left on the fake clock: the first attempt may take 1.5 s, the retry (after a 0.5 s pause) 1 s, then none fits.
      const response = await handleEvent({ ...cfnEvent(fake, 'Create', { ...PROPS, ExpiryBehavior: 'never' }), ResponseURL: silent.url },
        clock.context(2_000), deps());

      expect(response).toMatchObject({ Status: 'FAILED' });
      expect(silent.connections()).toBe(2);
      expect(logs.filter((l) => l.startsWith('error: Uploading'))).toEqual([
        'error: Uploading the FAILED response failed (attempt 1 of 4): no answer within 1500 ms; retrying in 500 ms',
        'error: Uploading the FAILED response failed (attempt 2 of 4): no answer within 1000 ms; no time left to retry',
      ]);
      // Each attempt was given its full time (1.5 s, then 1 s) by real socket timers; only a lower bound is checked,
      // as no upper bound of real time is safe on a loaded machine (the test's own timeout bounds it).
      expect(Date.now() - started).toBeGreaterThanOrEqual(2_400);
    } finally {
      await silent.close();
    }
  }, SHORT);
});

describe('the deadline arrives after the bundle is written (fake clock)', () => {
  test('FAILED with the publication id; the rollback Delete of that id removes the object and the parameters written', async () => {
    // GIVEN SSM takes two parameters, then throttles every PutParameter; 30 s are left, 10 s of them kept for answering
    throttleOwnParameters({ skip: 2 });

    // WHEN the Create runs out of time
    const failed = await run(cfnEvent(fake, 'Create', PROPS), { retry: SLOW_RETRY }, clock.context(30_000));

    // THEN the FAILED answer gives the id a successful Create would have given, which the object names as its owner
    expect(failed).toEqual({
      Status: 'FAILED',
      Reason: `Timed out during PutParameter ${PREFIX}/bundle-s3-uri: less than 10 s of the function's time was left, which is kept for ` +
        'answering CloudFormation. Raise the function timeout or retry the deployment. ' +
        `Created before the timeout and not removed: ${URI}, ${PREFIX}/ca-identifier, ${PREFIX}/root-pem.`,
      PhysicalResourceId: ECC_ID,
      ...envelope(),
    });
    expect(clock.sleeps).toEqual([4_000, 8_000]);
    expect(bundleBucket().objects.get(PROPS.ObjectKey)!.metadata).toEqual({ 'aurora-tls-owner': ECC_ID, ...OWNER_METADATA });
    expect([...fake.parameters.keys()]).toEqual([`${PREFIX}/ca-identifier`, `${PREFIX}/root-pem`]);

    // WHEN CloudFormation rolls back: a Delete of the id the FAILED answer gave, with the Create's properties
    const deleted = await run(cfnEvent(fake, 'Delete', PROPS, { requestId: 'req-2', physicalId: failed.PhysicalResourceId }));

    // THEN what the failed Create wrote is gone
    expect(deleted).toEqual({
      Status: 'SUCCESS',
      Reason: `Deleted ${URI}; deleted 2 of the 6 parameters under ${PREFIX} (the others were already gone)`,
      PhysicalResourceId: ECC_ID,
      ...envelope('req-2'),
    });
    expect(bundleBucket().objects.size).toBe(0);
    expect(fake.parameters.size).toBe(0);
  }, SHORT);

  test('an object an earlier attempt of this publication left (its owner metadata names this id) is removed with the parameters', async () => {
    // GIVEN the object a failed Create of the same publication left, and SSM throttling after two parameters
    bundleBucket().objects.set(PROPS.ObjectKey, { body: 'left by an earlier attempt', headers: {}, metadata: { 'aurora-tls-owner': ECC_ID, ...OWNER_METADATA } });
    throttleOwnParameters({ skip: 2 });

    // WHEN the Create runs out of time: it overwrote the object (not created it) and created two parameters
    const failed = await run(cfnEvent(fake, 'Create', PROPS), { retry: SLOW_RETRY }, clock.context(30_000));

    // THEN
    expect(failed).toEqual({
      Status: 'FAILED',
      Reason: `Timed out during PutParameter ${PREFIX}/bundle-s3-uri: less than 10 s of the function's time was left, which is kept for ` +
        'answering CloudFormation. Raise the function timeout or retry the deployment. ' +
        `Created before the timeout and not removed: ${PREFIX}/ca-identifier, ${PREFIX}/root-pem.`,
      PhysicalResourceId: ECC_ID,
      ...envelope(),
    });

    // WHEN CloudFormation rolls back
    const deleted = await run(cfnEvent(fake, 'Delete', PROPS, { requestId: 'req-2', physicalId: failed.PhysicalResourceId }));

    // THEN
    expect(deleted).toEqual({
      Status: 'SUCCESS',
      Reason: `Deleted ${URI}; deleted 2 of the 6 parameters under ${PREFIX} (the others were already gone)`,
      PhysicalResourceId: ECC_ID,
      ...envelope('req-2'),
    });
    expect(bundleBucket().objects.size).toBe(0);
    expect(fake.parameters.size).toBe(0);
  }, SHORT);

  test.each<[string, () => void, string]>([
    ['RDS throttles DescribeCertificates (before publishing)',
      () => fake.fail({ service: 'rds', operation: 'DescribeCertificates', status: 400, code: 'Throttling', message: 'Rate exceeded', times: 100 }),
      'DescribeCertificates for rds-ca-ecc384-g1 in us-east-1'],
    ['S3 throttles every PutObject (S3 answered each attempt, so none wrote)',
      () => fake.fail({ service: 's3', operation: 'PutObject', status: 503, code: 'SlowDown', message: 'Please reduce your request rate.', times: 100 }),
      `PutObject ${URI}`],
  ])('the deadline before anything was written (%s): the aurora-tls-failed id, whose Delete removes nothing', async (_name, fault, step) => {
    // GIVEN
    fault();

    // WHEN
    const failed = await run(cfnEvent(fake, 'Create', PROPS), { retry: SLOW_RETRY }, clock.context(30_000));

    // THEN
    expect(failed).toEqual({
      Status: 'FAILED',
      Reason: `Timed out during ${step}: less than 10 s of the function's time was left, which is kept for ` +
        'answering CloudFormation. Raise the function timeout or retry the deployment.',
      PhysicalResourceId: FAILED_ID,
      ...envelope(),
    });
    expect(clock.sleeps).toEqual([4_000, 8_000]);
    expect(bundleBucket().objects.size).toBe(0);
    expect(fake.parameters.size).toBe(0);

    // WHEN CloudFormation rolls back
    const before = fake.calls.length;
    const deleted = await run(cfnEvent(fake, 'Delete', PROPS, { requestId: 'req-2', physicalId: failed.PhysicalResourceId }));

    // THEN no AWS call
    expect(deleted).toEqual({
      Status: 'SUCCESS',
      Reason: 'Nothing to delete: the Create of this resource failed and published nothing',
      PhysicalResourceId: FAILED_ID,
      ...envelope('req-2'),
    });
    expect(fake.calls.slice(before).filter((c) => c.service !== 'cfn')).toEqual([]);
  }, SHORT);

  test('a new object\'s PutObject still in flight at the deadline (fake clock) may have been written: the publication id, and its Delete tolerates its absence', async () => {
    // GIVEN 30 s are left, 10 s of them kept for answering; S3 holds the PUT of the new object, and the clock reaches
    // the deadline while it is held
    fake.fail({ service: 's3', operation: 'PutObject', delayMs: 60_000, onArrival: () => clock.advance(20_000) });

    // WHEN
    const failed = await run(cfnEvent(fake, 'Create', PROPS), {}, clock.context(30_000));

    // THEN
    expect(failed).toEqual({
      Status: 'FAILED',
      Reason: `Timed out during PutObject ${URI}: less than 10 s of the function's time was left, which is kept for ` +
        'answering CloudFormation. Raise the function timeout or retry the deployment. ' +
        `PutObject ${URI} had not answered: the object may have been written.`,
      PhysicalResourceId: ECC_ID,
      ...envelope(),
    });

    // WHEN CloudFormation rolls back (the fake dropped the aborted PUT; S3 might have kept it, for the same Delete)
    const deleted = await run(cfnEvent(fake, 'Delete', PROPS, { requestId: 'req-2', physicalId: failed.PhysicalResourceId }));

    // THEN
    expect(deleted).toEqual({
      Status: 'SUCCESS',
      Reason: `The object ${URI} was already gone; the parameters under ${PREFIX} were already gone`,
      PhysicalResourceId: ECC_ID,
      ...envelope('req-2'),
    });
  }, SHORT);

  test('without the rollback (a stack that keeps failed resources), a retry takes it over and its Delete removes it', async () => {
    // GIVEN SSM throttles every PutParameter, and 30 s are left: the pauses run into the 10 s kept for answering
    fake.fail({ service: 'ssm', operation: 'PutParameter', status: 400, code: 'ThrottlingException', message: 'Rate exceeded', times: 100 });

    // WHEN the Create runs out of time after the object is written
    const response = await run(cfnEvent(fake, 'Create', PROPS), { retry: SLOW_RETRY }, clock.context(30_000));

    // THEN CloudFormation hears about it at once, and is told what is left behind
    expect(response).toEqual({
      Status: 'FAILED',
      Reason: `Timed out during PutParameter ${PREFIX}/ca-identifier: less than 10 s of the function's time was left, which is kept for ` +
        `answering CloudFormation. Raise the function timeout or retry the deployment. Created before the timeout and not removed: ${URI}.`,
      PhysicalResourceId: ECC_ID,
      ...envelope(),
    });
    expect(clock.sleeps).toEqual([4_000, 8_000]);
    expect(bundleBucket().objects.get(PROPS.ObjectKey)!.metadata).toEqual({ 'aurora-tls-owner': ECC_ID, ...OWNER_METADATA });
    expect(fake.parameters.size).toBe(0);

    // WHEN the deployment is retried (SSM no longer throttles)
    fake = await replaceFakeKeepingState(fake);
    const retried = await run(cfnEvent(fake, 'Create', PROPS, { requestId: 'req-2' }));

    // THEN the retry publishes under the same physical id, and owns the object left behind
    expect(retried).toMatchObject({ Status: 'SUCCESS', PhysicalResourceId: ECC_ID });
    expect(fake.parameters.size).toBe(6);

    // WHEN that resource is deleted, nothing is left
    const deleted = await run(cfnEvent(fake, 'Delete', PROPS, { requestId: 'req-3', physicalId: ECC_ID }));
    expect(deleted).toEqual({
      Status: 'SUCCESS', Reason: `Deleted ${URI}; deleted the 6 parameters under ${PREFIX}`, PhysicalResourceId: ECC_ID, ...envelope('req-3'),
    });
    expect(bundleBucket().objects.size).toBe(0);
    expect(fake.parameters.size).toBe(0);
  }, SHORT);
});

describe('partial publication (S3 written, SSM failed)', () => {
  test('the cleanup of the object fails: FAILED with the publication id, and the rollback Delete removes the object', async () => {
    // GIVEN SSM refuses the first PutParameter and S3 refuses the cleanup's DeleteObject (once)
    fake.fail({ service: 'ssm', operation: 'PutParameter', status: 400, code: 'AccessDeniedException', message: 'denied' });
    fake.fail({ service: 's3', operation: 'DeleteObject', status: 403, code: 'AccessDenied', message: 'Access Denied' });

    // WHEN
    const failed = await run(cfnEvent(fake, 'Create', PROPS));

    // THEN
    expect(failed).toEqual({
      Status: 'FAILED',
      Reason: `Publishing failed: PutParameter ${PREFIX}/ca-identifier failed: AccessDeniedException: denied; the handler's role needs ` +
        `ssm:PutParameter and ssm:AddTagsToResource on the parameters. Cleanup failed (DeleteObject ${URI} failed: AccessDenied: Access Denied); remove ${URI} by hand.`,
      PhysicalResourceId: ECC_ID,
      ...envelope(),
    });
    expect(bundleBucket().objects.get(PROPS.ObjectKey)!.metadata).toEqual({ 'aurora-tls-owner': ECC_ID, ...OWNER_METADATA });

    // WHEN CloudFormation rolls back
    const deleted = await run(cfnEvent(fake, 'Delete', PROPS, { requestId: 'req-2', physicalId: failed.PhysicalResourceId }));

    // THEN the Delete finishes the cleanup
    expect(deleted).toEqual({
      Status: 'SUCCESS',
      Reason: `Deleted ${URI}; the parameters under ${PREFIX} were already gone`,
      PhysicalResourceId: ECC_ID,
      ...envelope('req-2'),
    });
    expect(bundleBucket().objects.size).toBe(0);
    expect(fake.parameters.size).toBe(0);
  }, SHORT);

  test('the cleanup of the parameters fails: FAILED with the publication id, and the rollback Delete removes them', async () => {
    // GIVEN SSM refuses the third PutParameter and the cleanup's DeleteParameters (once)
    fake.fail({ service: 'ssm', operation: 'PutParameter', skip: 2, status: 400, code: 'AccessDeniedException', message: 'denied' });
    fake.fail({ service: 'ssm', operation: 'DeleteParameters', status: 400, code: 'AccessDeniedException', message: 'denied' });

    // WHEN
    const failed = await run(cfnEvent(fake, 'Create', PROPS));

    // THEN
    const written = `${PREFIX}/ca-identifier, ${PREFIX}/root-pem`;
    expect(failed).toEqual({
      Status: 'FAILED',
      Reason: `Publishing failed: PutParameter ${PREFIX}/bundle-s3-uri failed: AccessDeniedException: denied; the handler's role needs ` +
        `ssm:PutParameter and ssm:AddTagsToResource on the parameters. Removed what this attempt had created: ${URI}. ` +
        `Cleanup failed (DeleteParameters ${written} failed: AccessDeniedException: denied); remove ${written} by hand.`,
      PhysicalResourceId: ECC_ID,
      ...envelope(),
    });
    expect(fake.parameters.size).toBe(2);

    // WHEN CloudFormation rolls back
    const deleted = await run(cfnEvent(fake, 'Delete', PROPS, { requestId: 'req-2', physicalId: failed.PhysicalResourceId }));

    // THEN
    expect(deleted).toEqual({
      Status: 'SUCCESS',
      Reason: `The object ${URI} was already gone; deleted 2 of the 6 parameters under ${PREFIX} (the others were already gone)`,
      PhysicalResourceId: ECC_ID,
      ...envelope('req-2'),
    });
    expect(fake.parameters.size).toBe(0);
  }, SHORT);

  test('a cleanup that fails leaves the object; without the rollback, the retry takes it over, and its Delete removes everything', async () => {
    // GIVEN SSM refuses the first PutParameter and S3 refuses the cleanup's DeleteObject
    fake.fail({ service: 'ssm', operation: 'PutParameter', status: 400, code: 'AccessDeniedException', message: 'denied' });
    fake.fail({ service: 's3', operation: 'DeleteObject', status: 403, code: 'AccessDenied', message: 'Access Denied' });

    // WHEN
    const failed = await run(cfnEvent(fake, 'Create', PROPS));

    // THEN one FAILED response, which says what to remove
    expect(failed).toMatchObject({ Status: 'FAILED', PhysicalResourceId: ECC_ID });
    expect(failed.Reason).toMatch(new RegExp(`Cleanup failed \\(DeleteObject ${escape(URI)} failed: AccessDenied: Access Denied\\); remove ${escape(URI)} by hand\\.$`));
    expect(bundleBucket().objects.has(PROPS.ObjectKey)).toBe(true);

    // WHEN the deployment is retried, then the resource deleted
    const retried = await run(cfnEvent(fake, 'Create', PROPS, { requestId: 'req-2' }));
    const deleted = await run(cfnEvent(fake, 'Delete', PROPS, { requestId: 'req-3', physicalId: retried.PhysicalResourceId }));

    // THEN nothing is left
    expect([retried.Status, deleted.Status]).toEqual(['SUCCESS', 'SUCCESS']);
    expect(bundleBucket().objects.size).toBe(0);
    expect(fake.parameters.size).toBe(0);
  }, SHORT);

  test('the PUT carries a SHA-256 checksum of the bundle, which S3 verifies (and an Object Lock bucket requires)', async () => {
    await run(cfnEvent(fake, 'Create', PROPS));
    const put = fake.callsTo('s3', 'PutObject')[0].detail.headers as Record<string, string>;
    expect(put['x-amz-checksum-sha256']).toBe(createHash('sha256').update(STORE.bundlePem('us-east-1'), 'utf8').digest('base64'));
  }, SHORT);
});

describe("another resource's object is never deleted by a failed Create's rollback", () => {
  /** Same bucket, key and CA, another parameter prefix: another physical id. */
  const OTHER_PROPS = { ...PROPS, ParameterPrefix: '/aurora-tls/other' };

  test('the object taken over before the rollback: the Delete leaves it (its owner metadata names another id) and removes its own parameters', async () => {
    // GIVEN a Create that ran out of time after writing the object and two parameters
    throttleOwnParameters({ skip: 2 });
    const failed = await run(cfnEvent(fake, 'Create', PROPS), { retry: SLOW_RETRY }, clock.context(30_000));
    expect(failed).toMatchObject({ Status: 'FAILED', PhysicalResourceId: ECC_ID });

    // AND another resource that publishes to the same key since then
    const other = await run(cfnEvent(fake, 'Create', OTHER_PROPS, { requestId: 'req-2' }));
    expect(other).toMatchObject({ Status: 'SUCCESS', PhysicalResourceId: expect.not.stringMatching(`^${escape(ECC_ID)}$`) });
    expect(bundleBucket().objects.get(PROPS.ObjectKey)!.metadata).toEqual({ 'aurora-tls-owner': other.PhysicalResourceId, ...OWNER_METADATA });

    // WHEN CloudFormation rolls back the failed Create
    const deleted = await run(cfnEvent(fake, 'Delete', PROPS, { requestId: 'req-3', physicalId: failed.PhysicalResourceId }));

    // THEN the other resource's object and parameters stay
    expect(deleted).toEqual({
      Status: 'SUCCESS',
      Reason: `Left ${URI} in place (it belongs to ${other.PhysicalResourceId}); ` +
        `deleted 2 of the 6 parameters under ${PREFIX} (the others were already gone)`,
      PhysicalResourceId: ECC_ID,
      ...envelope('req-3'),
    });
    expect(bundleBucket().objects.get(PROPS.ObjectKey)!.metadata).toEqual({ 'aurora-tls-owner': other.PhysicalResourceId, ...OWNER_METADATA });
    expect([...fake.parameters.keys()].every((name) => name.startsWith(`${OTHER_PROPS.ParameterPrefix}/`))).toBe(true);
    expect(fake.parameters.size).toBe(6);
  }, SHORT);

  test.each<[string, () => Promise<void>, string]>([
    ['owned by a publication of another stack', async () => {
      const other = await run(cfnEvent(fake, 'Create', OTHER_PROPS, { requestId: 'req-0', stackId: OTHER_STACK_ID }));
      expect(other).toMatchObject({ Status: 'SUCCESS' });
    }, `resource AuroraTlsCaCheck of stack app-prod (${OTHER_STACK_ID})`],
    ['owned by no aurora-tls resource', async () => {
      bundleBucket().objects.set(PROPS.ObjectKey, { body: 'someone else', headers: {}, metadata: {} });
    }, 'no aurora-tls publication (it was not written by aurora-tls)'],
    ['that S3 would not say existed (HeadObject denied): the conditional PUT finds it', async () => {
      bundleBucket().objects.set(PROPS.ObjectKey, { body: 'someone else', headers: {}, metadata: {} });
      fake.fail({ service: 's3', operation: 'HeadObject', status: 403 });
    }, 'another writer, which wrote it after this publication checked it'],
  ])('a Create that would write over an object %s is refused before anything is written; the rollback deletes nothing', async (_name, given, owner) => {
    // GIVEN
    await given();
    const objectBefore = bundleBucket().objects.get(PROPS.ObjectKey);
    const parametersBefore = new Map(fake.parameters);

    // WHEN
    const failed = await run(cfnEvent(fake, 'Create', PROPS));

    // THEN the reason names the object and its owner; the object and every parameter are as they were
    expect(failed).toEqual({
      Status: 'FAILED',
      Reason: `Refusing to publish the trust bundle: ${URI} belongs to ${owner}. Nothing was written. ` +
        `A publication never overwrites what another publication owns. Give this trust bundle another parameterPrefix than ${PREFIX} ` +
        '(the default, /aurora-tls/<stack-name>/<ca-identifier>, is unique per stack), or read the existing bundle with ' +
        'TrustBundle.fromTrustBundleAttributes instead of publishing it again',
      PhysicalResourceId: FAILED_ID,
      ...envelope(),
    });
    expect(bundleBucket().objects.get(PROPS.ObjectKey)).toEqual(objectBefore);
    expect(fake.parameters).toEqual(parametersBefore);

    // WHEN CloudFormation rolls back
    const before = fake.calls.length;
    const deleted = await run(cfnEvent(fake, 'Delete', PROPS, { requestId: 'req-2', physicalId: failed.PhysicalResourceId }));

    // THEN nothing is deleted
    expect(deleted).toEqual({
      Status: 'SUCCESS',
      Reason: 'Nothing to delete: the Create of this resource failed and published nothing',
      PhysicalResourceId: FAILED_ID,
      ...envelope('req-2'),
    });
    expect(fake.calls.slice(before).filter((c) => c.service !== 'cfn')).toEqual([]);
    expect(bundleBucket().objects.get(PROPS.ObjectKey)).toEqual(objectBefore);
  }, SHORT);
});

/** SSM throttles every PutParameter under PROPS.ParameterPrefix (not another resource's), after letting `skip` through. */
function throttleOwnParameters({ skip }: { skip: number }): void {
  fake.fail({
    service: 'ssm',
    operation: 'PutParameter',
    when: (call) => String(call.detail.Name).startsWith(`${PREFIX}/`),
    skip,
    status: 400,
    code: 'ThrottlingException',
    message: 'Rate exceeded',
    times: 100,
  });
}

/** The bucket PROPS publishes to. */
function bundleBucket(): FakeBucket {
  return fake.buckets.get(PROPS.BucketName)!;
}

/** A new fake server that keeps the buckets and parameters of `old` (and none of its faults). */
async function replaceFakeKeepingState(old: FakeAws): Promise<FakeAws> {
  const next = await FakeAws.start();
  next.certificates = old.certificates;
  next.engineVersions = old.engineVersions;
  for (const [name, bucket] of old.buckets) next.buckets.set(name, bucket);
  for (const [name, parameter] of old.parameters) next.parameters.set(name, parameter);
  await old.close();
  return next;
}

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
