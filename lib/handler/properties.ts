// ResourceProperties of the ca-check custom resource: parsed and validated together, every problem in one message.

import { CertificateAuthority, ExpiryBehavior, SslMode, TrustBundleLayout } from '../core';

/** Engines whose versions the handler can check with DescribeDBEngineVersions. */
export const ENGINES = ['aurora-postgresql', 'aurora-mysql'] as const;
export type Engine = (typeof ENGINES)[number];

/** The ExpiryBehavior property: the values of core's ExpiryBehavior ('fail', 'warn'). */
export const EXPIRY_BEHAVIORS: readonly string[] = Object.values(ExpiryBehavior);

/** Where and what to publish: BucketName, ObjectKey and ParameterPrefix, given together. */
export interface Publication {
  readonly bucketName: string;
  readonly objectKey: string;
  /** Without a trailing '/'. */
  readonly parameterPrefix: string;
  readonly sslMode: SslMode;
}

/** The validated properties. */
export interface CaCheckProperties {
  readonly certificateAuthority: CertificateAuthority;
  readonly engine?: Engine;
  readonly engineVersion?: string;
  /** Whole days the CA must stay valid after the deployment. */
  readonly minimumValidityDays: number;
  readonly expiryBehavior: ExpiryBehavior;
  /** What to publish; undefined for a check-only resource (BucketName, ObjectKey and ParameterPrefix all absent). */
  readonly publication?: Publication;
  /** Lowercase hex. */
  readonly expectedBundleSha256?: string;
}

/** Every property the handler reads; `ServiceToken` and `ServiceTimeout` are CloudFormation's own. */
export const PROPERTY_NAMES = [
  'CertificateAuthority', 'Engine', 'EngineVersion', 'MinimumValidityDays', 'ExpiryBehavior',
  'BucketName', 'ObjectKey', 'ParameterPrefix', 'SslMode', 'ExpectedBundleSha256',
] as const;
const CLOUDFORMATION_PROPERTIES = ['ServiceToken', 'ServiceTimeout'];
/** The properties that say where to publish: all three, or none for a check-only resource. */
const PUBLICATION_PROPERTIES = ['BucketName', 'ObjectKey', 'ParameterPrefix'] as const;

export const DEFAULT_MINIMUM_VALIDITY_DAYS = 365;
const MAX_MINIMUM_VALIDITY_DAYS = 36_500;

/** Thrown with every problem found, each naming the property, the value and the fix. */
export class InvalidPropertiesError extends Error {
  constructor(public readonly problems: string[]) {
    super(`Invalid ResourceProperties: ${problems.join('; ')}`);
    this.name = 'InvalidPropertiesError';
  }
}

const ENGINE_VERSION = /^[0-9][0-9A-Za-z._-]{0,63}$/;
const SHA256_HEX = /^[0-9a-fA-F]{64}$/;

/**
 * Parse the ResourceProperties of a Create, Update or Delete event.
 * @throws InvalidPropertiesError listing every problem
 */
export function parseProperties(raw: unknown): CaCheckProperties {
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) {
    throw new InvalidPropertiesError([`ResourceProperties must be an object, got ${show(raw)}`]);
  }
  const props = raw as Record<string, unknown>;
  const problems: string[] = [];

  if (props.P7bObjectKey !== undefined) {
    problems.push('P7bObjectKey is not supported: this handler publishes the PEM bundle only (ObjectKey); remove P7bObjectKey');
  }
  const unknown = Object.keys(props).filter((key) =>
    !(PROPERTY_NAMES as readonly string[]).includes(key) && !CLOUDFORMATION_PROPERTIES.includes(key) && key !== 'P7bObjectKey');
  if (unknown.length > 0) {
    problems.push(`unknown ${unknown.length === 1 ? 'property' : 'properties'} ${unknown.join(', ')}; known properties: ${PROPERTY_NAMES.join(', ')}`);
  }

  /** The string value of a property, or undefined if absent; records a problem for non-strings. */
  const str = (name: (typeof PROPERTY_NAMES)[number], required: boolean): string | undefined => {
    const value = props[name];
    if (value === undefined) {
      if (required) problems.push(`${name} is required`);
      return undefined;
    }
    if (typeof value !== 'string') {
      problems.push(`${name} must be a string (as CloudFormation delivers properties), got ${show(value)}`);
      return undefined;
    }
    return value;
  };
  /** Run a check that throws, recording its message under the property name. */
  const attempt = <T>(name: string, fn: () => T): T | undefined => {
    try {
      return fn();
    } catch (e) {
      problems.push(`${name}: ${(e as Error).message}`);
      return undefined;
    }
  };

  const caValue = str('CertificateAuthority', true);
  const certificateAuthority = caValue === undefined ? undefined : attempt('CertificateAuthority', () => CertificateAuthority.of(caValue));

  const engineValue = str('Engine', false);
  if (engineValue !== undefined && !(ENGINES as readonly string[]).includes(engineValue)) {
    problems.push(`Engine ${show(engineValue)} is not supported; use ${ENGINES.map((e) => `'${e}'`).join(' or ')}`);
  }
  const engineVersion = str('EngineVersion', false);
  if (engineVersion !== undefined) {
    if (!ENGINE_VERSION.test(engineVersion)) {
      problems.push(`EngineVersion ${show(engineVersion)} is not an engine version such as '16.4' or '8.0.mysql_aurora.3.08.0'`);
    }
    if (props.Engine === undefined) {
      problems.push(`EngineVersion ${show(engineVersion)} needs Engine (${ENGINES.map((e) => `'${e}'`).join(' or ')}) to be checked`);
    }
  }

  const daysValue = str('MinimumValidityDays', false);
  let minimumValidityDays = DEFAULT_MINIMUM_VALIDITY_DAYS;
  if (daysValue !== undefined) {
    if (!/^\d{1,6}$/.test(daysValue) || Number(daysValue) > MAX_MINIMUM_VALIDITY_DAYS) {
      problems.push(`MinimumValidityDays ${show(daysValue)} must be a whole number of days from 0 to ${MAX_MINIMUM_VALIDITY_DAYS}, e.g. '365'`);
    } else {
      minimumValidityDays = Number(daysValue);
    }
  }

  const behaviorValue = str('ExpiryBehavior', false) ?? ExpiryBehavior.FAIL;
  if (!EXPIRY_BEHAVIORS.includes(behaviorValue)) {
    problems.push(`ExpiryBehavior ${show(behaviorValue)} must be 'fail' or 'warn'`);
  }

  // Publication: BucketName, ObjectKey and ParameterPrefix together, or none of them to only check.
  const given = PUBLICATION_PROPERTIES.filter((name) => props[name] !== undefined);
  const publishing = given.length > 0;
  if (publishing && given.length < PUBLICATION_PROPERTIES.length) {
    const missing = PUBLICATION_PROPERTIES.filter((name) => props[name] === undefined);
    problems.push('BucketName, ObjectKey and ParameterPrefix go together: give all three to publish the trust bundle, or none to only check; ' +
      `${missing.join(' and ')} ${missing.length === 1 ? 'is' : 'are'} missing`);
  }

  // The same S3 naming rules as the constructs check at synth time (TrustBundleLayout).
  const bucketName = str('BucketName', false);
  if (bucketName !== undefined) problems.push(...TrustBundleLayout.checkBucketName(bucketName, 'BucketName'));

  const objectKey = str('ObjectKey', false);
  if (objectKey !== undefined) problems.push(...TrustBundleLayout.checkObjectKey(objectKey, 'ObjectKey'));

  const prefixValue = str('ParameterPrefix', false);
  if (prefixValue !== undefined) {
    for (const message of TrustBundleLayout.checkParameterPrefix(prefixValue)) problems.push(`ParameterPrefix: ${message}`);
  }

  const sslModeValue = str('SslMode', false);
  if (sslModeValue !== undefined && !publishing) {
    problems.push('SslMode is only published (to the sslmode parameter), so it needs BucketName, ObjectKey and ParameterPrefix; remove SslMode to only check');
  }
  const sslMode = sslModeValue === undefined ? SslMode.RECOMMENDED : attempt('SslMode', () => SslMode.of(sslModeValue));

  const sha = str('ExpectedBundleSha256', false);
  if (sha !== undefined && !SHA256_HEX.test(sha)) {
    problems.push(`ExpectedBundleSha256 ${show(sha)} must be 64 hex digits (a SHA-256)`);
  }

  if (problems.length > 0) throw new InvalidPropertiesError(problems);
  return {
    certificateAuthority: certificateAuthority!,
    engine: engineValue as Engine | undefined,
    engineVersion,
    minimumValidityDays,
    expiryBehavior: behaviorValue as ExpiryBehavior,
    publication: publishing
      ? { bucketName: bucketName!, objectKey: objectKey!, parameterPrefix: prefixValue!.replace(/\/$/, ''), sslMode: sslMode! }
      : undefined,
    expectedBundleSha256: sha?.toLowerCase(),
  };
}

/** Short rendering of a value for a message. */
export function show(value: unknown): string {
  if (value === undefined) return 'undefined';
  if (value === null) return 'null';
  if (typeof value === 'string') return value.length > 80 ? `'${value.slice(0, 80)}...' (${value.length} characters)` : `'${value}'`;
  if (typeof value === 'number' || typeof value === 'boolean') return `${typeof value} ${String(value)}`;
  if (Array.isArray(value)) return `an array of ${value.length}`;
  return `a ${typeof value}`;
}
