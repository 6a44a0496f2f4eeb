// The aurora-tls deploy-time check, a CloudFormation custom resource invoked directly by CloudFormation
// (no cdk Provider framework): it answers every event exactly once by PUTting to the pre-signed ResponseURL.
//
// Create/Update: ask RDS whether the CA is offered in this region (DescribeCertificates) and supported by the
// engine version (DescribeDBEngineVersions), check RDS's thumbprint against the vendored trust store, check the
// CA stays valid long enough, then publish the region's bundle to S3 and its facts to SSM Parameter Store.
// Every name a publication writes records its owner (the stack and the logical id, see ownership.ts): a Create or
// Update that would write a name another stack owns is refused before anything is written.
// Delete: remove what this resource published, unless it has since been taken over by another resource.
// A Create that fails after writing answers with the physical id it would have had, so that the Delete of
// CloudFormation's rollback removes what it wrote (failedCreatePhysicalId).
//
// Check-only: without BucketName, ObjectKey and ParameterPrefix the resource runs the same checks and publishes
// nothing; its Delete has nothing to remove.

import { createHash } from 'crypto';
import { readFileSync } from 'fs';
import { join } from 'path';
// The AWS SDK v3 stays external to the bundle: the nodejs24.x runtime provides it, so it is a devDependency here.
/* eslint-disable import/no-extraneous-dependencies */
import {
  Certificate,
  DBEngineVersion,
  DescribeCertificatesCommand,
  DescribeDBEngineVersionsCommand,
  RDSClient,
} from '@aws-sdk/client-rds';
import {
  DeleteObjectCommand,
  GetBucketEncryptionCommand,
  HeadObjectCommand,
  PutObjectCommand,
  S3Client,
} from '@aws-sdk/client-s3';
import {
  AddTagsToResourceCommand,
  DeleteParametersCommand,
  GetParametersCommand,
  ListTagsForResourceCommand,
  PutParameterCommand,
  SSMClient,
} from '@aws-sdk/client-ssm';
/* eslint-enable import/no-extraneous-dependencies */
import type { CloudFormationCustomResourceEvent } from 'aws-lambda';
import { CfnResponse, checkResponseUrl, fitResponse, uploadResponse } from './cfn-response';
import {
  AwsCallError,
  DeadlineContext,
  DeadlineExceededError,
  describeAwsError,
  errorCode,
  httpStatusOf,
  Invocation,
  RetryPolicy,
} from './invocation';
import { Conflict, conflictReason, describeOwner, Owner, ownerEntries, ownerOf, sameResource, sameStack } from './ownership';
import { CaCheckProperties, InvalidPropertiesError, parseProperties, Publication } from './properties';
import { CertificateAuthority, ExpiryBehavior, RdsCertificate, TrustBundleLayout, TrustBundleParameterNames, TrustStore } from '../core';
import { CaCheckMessages } from '../core/private/ca-check-messages';

/** Physical ids of resources this handler published: `aurora-tls:<region>:<ca>:<hash>`. */
export const PHYSICAL_ID_PREFIX = 'aurora-tls:';
/** Physical ids of check-only resources: `aurora-tls-check:<region>:<ca>[:<engine>[:<engine version>]]`. */
export const CHECK_ONLY_PHYSICAL_ID_PREFIX = 'aurora-tls-check:';
/**
 * Physical ids of Creates that failed and left nothing for the rollback's Delete to remove: `aurora-tls-failed:<request id>`.
 * (A Create that failed after writing answers with its publication's physical id instead: failedCreatePhysicalId.)
 */
export const FAILED_PHYSICAL_ID_PREFIX = 'aurora-tls-failed:';
/** S3 user metadata naming the physical id that owns the bundle object. */
export const OWNER_METADATA_KEY = 'aurora-tls-owner';
const DAY_MS = 86_400_000;

/** Credentials for the AWS clients (tests); the Lambda uses its role. */
export interface StaticCredentials {
  readonly accessKeyId: string;
  readonly secretAccessKey: string;
  readonly sessionToken?: string;
}

/** What the handler depends on, injectable for tests. */
export interface HandlerDeps {
  /** Region of the function (and of the stack, the bucket and the parameters). */
  readonly region: string;
  /** Overrides for the AWS SDK clients: a local endpoint and fake credentials in tests. */
  readonly aws: {
    readonly endpoint?: string;
    readonly credentials?: StaticCredentials;
    /** S3 path-style addressing (needed by a local endpoint). */
    readonly forcePathStyle?: boolean;
  };
  /** The vendored trust store; called once per invocation, may cache. */
  readonly trustStore: () => TrustStore;
  readonly now: () => Date;
  readonly sleep: (ms: number) => Promise<void>;
  /** Calls `callback` after `ms` (the deadline timer); returns a function that cancels it. */
  readonly setTimer: (callback: () => void, ms: number) => () => void;
  /** Uniform in [0, 1): retry jitter. */
  readonly random: () => number;
  readonly log: (level: 'info' | 'error', message: string) => void;
  /** Retries of throttled and 5xx AWS calls (the SDK's own retries are off so that pauses go through `sleep`). */
  readonly retry: RetryPolicy;
  /** Time kept back for the response upload (ms): the work is abandoned when less is left. */
  readonly responseReserveMs: number;
  /** Pauses between response upload attempts (ms). */
  readonly responseRetryDelaysMs: readonly number[];
  /** Accept `http://127.0.0.1` and `http://localhost` ResponseURLs (tests only). */
  readonly allowHttpLocalhost: boolean;
}

/** The part of the Lambda context the handler uses. */
export type HandlerContext = DeadlineContext;

/** Data returned on a successful Create or Update (Fn::GetAtt attributes). */
export interface CaCheckData {
  CertificateAuthority: string;
  Thumbprint: string;
  ValidTill: string;
  /** Publishing resources only. */
  BundleSha256?: string;
  /** Publishing resources only. */
  BundleS3Uri?: string;
  /** Publishing resources only. */
  RootParameterName?: string;
  SupportsRotationWithoutRestart?: string;
  Warning?: string;
}

let bundledStore: TrustStore | undefined;

/** The trust store shipped beside the bundled handler (global + GovCloud bundles), parsed once per container. */
export function bundledTrustStore(): TrustStore {
  if (!bundledStore) {
    bundledStore = TrustStore.fromPems([
      readFileSync(join(__dirname, 'global-bundle.pem'), 'utf8'),
      readFileSync(join(__dirname, 'govcloud-bundle.pem'), 'utf8'),
    ]);
  }
  return bundledStore;
}

/** Production dependencies. */
export function defaultDeps(): HandlerDeps {
  return {
    region: process.env.AWS_REGION ?? '',
    aws: {},
    trustStore: bundledTrustStore,
    now: () => new Date(),
    sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
    setTimer: (callback, ms) => {
      const timer = setTimeout(callback, ms);
      timer.unref();
      return () => clearTimeout(timer);
    },
    random: Math.random,
    log: (level, message) => (level === 'error' ? console.error(message) : console.log(message)),
    retry: { maxAttempts: 6, baseDelayMs: 500, maxDelayMs: 8_000 },
    responseReserveMs: 10_000,
    responseRetryDelaysMs: [500, 1_000, 2_000, 4_000],
    allowHttpLocalhost: false,
  };
}

/** The Lambda entry point. */
export const handler = (event: CloudFormationCustomResourceEvent, context: HandlerContext): Promise<CfnResponse | undefined> =>
  handleEvent(event, context, defaultDeps());

/**
 * The physical id of a resource: for a publishing one, deterministic per (region, CA, bucket, key, prefix); for a
 * check-only one, the region, CA, engine and engine version it checks.
 */
export function physicalIdOf(region: string, props: CaCheckProperties): string {
  const ca = props.certificateAuthority.identifier;
  const publication = props.publication;
  if (!publication) {
    const engine = [props.engine, props.engineVersion].filter((part) => part !== undefined).map((part) => `:${part}`).join('');
    return `${CHECK_ONLY_PHYSICAL_ID_PREFIX}${region}:${ca}${engine}`;
  }
  const identity = JSON.stringify([region, ca, publication.bucketName, publication.objectKey, publication.parameterPrefix]);
  const hash = createHash('sha256').update(identity).digest('hex').slice(0, 24);
  return `${PHYSICAL_ID_PREFIX}${region}:${ca}:${hash}`;
}

/** A check refused the deployment; the message is the Reason. */
class CheckFailed extends Error {}

interface Outcome {
  readonly status: 'SUCCESS' | 'FAILED';
  readonly reason?: string;
  readonly physicalId: string;
  readonly data?: Record<string, string>;
}

/**
 * Handle one CloudFormation event and answer it exactly once. Never throws.
 * @returns the response sent (or undefined if the event has no usable ResponseURL)
 */
export async function handleEvent(
  event: CloudFormationCustomResourceEvent,
  context: HandlerContext,
  deps: HandlerDeps,
): Promise<CfnResponse | undefined> {
  const raw = (event ?? {}) as unknown as Record<string, unknown>;
  const log = deps.log;
  const urlProblem = checkResponseUrl(raw.ResponseURL, deps.allowHttpLocalhost);
  if (urlProblem) {
    log('error', `Cannot answer CloudFormation: ${urlProblem}. Event: ${redact(raw)}`);
    return undefined;
  }
  log('info', `Event: ${redact(raw)}`);

  let outcome: Outcome;
  try {
    outcome = await dispatch(raw, context, deps);
  } catch (e) {
    // Defensive: dispatch turns every failure into an outcome; this is a bug.
    outcome = { status: 'FAILED', reason: `Internal error in the aurora-tls handler: ${(e as Error)?.message ?? String(e)}`, physicalId: fallbackPhysicalId(raw) };
  }

  const response = fitResponse({
    Status: outcome.status,
    ...(outcome.reason === undefined ? {} : { Reason: outcome.reason }),
    PhysicalResourceId: outcome.physicalId,
    StackId: String(raw.StackId ?? ''),
    RequestId: String(raw.RequestId ?? ''),
    LogicalResourceId: String(raw.LogicalResourceId ?? ''),
    ...(outcome.data === undefined ? {} : { Data: outcome.data }),
  });
  log(outcome.status === 'SUCCESS' ? 'info' : 'error', `Response: ${JSON.stringify(response)}`);
  const sent = await uploadResponse(String(raw.ResponseURL), response, {
    retryDelaysMs: deps.responseRetryDelaysMs,
    attemptTimeoutMs: 5_000,
    remainingMs: () => context.getRemainingTimeInMillis(),
    sleep: deps.sleep,
    log: (message) => log('error', message),
    allowHttpLocalhost: deps.allowHttpLocalhost,
  });
  if (!sent) log('error', 'CloudFormation did not receive the response; the stack operation will wait for its timeout');
  return response;
}

function fallbackPhysicalId(raw: Record<string, unknown>): string {
  if (typeof raw.PhysicalResourceId === 'string' && raw.PhysicalResourceId.length > 0) return raw.PhysicalResourceId;
  const requestId = typeof raw.RequestId === 'string' && raw.RequestId.length > 0 ? raw.RequestId : 'unknown-request';
  return `${FAILED_PHYSICAL_ID_PREFIX}${requestId}`;
}

/** The event for the log, without the pre-signed URL's signature. */
function redact(raw: Record<string, unknown>): string {
  const url = typeof raw.ResponseURL === 'string' ? raw.ResponseURL.replace(/\?.*$/, '?(redacted)') : raw.ResponseURL;
  return JSON.stringify({ ...raw, ResponseURL: url });
}

async function dispatch(raw: Record<string, unknown>, context: HandlerContext, deps: HandlerDeps): Promise<Outcome> {
  const requestType = raw.RequestType;
  const failedId = fallbackPhysicalId(raw);
  const problems = ['StackId', 'RequestId', 'LogicalResourceId']
    .filter((k) => typeof raw[k] !== 'string' || raw[k] === '')
    .map((k) => `${k} is missing`);
  if (requestType !== 'Create' && requestType !== 'Update' && requestType !== 'Delete') {
    problems.unshift(`RequestType ${JSON.stringify(requestType)} is not Create, Update or Delete`);
  } else if (requestType !== 'Create' && (typeof raw.PhysicalResourceId !== 'string' || raw.PhysicalResourceId === '')) {
    problems.push(`PhysicalResourceId is missing from the ${requestType} event`);
  }
  if (problems.length > 0) {
    return { status: 'FAILED', reason: `Malformed event: ${problems.join('; ')}`, physicalId: failedId };
  }

  const physicalIdOnFailure = requestType === 'Create' ? failedId : String(raw.PhysicalResourceId);
  if (requestType === 'Delete') {
    const physicalId = String(raw.PhysicalResourceId);
    if (physicalId.startsWith(FAILED_PHYSICAL_ID_PREFIX)) {
      return { status: 'SUCCESS', reason: 'Nothing to delete: the Create of this resource failed and published nothing', physicalId };
    }
    if (physicalId.startsWith(CHECK_ONLY_PHYSICAL_ID_PREFIX)) {
      return { status: 'SUCCESS', reason: 'Nothing to delete: this check-only resource published nothing', physicalId };
    }
    if (!physicalId.startsWith(PHYSICAL_ID_PREFIX)) {
      return { status: 'SUCCESS', reason: `Nothing to delete: ${physicalId} is not a resource the aurora-tls handler published`, physicalId };
    }
  }

  let props: CaCheckProperties;
  try {
    props = parseProperties(raw.ResourceProperties);
  } catch (e) {
    if (e instanceof InvalidPropertiesError) return { status: 'FAILED', reason: e.message, physicalId: physicalIdOnFailure };
    throw e;
  }
  if (requestType === 'Delete' && !props.publication) {
    return {
      status: 'FAILED',
      reason: `Invalid ResourceProperties: the Delete of ${String(raw.PhysicalResourceId)}, a resource that publishes, ` +
        'needs BucketName, ObjectKey and ParameterPrefix to know what to remove',
      physicalId: physicalIdOnFailure,
    };
  }
  if (!deps.region) {
    return { status: 'FAILED', reason: 'The function does not know its region (AWS_REGION is not set)', physicalId: physicalIdOnFailure };
  }

  const invocation = new Invocation({
    context,
    reserveMs: deps.responseReserveMs,
    retry: deps.retry,
    sleep: deps.sleep,
    setTimer: deps.setTimer,
    random: deps.random,
    log: (message) => deps.log('info', message),
  });
  const clients = new Clients(deps);
  const written = new Written();
  const owner: Owner = { stackId: String(raw.StackId), logicalId: String(raw.LogicalResourceId) };
  try {
    if (requestType === 'Delete') {
      return await invocation.run(() => remove(String(raw.PhysicalResourceId), owner, props, props.publication!, deps, invocation, clients));
    }
    const previous = requestType === 'Update' ? previousPublication(raw) : undefined;
    return await invocation.run(() => check(props, deps, invocation, clients, written, { owner, previous }));
  } catch (e) {
    // Read once, now: work abandoned at the deadline may still be settling in the background.
    const physicalId = requestType === 'Create' ? failedCreatePhysicalId(failedId, physicalIdOf(deps.region, props), written) : physicalIdOnFailure;
    return { status: 'FAILED', reason: reasonFor(e, deps, written), physicalId };
  } finally {
    clients.destroy();
  }
}

/**
 * What a Create or Update has written so far. Read when it fails: it names what was left, and for a Create it decides
 * the physical id of the FAILED answer (failedCreatePhysicalId).
 */
class Written {
  /** What this invocation created (not overwrote) and has not removed, in the order written. */
  public readonly created: string[] = [];
  /** The S3 URI of a new object whose PutObject was sent and had not answered when the time ran out: it may exist. */
  public pendingObject?: string;
  /**
   * The object existed before this invocation with owner metadata naming another physical id (or none), or S3 would
   * not say whether it existed: the PutObject gives it this resource's owner metadata, but it is not this resource's
   * to delete. (One whose owner metadata already named this id, left by an earlier attempt, is this resource's.)
   */
  public tookOver = false;
}

/**
 * The physical id of a failed Create. CloudFormation's rollback sends a Delete for the id the FAILED answer gives.
 * When the attempt left something it created (the object, which carries the publication's physical id as its owner
 * metadata, and/or parameters), the answer gives the publication's own physical id, the one a successful Create
 * would have given: the rollback's Delete is then the ordinary one, which removes the object only while its owner
 * metadata names that id, the parameters only while they describe this CA and bundle location, and tolerates what
 * is already gone. Otherwise, or when the attempt overwrote an object it does not own (which that Delete would
 * remove), the answer gives `aurora-tls-failed:<request id>`, whose Delete removes nothing.
 */
function failedCreatePhysicalId(failedId: string, publicationId: string, written: Written): string {
  const leftSomething = written.created.length > 0 || written.pendingObject !== undefined;
  return leftSomething && !written.tookOver ? publicationId : failedId;
}

function reasonFor(e: unknown, deps: HandlerDeps, written: Written): string {
  if (e instanceof DeadlineExceededError) {
    const created = written.created;
    const leftover = created.length > 0 ? ` Created before the timeout and not removed: ${created.join(', ')}.` : '';
    const pending = written.pendingObject ? ` PutObject ${written.pendingObject} had not answered: the object may have been written.` : '';
    return `Timed out during ${e.step}: less than ` +
      `${deps.responseReserveMs / 1000} s of the function's time was left, which is kept for answering CloudFormation. ` +
      `Raise the function timeout or retry the deployment.${leftover}${pending}`;
  }
  if (e instanceof CheckFailed || e instanceof AwsCallError) return e.message;
  return `Internal error in the aurora-tls handler: ${(e as Error)?.message ?? String(e)}`;
}

/** The AWS clients of one invocation, with SDK retries off (the Invocation retries, through the injectable sleep). */
class Clients {
  public readonly rds: RDSClient;
  public readonly s3: S3Client;
  public readonly ssm: SSMClient;

  constructor(deps: HandlerDeps) {
    const common = {
      region: deps.region,
      maxAttempts: 1,
      ...(deps.aws.endpoint ? { endpoint: deps.aws.endpoint } : {}),
      ...(deps.aws.credentials ? { credentials: deps.aws.credentials } : {}),
    };
    this.rds = new RDSClient(common);
    this.s3 = new S3Client({ ...common, forcePathStyle: deps.aws.forcePathStyle ?? false, followRegionRedirects: true });
    this.ssm = new SSMClient(common);
  }

  public destroy(): void {
    this.rds.destroy();
    this.s3.destroy();
    this.ssm.destroy();
  }
}

// ------------------------------------------------------------------------------------------------ Create / Update

/** Who is publishing, and (for an Update) what the same resource published before. */
interface Publisher {
  readonly owner: Owner;
  readonly previous?: PreviousPublication;
}

/** What an Update's resource published before: what it may adopt when an older aurora-tls recorded no owner. */
interface PreviousPublication {
  readonly physicalId: string;
  /** `s3://bucket/key` of its bundle, if its old properties still parse. */
  readonly bundleS3Uri?: string;
}

function previousPublication(raw: Record<string, unknown>): PreviousPublication {
  let bundleS3Uri: string | undefined;
  try {
    const old = parseProperties(raw.OldResourceProperties).publication;
    if (old) bundleS3Uri = TrustBundleLayout.bundleS3Uri(old.bucketName, old.objectKey);
  } catch {
    // Old properties that do not parse adopt nothing.
  }
  return { physicalId: String(raw.PhysicalResourceId), bundleS3Uri };
}

async function check(
  props: CaCheckProperties,
  deps: HandlerDeps,
  invocation: Invocation,
  clients: Clients,
  written: Written,
  publisher: Publisher,
): Promise<Outcome> {
  const region = deps.region;
  const ca = props.certificateAuthority;
  const physicalId = physicalIdOf(region, props);

  invocation.step = 'reading the vendored trust store';
  let store: TrustStore;
  let bundlePem: string;
  try {
    store = deps.trustStore();
    bundlePem = store.bundlePem(region);
  } catch (e) {
    throw new CheckFailed(`Cannot derive the ${region} bundle from the vendored trust store: ${(e as Error).message}`);
  }
  // RDS has one root per region and CA. A second one (a self-signed certificate with the same name, added to the
  // vendored files) would be published beside the real one and trusted by every client: refuse it.
  for (const other of CertificateAuthority.all()) {
    const roots = store.rootsFor(region).filter((r) => r.certificateAuthority === other);
    if (roots.length > 1) {
      throw new CheckFailed(
        `The vendored ${region} bundle has ${roots.length} ${other.identifier} roots (thumbprints ${roots.map((r) => r.thumbprint).join(', ')}), ` +
        'where RDS has one: the trust store was changed after it was vendored. Reinstall aurora-tls from the registry before deploying',
      );
    }
  }

  // 1. Does RDS offer the CA here?
  const certificate = await describeCertificate(props, region, invocation, clients);

  // 2. Does the engine version support it?
  const rotation = await checkEngineVersion(props, region, invocation, clients);

  // 3. Is RDS's CA the one in the vendored bundle?
  const apiThumbprint = (certificate.Thumbprint ?? '').replace(/[:\s]/g, '').toLowerCase();
  const root = matchThumbprint(store, region, ca, apiThumbprint);

  // 4. Valid long enough?
  const validTill = certificate.ValidTill ?? root.notAfter;
  const warning = checkValidity(props, region, validTill, deps.now());

  // 5. The bundle the construct saw at synth time, then publish it (a check-only resource publishes nothing).
  const bundleSha256 = createHash('sha256').update(bundlePem, 'utf8').digest('hex');
  if (props.expectedBundleSha256 && props.expectedBundleSha256 !== bundleSha256) {
    throw new CheckFailed(
      `The ${region} bundle derived from the vendored trust store has SHA-256 ${bundleSha256}, ` +
      `but ExpectedBundleSha256 is ${props.expectedBundleSha256}; the handler and the construct come from different aurora-tls versions: redeploy with one version`,
    );
  }
  const data: Record<string, string> = {
    CertificateAuthority: ca.identifier,
    Thumbprint: apiThumbprint,
    ValidTill: TrustBundleLayout.formatValidTill(validTill),
  };
  const publication = props.publication;
  if (publication) {
    const names = TrustBundleLayout.parameterNames(publication.parameterPrefix);
    const bundleS3Uri = TrustBundleLayout.bundleS3Uri(publication.bucketName, publication.objectKey);
    await publish({
      publication,
      physicalId,
      publisher,
      names,
      bundlePem,
      bundleS3Uri,
      invocation,
      clients,
      written,
      parameters: [
        [names.caIdentifier, ca.identifier],
        [names.rootPem, root.pem],
        [names.bundleS3Uri, bundleS3Uri],
        [names.bundleSha256, bundleSha256],
        [names.validTill, TrustBundleLayout.formatValidTill(validTill)],
        [names.sslMode, publication.sslMode.value],
      ],
    });
    data.BundleSha256 = bundleSha256;
    data.BundleS3Uri = bundleS3Uri;
    data.RootParameterName = names.rootPem;
  }
  if (rotation !== undefined) data.SupportsRotationWithoutRestart = String(rotation);
  if (warning !== undefined) data.Warning = warning;
  return { status: 'SUCCESS', physicalId, data, ...(warning === undefined ? {} : { reason: `Warning: ${warning}` }) };
}

function engineLabel(props: CaCheckProperties): string {
  if (props.engine && props.engineVersion) return `${props.engine} ${props.engineVersion}`;
  if (props.engine) return `${props.engine}, engine version not given`;
  return 'engine version not given';
}

async function describeCertificate(props: CaCheckProperties, region: string, invocation: Invocation, clients: Clients): Promise<Certificate> {
  const ca = props.certificateAuthority.identifier;
  const step = `DescribeCertificates for ${ca} in ${region}`;
  let found: Certificate | undefined;
  let notFound: unknown;
  try {
    let marker: string | undefined;
    do {
      const page = await invocation.call(step,
        (abortSignal) => clients.rds.send(new DescribeCertificatesCommand({ CertificateIdentifier: ca, Marker: marker }), { abortSignal }),
        "the handler's role needs rds:DescribeCertificates");
      found = (page.Certificates ?? []).find((c) => c.CertificateIdentifier === ca);
      marker = found ? undefined : page.Marker;
    } while (marker);
  } catch (e) {
    if (!(e instanceof AwsCallError) || e.code !== 'CertificateNotFoundFault' && e.code !== 'CertificateNotFound') throw e;
    notFound = e.cause;
  }
  if (found) return found;

  // Refused: name what RDS does offer here.
  let offered: string;
  try {
    const ids: string[] = [];
    let marker: string | undefined;
    do {
      const page = await invocation.call(`DescribeCertificates (all CAs) in ${region}`,
        (abortSignal) => clients.rds.send(new DescribeCertificatesCommand({ Marker: marker }), { abortSignal }),
        "the handler's role needs rds:DescribeCertificates");
      for (const c of page.Certificates ?? []) {
        if (c.CertificateIdentifier && !ids.includes(c.CertificateIdentifier)) ids.push(c.CertificateIdentifier);
      }
      marker = page.Marker;
    } while (marker);
    offered = ids.length > 0
      ? `RDS offers there: ${ids.join(', ')}. Choose one of those`
      : 'RDS lists no CA there';
  } catch (e) {
    if (e instanceof DeadlineExceededError) throw e;
    offered = `Listing the CAs RDS offers there failed: ${e instanceof AwsCallError ? e.message : String(e)}`;
  }
  const why = notFound ? `DescribeCertificates answered ${describeAwsError(notFound)}` : 'DescribeCertificates returned no such certificate';
  throw new CheckFailed(`${ca} is not offered by Amazon RDS in ${region} (${engineLabel(props)}): ${why}. ${offered}.`);
}

async function checkEngineVersion(props: CaCheckProperties, region: string, invocation: Invocation, clients: Clients): Promise<boolean | undefined> {
  if (!props.engine || !props.engineVersion) return undefined;
  const { engine, engineVersion } = props;
  const ca = props.certificateAuthority.identifier;
  let version: DBEngineVersion | undefined;
  let marker: string | undefined;
  do {
    const page = await invocation.call(`DescribeDBEngineVersions for ${engine} ${engineVersion} in ${region}`,
      (abortSignal) => clients.rds.send(
        new DescribeDBEngineVersionsCommand({ Engine: engine, EngineVersion: engineVersion, Marker: marker }), { abortSignal }),
      "the handler's role needs rds:DescribeDBEngineVersions");
    version = (page.DBEngineVersions ?? []).find((v) => v.Engine === engine && v.EngineVersion === engineVersion);
    marker = version ? undefined : page.Marker;
  } while (marker);
  if (!version) {
    throw new CheckFailed(CaCheckMessages.unknownEngineVersion(engine, engineVersion, region));
  }
  const supported = version.SupportedCACertificateIdentifiers ?? [];
  if (!supported.includes(ca)) {
    const list = supported.length > 0 ? `it supports ${supported.join(', ')}` : 'RDS lists no supported CA for it';
    throw new CheckFailed(`${engine} ${engineVersion} in ${region} does not support ${ca}; ${list}. Upgrade the engine version or choose a supported CA`);
  }
  return version.SupportsCertificateRotationWithoutRestart;
}

function matchThumbprint(store: TrustStore, region: string, ca: CertificateAuthority, apiThumbprint: string): RdsCertificate {
  let expected: RdsCertificate | undefined;
  try {
    expected = store.root(region, ca);
  } catch {
    expected = undefined;
  }
  const match = store.rootsFor(region).find((r) => r.thumbprint === apiThumbprint);
  if (match && expected && match === expected) return match;
  // A root whose bytes changed no longer verifies with its own key, so the trust store leaves it out: it is missing.
  throw new CheckFailed(CaCheckMessages.thumbprintMismatch(region, ca.identifier, apiThumbprint, expected?.thumbprint,
    match && (match.certificateAuthority?.identifier ?? match.commonName)));
}

function checkValidity(props: CaCheckProperties, region: string, validTill: Date, now: Date): string | undefined {
  const ca = props.certificateAuthority.identifier;
  const left = validTill.getTime() - now.getTime();
  if (left <= 0) throw new CheckFailed(CaCheckMessages.expired(region, ca, validTill.toISOString()));
  if (left >= props.minimumValidityDays * DAY_MS) return undefined;
  const message = CaCheckMessages.expiresWithin(region, ca, validTill.toISOString(), props.minimumValidityDays,
    props.expiryBehavior, Math.floor(left / DAY_MS));
  if (props.expiryBehavior === ExpiryBehavior.WARN) return message;
  throw new CheckFailed(message);
}

interface PublishInput {
  readonly publication: Publication;
  readonly physicalId: string;
  readonly publisher: Publisher;
  readonly names: TrustBundleParameterNames;
  readonly bundlePem: string;
  readonly bundleS3Uri: string;
  readonly parameters: ReadonlyArray<readonly [string, string]>;
  readonly invocation: Invocation;
  readonly clients: Clients;
  /** Filled with what this invocation writes, for cleanup, messages and the physical id of a failed Create. */
  readonly written: Written;
}

/**
 * Put the bundle in S3 and the parameters in SSM, after checking who owns each of them: when any belongs to another
 * stack (or to nothing aurora-tls recognises), the publication is refused before anything is written (ownership.ts).
 * On failure, remove what this invocation created (objects and parameters that did not exist before it; overwritten
 * ones are left for CloudFormation's rollback to republish).
 */
async function publish(input: PublishInput): Promise<void> {
  const { publication, physicalId, publisher, invocation, clients, written } = input;
  const created = written.created;
  const { bucketName: Bucket, objectKey: Key } = publication;
  const uri = input.bundleS3Uri;

  // 1. Whose is each name? Nothing is written until every one is new, this stack's, or this resource's from before.
  const existed = await objectState(invocation, clients, Bucket, Key, uri);
  const parameters = await parameterStates(input);
  const conflicts: Conflict[] = [
    ...objectConflicts(existed, uri, publisher),
    ...parameters.flatMap((p) => (p.conflict ? [p.conflict] : [])),
  ];
  if (conflicts.length > 0) throw new CheckFailed(conflictReason(conflicts, publication.parameterPrefix));

  // 2. Write, recording the owner on everything.
  let createdObject = false;
  let wroteAnything = false;
  const createdParameters: string[] = [];
  try {
    const serverSideEncryption = await defaultEncryption(input);
    const isNew = existed.state !== 'present';
    written.tookOver = existed.state === 'present' && (!sameResource(existed.owner, publisher.owner) || existed.publicationId !== physicalId);
    await invocation.call(`PutObject ${uri}`,
      async (abortSignal) => {
        // Until S3 answers, a new object may or may not have been written.
        if (isNew) written.pendingObject = uri;
        try {
          return await clients.s3.send(new PutObjectCommand({
            Bucket,
            Key,
            Body: input.bundlePem,
            ContentType: TrustBundleLayout.bundleContentType(),
            // S3 checks the upload against this checksum and keeps it with the object; a bucket with a default Object
            // Lock retention (the stack's bucket) refuses a PUT without one.
            ChecksumAlgorithm: 'SHA256',
            ...(serverSideEncryption ? { ServerSideEncryption: serverSideEncryption } : {}),
            // Conditional write: a new object only if there is none (S3 would not say, or another publication raced
            // this one), the checked object only if nobody changed it since.
            ...(existed.state === 'present' && existed.etag ? { IfMatch: existed.etag } : {}),
            ...(isNew ? { IfNoneMatch: '*' } : {}),
            // The publication's physical id, which a failed Create answers with too (failedCreatePhysicalId), and the
            // owner (ownership.ts).
            Metadata: { [OWNER_METADATA_KEY]: physicalId, ...ownerEntries(publisher.owner) },
          }), { abortSignal });
        } finally {
          // S3 answered (an error included): settled. Aborted at the deadline: the request may have reached S3.
          if (!abortSignal.aborted) written.pendingObject = undefined;
        }
      },
      "the handler's role needs s3:PutObject on the bucket (and kms:GenerateDataKey if the bucket uses a KMS key)");
    wroteAnything = true;
    if (isNew) {
      createdObject = true;
      created.push(uri);
      written.pendingObject = undefined;
    }
    for (const parameter of parameters) {
      const { name: Name, value: Value } = parameter;
      if (parameter.state === 'absent') {
        // Created with its owner in one call (SSM refuses Tags with Overwrite): fails if another publication created
        // it since it was checked.
        await invocation.call(`PutParameter ${Name}`,
          (abortSignal) => clients.ssm.send(new PutParameterCommand({ Name, Value, Type: 'String', Tags: ownerTags(publisher.owner) }), { abortSignal }),
          "the handler's role needs ssm:PutParameter and ssm:AddTagsToResource on the parameters");
        createdParameters.push(Name);
        created.push(Name);
        continue;
      }
      await invocation.call(`PutParameter ${Name}`,
        (abortSignal) => clients.ssm.send(new PutParameterCommand({ Name, Value, Type: 'String', Overwrite: true }), { abortSignal }),
        "the handler's role needs ssm:PutParameter on the parameters");
      if (!sameResource(parameter.owner, publisher.owner)) {
        await invocation.call(`AddTagsToResource ${Name}`,
          (abortSignal) => clients.ssm.send(new AddTagsToResourceCommand({ ResourceType: 'Parameter', ResourceId: Name, Tags: ownerTags(publisher.owner) }), { abortSignal }),
          "the handler's role needs ssm:AddTagsToResource on the parameters");
      }
    }
  } catch (e) {
    if (!(e instanceof AwsCallError)) throw e;
    const cleanup = await cleanUp(invocation, clients, Bucket, Key, uri, createdObject, createdParameters, created);
    if (RACE_CODES.includes(e.code)) {
      // Another writer got there between the check and the write: the same refusal, after removing what this wrote.
      const name = e.step.startsWith('PutObject') ? uri : e.step.replace(/^PutParameter /, '');
      const conflict = { name, owner: 'another writer, which wrote it after this publication checked it' };
      throw new CheckFailed(conflictReason([conflict], publication.parameterPrefix, wroteAnything ? cleanup.trim() : undefined));
    }
    throw new CheckFailed(`Publishing failed: ${e.message}.${cleanup}`);
  }
}

/** The owner recorded in a parameter's tags (undefined when it has none). */
async function parameterOwner(invocation: Invocation, clients: Clients, name: string): Promise<Owner | undefined> {
  const tags = await invocation.call(`ListTagsForResource ${name}`,
    (abortSignal) => clients.ssm.send(new ListTagsForResourceCommand({ ResourceType: 'Parameter', ResourceId: name }), { abortSignal }),
    "the handler's role needs ssm:ListTagsForResource on the parameters");
  return ownerOf(Object.fromEntries((tags.TagList ?? []).map((t) => [t.Key!, t.Value])));
}

/** What S3 and SSM answer when a conditional write finds that another writer got there first. */
const RACE_CODES = ['PreconditionFailed', 'ConditionalRequestConflict', 'ParameterAlreadyExists'];

/** The owner as SSM tags. */
function ownerTags(owner: Owner): Array<{ Key: string; Value: string }> {
  return Object.entries(ownerEntries(owner)).map(([Key, Value]) => ({ Key, Value }));
}

/** Why the object at the key is not this publication's to write (empty when it is, or there is none). */
function objectConflicts(existed: ObjectState, uri: string, publisher: Publisher): Conflict[] {
  if (existed.state !== 'present') return [];
  if (sameStack(existed.owner, publisher.owner)) return [];
  // Written by an aurora-tls that recorded no owner, as this very resource's publication: adopted by its Update.
  if (!existed.owner && existed.publicationId !== undefined && existed.publicationId === publisher.previous?.physicalId) return [];
  const unrecorded = existed.publicationId
    ? `aurora-tls publication ${existed.publicationId}, which recorded no stack (an older aurora-tls)`
    : 'no aurora-tls publication (it was not written by aurora-tls)';
  return [{ name: uri, owner: describeOwner(existed.owner, unrecorded) }];
}

/** A parameter the publication writes, and whose it is now. */
interface ParameterState {
  readonly name: string;
  readonly value: string;
  readonly state: 'absent' | 'present';
  readonly owner?: Owner;
  readonly conflict?: Conflict;
}

/** Read the parameters and the owner tags of those that exist. */
async function parameterStates(input: PublishInput): Promise<ParameterState[]> {
  const { invocation, clients, publisher, names } = input;
  const wanted = input.parameters.map(([name]) => name);
  const current = await invocation.call(`GetParameters under ${input.publication.parameterPrefix}`,
    (abortSignal) => clients.ssm.send(new GetParametersCommand({ Names: wanted }), { abortSignal }),
    "the handler's role needs ssm:GetParameters on the parameters");
  const existing = new Map((current.Parameters ?? []).map((p) => [p.Name!, p.Value]));
  // Parameters an older aurora-tls wrote for this very resource: its Update adopts them.
  const adoptable = publisher.previous?.bundleS3Uri !== undefined && existing.get(names.bundleS3Uri) === publisher.previous.bundleS3Uri;
  const states: ParameterState[] = [];
  for (const [name, value] of input.parameters) {
    if (!existing.has(name)) {
      states.push({ name, value, state: 'absent' });
      continue;
    }
    const owner = await parameterOwner(invocation, clients, name);
    const ours = sameStack(owner, publisher.owner) || (owner === undefined && adoptable);
    const conflict = ours ? undefined : {
      name,
      owner: describeOwner(owner, 'no aurora-tls publication (it has no owner tags: written by hand, or by an older aurora-tls for another resource)'),
    };
    states.push({ name, value, state: 'present', owner, conflict });
  }
  return states;
}

/** The SSE to request: none if the bucket encrypts with its own KMS key by default, else AES256. */
async function defaultEncryption(input: PublishInput): Promise<'AES256' | undefined> {
  const { invocation, clients, publication } = input;
  try {
    const result = await invocation.call(`GetBucketEncryption ${publication.bucketName}`,
      (abortSignal) => clients.s3.send(new GetBucketEncryptionCommand({ Bucket: publication.bucketName }), { abortSignal }));
    const algorithms = (result.ServerSideEncryptionConfiguration?.Rules ?? [])
      .map((r) => r.ApplyServerSideEncryptionByDefault?.SSEAlgorithm)
      .filter((a): a is NonNullable<typeof a> => a !== undefined);
    return algorithms.some((a) => a !== 'AES256') ? undefined : 'AES256';
  } catch (e) {
    if (e instanceof DeadlineExceededError) throw e;
    // No configuration, or no s3:GetEncryptionConfiguration permission: ask for SSE-S3 explicitly.
    return 'AES256';
  }
}

/** What was at the key before the PutObject. */
type ObjectState =
  | { readonly state: 'absent' }
  /** `publicationId`: the physical id in its `aurora-tls-owner` metadata; `owner`: the stack that wrote it. */
  | { readonly state: 'present'; readonly etag?: string; readonly publicationId?: string; readonly owner?: Owner }
  /** S3 will not say (403 without s3:ListBucket): the PutObject then creates it only if it does not exist. */
  | { readonly state: 'unknown' };

async function objectState(invocation: Invocation, clients: Clients, Bucket: string, Key: string, uri: string): Promise<ObjectState> {
  try {
    const head = await invocation.call(`HeadObject ${uri}`, (abortSignal) => clients.s3.send(new HeadObjectCommand({ Bucket, Key }), { abortSignal }));
    return { state: 'present', etag: head.ETag, publicationId: head.Metadata?.[OWNER_METADATA_KEY], owner: ownerOf(head.Metadata) };
  } catch (e) {
    if (e instanceof AwsCallError && isGone(e.cause)) return { state: 'absent' };
    if (e instanceof AwsCallError) return { state: 'unknown' };
    throw e;
  }
}

/** Best-effort removal after a partial publication; returns a sentence for the Reason. */
async function cleanUp(
  invocation: Invocation,
  clients: Clients,
  Bucket: string,
  Key: string,
  uri: string,
  createdObject: boolean,
  createdParameters: string[],
  created: string[],
): Promise<string> {
  if (!createdObject && createdParameters.length === 0) return ' Nothing this attempt created needed removing.';
  const removed: string[] = [];
  const problems: string[] = [];
  if (createdObject) {
    try {
      await invocation.call(`DeleteObject ${uri}`, (abortSignal) => clients.s3.send(new DeleteObjectCommand({ Bucket, Key }), { abortSignal }));
      removed.push(uri);
    } catch (e) {
      if (e instanceof DeadlineExceededError) throw e;
      problems.push((e as Error).message);
    }
  }
  if (createdParameters.length > 0) {
    try {
      await invocation.call(`DeleteParameters ${createdParameters.join(', ')}`,
        (abortSignal) => clients.ssm.send(new DeleteParametersCommand({ Names: createdParameters }), { abortSignal }));
      removed.push(...createdParameters);
    } catch (e) {
      if (e instanceof DeadlineExceededError) throw e;
      problems.push((e as Error).message);
    }
  }
  for (const item of removed) created.splice(created.indexOf(item), 1);
  const done = removed.length > 0 ? ` Removed what this attempt had created: ${removed.join(', ')}.` : '';
  const left = problems.length > 0 ? ` Cleanup failed (${problems.join('; ')}); remove ${created.join(', ')} by hand.` : '';
  return `${done}${left}`;
}

// ------------------------------------------------------------------------------------------------ Delete

/** Not found, in any of the ways S3 and SSM say it. */
function isGone(e: unknown): boolean {
  return ['NoSuchKey', 'NoSuchBucket', 'NotFound', 'ParameterNotFound'].includes(errorCode(e)) || httpStatusOf(e) === 404;
}

async function remove(
  physicalId: string,
  owner: Owner,
  props: CaCheckProperties,
  publication: Publication,
  deps: HandlerDeps,
  invocation: Invocation,
  clients: Clients,
): Promise<Outcome> {
  const { bucketName: Bucket, objectKey: Key, parameterPrefix } = publication;
  const uri = TrustBundleLayout.bundleS3Uri(Bucket, Key);
  const names = TrustBundleLayout.parameterNames(parameterPrefix);
  const done: string[] = [];
  const problems: string[] = [];

  // The object: delete it only if this resource still owns it: written by this stack's resource of this logical id,
  // as this publication (an Update that replaced this resource may have republished the same key under a new
  // physical id, another resource of the stack may have taken it over, and another stack's is never this one's).
  try {
    let head: { publicationId?: string; owner?: Owner } | undefined;
    try {
      const found = await invocation.call(`HeadObject ${uri}`,
        (abortSignal) => clients.s3.send(new HeadObjectCommand({ Bucket, Key }), { abortSignal }),
        "the handler's role needs s3:GetObject and s3:ListBucket on the bucket");
      head = { publicationId: found.Metadata?.[OWNER_METADATA_KEY], owner: ownerOf(found.Metadata) };
    } catch (e) {
      if (!(e instanceof AwsCallError) || !isGone(e.cause)) throw e;
    }
    if (!head) {
      done.push(`the object ${uri} was already gone`);
    } else if (head.publicationId !== physicalId || (head.owner !== undefined && !sameResource(head.owner, owner))) {
      const by = head.owner && !sameResource(head.owner, owner) ? describeOwner(head.owner, '') : head.publicationId ?? 'no aurora-tls resource';
      done.push(`left ${uri} in place (it belongs to ${by})`);
    } else {
      try {
        await invocation.call(`DeleteObject ${uri}`,
          (abortSignal) => clients.s3.send(new DeleteObjectCommand({ Bucket, Key }), { abortSignal }),
          "the handler's role needs s3:DeleteObject on the bucket");
      } catch (e) {
        if (!(e instanceof AwsCallError) || !isGone(e.cause)) throw e;
      }
      done.push(`deleted ${uri}`);
    }
  } catch (e) {
    if (!(e instanceof AwsCallError)) throw e;
    problems.push(e.message);
  }

  // The parameters: delete them only if they are this resource's (owner tags; none on those an older aurora-tls
  // wrote) and still describe this publication (same CA, same bundle location).
  try {
    const all = [names.caIdentifier, names.rootPem, names.bundleS3Uri, names.bundleSha256, names.validTill, names.sslMode];
    const current = await invocation.call(`GetParameters ${names.caIdentifier}, ${names.bundleS3Uri}`,
      (abortSignal) => clients.ssm.send(new GetParametersCommand({ Names: [names.caIdentifier, names.bundleS3Uri] }), { abortSignal }),
      "the handler's role needs ssm:GetParameters on the prefix");
    const value = (name: string) => current.Parameters?.find((p) => p.Name === name)?.Value;
    const ca = value(names.caIdentifier);
    const location = value(names.bundleS3Uri);
    const tagged = ca === undefined ? undefined : await parameterOwner(invocation, clients, names.caIdentifier);
    if (tagged !== undefined && !sameResource(tagged, owner)) {
      done.push(`left the parameters under ${parameterPrefix} in place (they belong to ${describeOwner(tagged, '')})`);
    } else if ((ca !== undefined && ca !== props.certificateAuthority.identifier) || (location !== undefined && location !== uri)) {
      done.push(`left the parameters under ${parameterPrefix} in place (they now describe ${ca ?? '?'} at ${location ?? '?'})`);
    } else {
      const result = await invocation.call(`DeleteParameters under ${parameterPrefix}`,
        (abortSignal) => clients.ssm.send(new DeleteParametersCommand({ Names: all }), { abortSignal }),
        "the handler's role needs ssm:DeleteParameters on the prefix");
      const deleted = result.DeletedParameters?.length ?? 0;
      if (deleted === 0) done.push(`the parameters under ${parameterPrefix} were already gone`);
      else if (deleted === all.length) done.push(`deleted the ${deleted} parameters under ${parameterPrefix}`);
      else done.push(`deleted ${deleted} of the ${all.length} parameters under ${parameterPrefix} (the others were already gone)`);
    }
  } catch (e) {
    if (!(e instanceof AwsCallError)) throw e;
    problems.push(e.message);
  }

  const summary = done.join('; ');
  if (problems.length > 0) {
    return { status: 'FAILED', reason: `Delete failed: ${problems.join('; ')}${summary ? ` (${summary})` : ''}`, physicalId };
  }
  deps.log('info', `Delete of ${physicalId}: ${summary}`);
  return { status: 'SUCCESS', reason: `${summary.charAt(0).toUpperCase()}${summary.slice(1)}`, physicalId };
}
