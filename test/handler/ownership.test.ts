// Ownership of what a publication writes (lib/handler/ownership.ts), with the real AWS SDK clients against the local
// fake: two stacks in one account and region never overwrite, take over or delete each other's bundle object or
// parameters, while retries, rollbacks and Updates of the same publication keep working.

import { FakeAws } from './fake-aws';
import {
  cfnEvent, envelope, FakeClock, GLOBAL_PEM, GOVCLOUD_PEM, OTHER_STACK_ID, OWNER_METADATA, PROPS, rdsCertificates, handleOnce, STACK_ID, testDeps,
} from './harness';
import { TrustStore } from '../../lib/core';

const STORE = TrustStore.fromPems([GLOBAL_PEM, GOVCLOUD_PEM]);
const ECC_ID = 'aurora-tls:us-east-1:rds-ca-ecc384-g1:a047016dc53a49600f7a1f0f';
const FAILED_ID = 'aurora-tls-failed:req-1';
const PREFIX = PROPS.ParameterPrefix;
const URI = `s3://${PROPS.BucketName}/${PROPS.ObjectKey}`;
const PARAM_NAMES = ['ca-identifier', 'root-pem', 'bundle-s3-uri', 'bundle-sha256', 'valid-till', 'sslmode'].map((n) => `${PREFIX}/${n}`);
const OTHER_OWNER = `resource AuroraTlsCaCheck of stack app-prod (${OTHER_STACK_ID})`;
const FIXES =
  `A publication never overwrites what another publication owns. Give this trust bundle another parameterPrefix than ${PREFIX} ` +
  '(the default, /aurora-tls/<stack-name>/<ca-identifier>, is unique per stack), or read the existing bundle with ' +
  'TrustBundle.fromTrustBundleAttributes instead of publishing it again';
const OWNER_TAGS = { 'aurora-tls-stack-id': STACK_ID, 'aurora-tls-logical-id': 'AuroraTlsCaCheck' };

let fake: FakeAws;
let clock: FakeClock;

beforeEach(async () => {
  fake = await FakeAws.start();
  fake.certificates = rdsCertificates('us-east-1');
  fake.engineVersions = [{ engine: 'aurora-postgresql', version: '16.4', supportedCas: ['rds-ca-rsa2048-g1', 'rds-ca-ecc384-g1'] }];
  fake.addBucket(PROPS.BucketName);
  fake.addBucket('other-bucket');
  clock = new FakeClock(Date.parse('2026-06-01T12:00:00Z'));
});

afterEach(async () => {
  await fake.close();
});

async function run(event: any): Promise<any> {
  return handleOnce(fake, event, clock.context(), testDeps(fake, clock, [], STORE));
}

/** Everything the fake holds: objects (bytes and metadata), parameter values and tags. */
function snapshot() {
  return {
    objects: [...fake.buckets.entries()].map(([name, b]) => [name, [...b.objects.entries()]]),
    parameters: [...fake.parameters.entries()],
    tags: [...fake.parameterTags.entries()],
  };
}

function writes(from: number) {
  return fake.calls.slice(from).filter((c) => ['PutObject', 'DeleteObject', 'PutParameter', 'DeleteParameters', 'AddTagsToResource'].includes(c.operation));
}

describe('two stacks, one account and region, the same names', () => {
  test('the second publication is refused before it writes, naming every parameter and the object with its owner; the first is untouched', async () => {
    // GIVEN the production stack published first
    expect(await run(cfnEvent(fake, 'Create', PROPS, { stackId: OTHER_STACK_ID }))).toMatchObject({ Status: 'SUCCESS', PhysicalResourceId: ECC_ID });
    const before = snapshot();
    const callsBefore = fake.calls.length;

    // WHEN the dev stack publishes to the same bucket, key and prefix
    const response = await run(cfnEvent(fake, 'Create', PROPS));

    // THEN
    expect(response).toEqual({
      Status: 'FAILED',
      Reason: `Refusing to publish the trust bundle: ${URI} belongs to ${OTHER_OWNER}; ` +
        PARAM_NAMES.map((n) => `${n} belongs to ${OTHER_OWNER}`).join('; ') + `. Nothing was written. ${FIXES}`,
      PhysicalResourceId: FAILED_ID,
      ...envelope(),
    });
    expect(writes(callsBefore)).toEqual([]);
    expect(snapshot()).toEqual(before);
  });

  test('another bucket and key but the same prefix: refused for the parameters alone, nothing written', async () => {
    await run(cfnEvent(fake, 'Create', PROPS, { stackId: OTHER_STACK_ID }));
    const before = snapshot();
    const callsBefore = fake.calls.length;

    const response = await run(cfnEvent(fake, 'Create', { ...PROPS, BucketName: 'other-bucket', ObjectKey: 'dev/bundle.pem' }));

    expect(response.Status).toBe('FAILED');
    expect(response.Reason).toBe(
      `Refusing to publish the trust bundle: ${PARAM_NAMES.map((n) => `${n} belongs to ${OTHER_OWNER}`).join('; ')}. Nothing was written. ${FIXES}`,
    );
    expect(writes(callsBefore)).toEqual([]);
    expect(snapshot()).toEqual(before);
  });

  test('parameters with no owner tags (written by hand) are not taken over either', async () => {
    fake.parameters.set(`${PREFIX}/sslmode`, { value: 'require', type: 'String', version: 3 });
    const response = await run(cfnEvent(fake, 'Create', PROPS));
    expect(response.Reason).toBe(
      `Refusing to publish the trust bundle: ${PREFIX}/sslmode belongs to no aurora-tls publication (it has no owner tags: written by hand, ` +
      `or by an older aurora-tls for another resource). Nothing was written. ${FIXES}`,
    );
    expect(fake.parameters.get(`${PREFIX}/sslmode`)).toEqual({ value: 'require', type: 'String', version: 3 });
    expect(fake.buckets.get(PROPS.BucketName)!.objects.size).toBe(0);
  });

  test('distinct names (the per-stack defaults) publish side by side, and deleting one leaves the other in place', async () => {
    // GIVEN two stacks with their own prefix and key in one bucket
    const prod = { ...PROPS, ObjectKey: 'aurora-tls/app-prod/us-east-1/rds-ca-ecc384-g1/us-east-1-bundle.pem', ParameterPrefix: '/aurora-tls/app-prod/rds-ca-ecc384-g1' };
    const dev = { ...PROPS, ObjectKey: 'aurora-tls/app/us-east-1/rds-ca-ecc384-g1/us-east-1-bundle.pem', ParameterPrefix: '/aurora-tls/app/rds-ca-ecc384-g1' };
    const prodCreated = await run(cfnEvent(fake, 'Create', prod, { stackId: OTHER_STACK_ID }));
    const devCreated = await run(cfnEvent(fake, 'Create', dev, { requestId: 'req-2' }));
    expect([prodCreated.Status, devCreated.Status]).toEqual(['SUCCESS', 'SUCCESS']);
    const prodObject = fake.buckets.get(PROPS.BucketName)!.objects.get(prod.ObjectKey);
    const prodParameters = [...fake.parameters.entries()].filter(([n]) => n.startsWith(`${prod.ParameterPrefix}/`));
    expect(prodParameters).toHaveLength(6);

    // WHEN the dev stack is deleted
    const deleted = await run(cfnEvent(fake, 'Delete', dev, { requestId: 'req-3', physicalId: devCreated.PhysicalResourceId }));

    // THEN dev's are gone, prod's object bytes and parameter values are unchanged
    expect(deleted.Reason).toBe(`Deleted s3://${PROPS.BucketName}/${dev.ObjectKey}; deleted the 6 parameters under ${dev.ParameterPrefix}`);
    expect(fake.buckets.get(PROPS.BucketName)!.objects.get(prod.ObjectKey)).toEqual(prodObject);
    expect([...fake.parameters.entries()]).toEqual(prodParameters);
  });

  test("a Delete from another stack for the same names (the same physical id) leaves the owner's object and parameters in place", async () => {
    // GIVEN prod published; the physical id depends only on region, CA and names, so dev's Delete can carry the same id
    const prodCreated = await run(cfnEvent(fake, 'Create', PROPS, { stackId: OTHER_STACK_ID }));
    const before = snapshot();

    // WHEN
    const deleted = await run(cfnEvent(fake, 'Delete', PROPS, { requestId: 'req-2', physicalId: prodCreated.PhysicalResourceId }));

    // THEN
    expect(deleted).toEqual({
      Status: 'SUCCESS',
      Reason: `Left ${URI} in place (it belongs to ${OTHER_OWNER}); left the parameters under ${PREFIX} in place (they belong to ${OTHER_OWNER})`,
      PhysicalResourceId: ECC_ID,
      ...envelope('req-2'),
    });
    expect(snapshot()).toEqual(before);
  });
});

describe('the same publication keeps working', () => {
  test('a retry of the Create succeeds and keeps the owner on everything', async () => {
    expect((await run(cfnEvent(fake, 'Create', PROPS))).Status).toBe('SUCCESS');
    const again = await run(cfnEvent(fake, 'Create', PROPS, { requestId: 'req-2' }));
    expect(again).toMatchObject({ Status: 'SUCCESS', PhysicalResourceId: ECC_ID });
    expect(fake.buckets.get(PROPS.BucketName)!.objects.get(PROPS.ObjectKey)!.metadata).toEqual({ 'aurora-tls-owner': ECC_ID, ...OWNER_METADATA });
    for (const name of PARAM_NAMES) expect(fake.parameterTags.get(name)).toEqual(OWNER_TAGS);
    // Overwrites never send Tags with Overwrite (SSM refuses that); new parameters are created with their tags
    const puts = fake.callsTo('ssm', 'PutParameter').map((c) => c.detail);
    expect(puts.slice(0, 6).every((p) => p.Tags && !p.Overwrite)).toBe(true);
    expect(puts.slice(6).every((p) => p.Overwrite && !p.Tags)).toBe(true);
  });

  test('an Update in place rewrites its own names (the object only if unchanged since it was read: If-Match)', async () => {
    await run(cfnEvent(fake, 'Create', PROPS));
    const update = await run(cfnEvent(fake, 'Update', { ...PROPS, MinimumValidityDays: '30' }, { requestId: 'req-2', physicalId: ECC_ID, oldProps: PROPS }));
    expect(update).toMatchObject({ Status: 'SUCCESS', PhysicalResourceId: ECC_ID });
    expect(fake.callsTo('s3', 'PutObject')[1].detail.headers['if-match']).toMatch(/^"[0-9a-f]{32}"$/);
  });

  test('a construct that moved in the same stack (a new logical id) takes over; the old Delete then leaves everything to it', async () => {
    // GIVEN
    await run(cfnEvent(fake, 'Create', PROPS));

    // WHEN CloudFormation creates the new resource, then deletes the old one
    const moved = await run(cfnEvent(fake, 'Create', PROPS, { requestId: 'req-2', logicalId: 'MovedTrustBundle' }));
    const oldDeleted = await run(cfnEvent(fake, 'Delete', PROPS, { requestId: 'req-3', physicalId: ECC_ID }));

    // THEN
    expect(moved.Status).toBe('SUCCESS');
    const newOwner = `resource MovedTrustBundle of stack app (${STACK_ID})`;
    expect(oldDeleted.Reason).toBe(`Left ${URI} in place (it belongs to ${newOwner}); left the parameters under ${PREFIX} in place (they belong to ${newOwner})`);
    expect(fake.parameters.size).toBe(6);
    for (const name of PARAM_NAMES) expect(fake.parameterTags.get(name)).toEqual({ ...OWNER_TAGS, 'aurora-tls-logical-id': 'MovedTrustBundle' });
  });

  test('an Update adopts what an older aurora-tls published for this very resource (no owner recorded yet)', async () => {
    // GIVEN what an older aurora-tls left: the object names the physical id only, the parameters have no tags
    const oldProps = { ...PROPS, ObjectKey: 'aurora-tls/us-east-1/rds-ca-ecc384-g1/old.pem' };
    fake.buckets.get(PROPS.BucketName)!.objects.set(PROPS.ObjectKey, { body: 'old', headers: {}, metadata: { 'aurora-tls-owner': 'aurora-tls:us-east-1:rds-ca-ecc384-g1:old' } });
    for (const name of PARAM_NAMES) fake.parameters.set(name, { value: 'old', type: 'String', version: 1 });
    fake.parameters.set(`${PREFIX}/bundle-s3-uri`, { value: `s3://${PROPS.BucketName}/${oldProps.ObjectKey}`, type: 'String', version: 1 });

    // WHEN the resource is updated (the new aurora-tls moved the key; the prefix was given by the user)
    const update = await run(cfnEvent(fake, 'Update', PROPS, { physicalId: 'aurora-tls:us-east-1:rds-ca-ecc384-g1:old', oldProps }));

    // THEN it publishes and records itself as the owner
    expect(update.Status).toBe('SUCCESS');
    expect(fake.buckets.get(PROPS.BucketName)!.objects.get(PROPS.ObjectKey)!.metadata).toEqual({ 'aurora-tls-owner': ECC_ID, ...OWNER_METADATA });
    for (const name of PARAM_NAMES) expect(fake.parameterTags.get(name)).toEqual(OWNER_TAGS);
  });

  test('a Create does not adopt unrecorded parameters, even with the same values an older aurora-tls would write', async () => {
    for (const name of PARAM_NAMES) fake.parameters.set(name, { value: 'old', type: 'String', version: 1 });
    fake.parameters.set(`${PREFIX}/bundle-s3-uri`, { value: URI, type: 'String', version: 1 });
    const response = await run(cfnEvent(fake, 'Create', PROPS));
    expect(response.Status).toBe('FAILED');
    expect(response.Reason).toContain(`${PREFIX}/ca-identifier belongs to no aurora-tls publication (it has no owner tags`);
  });
});

describe('races between the check and the write', () => {
  test('a parameter created by another stack after the check: refused, and what this attempt created is removed', async () => {
    // GIVEN another stack creates ca-identifier just before this publication writes it (between GetParameters and PutParameter)
    fake.fail({
      service: 'ssm',
      operation: 'PutParameter',
      status: 400,
      code: 'ParameterAlreadyExists',
      message: 'The parameter already exists.',
      when: (c) => c.detail.Name === `${PREFIX}/root-pem`,
    });

    // WHEN
    const response = await run(cfnEvent(fake, 'Create', PROPS));

    // THEN
    expect(response).toEqual({
      Status: 'FAILED',
      Reason: `Refusing to publish the trust bundle: ${PREFIX}/root-pem belongs to another writer, which wrote it after this publication checked it. ` +
        `Removed what this attempt had created: ${URI}, ${PREFIX}/ca-identifier. ${FIXES}`,
      PhysicalResourceId: FAILED_ID,
      ...envelope(),
    });
    expect(fake.buckets.get(PROPS.BucketName)!.objects.size).toBe(0);
    expect(fake.parameters.size).toBe(0);
  });

  test('an object written by another stack after the check: the conditional PUT fails and nothing is written', async () => {
    // GIVEN S3 answers 412 to the conditional PUT (If-None-Match: *), as it does when another writer created the key
    fake.fail({ service: 's3', operation: 'PutObject', status: 412, code: 'PreconditionFailed', message: 'At least one of the pre-conditions you specified did not hold' });
    const response = await run(cfnEvent(fake, 'Create', PROPS));
    expect(response.Reason).toBe(
      `Refusing to publish the trust bundle: ${URI} belongs to another writer, which wrote it after this publication checked it. Nothing was written. ${FIXES}`,
    );
    expect(fake.parameters.size).toBe(0);
  });
});
