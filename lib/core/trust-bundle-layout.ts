import { CertificateAuthority } from './certificate-authority';
import { defaultObjectKey, defaultParameterPrefix } from './private/layout';
import { describeValue } from './private/util';
import { SslMode } from './ssl-mode';

/**
 * The full names of the SSM parameters a trust bundle publishes under one prefix.
 *
 * The same names and meaning in the AWS CDK and the CDK for Terraform `TrustBundle`.
 */
export interface TrustBundleParameterNames {
  /** `<prefix>/ca-identifier`: the RDS CA identifier the cluster's instances use, e.g. `rds-ca-ecc384-g1`. */
  readonly caIdentifier: string;
  /** `<prefix>/root-pem`: the PEM of that CA's single root certificate for the region. */
  readonly rootPem: string;
  /** `<prefix>/bundle-s3-uri`: `s3://<bucket>/<key>` of the region's PEM bundle (all of the region's G1 roots). */
  readonly bundleS3Uri: string;
  /** `<prefix>/bundle-sha256`: lowercase hex SHA-256 of the bundle object's bytes. */
  readonly bundleSha256: string;
  /** `<prefix>/valid-till`: ISO 8601 UTC time after which the CA's root is no longer valid. */
  readonly validTill: string;
  /** `<prefix>/sslmode`: the libpq `sslmode` clients should use (`verify-full`). */
  readonly sslMode: string;
}

/** SSM parameter names: letters, digits, `.`, `-`, `_` and `/` (AWS Systems Manager rules). */
const PARAMETER_NAME = /^[a-zA-Z0-9_.\-/]+$/;
/** Longest full parameter name SSM accepts (including the leading `/`), minus the longest leaf, `/bundle-s3-uri`. */
const MAX_PREFIX_LENGTH = 1011 - '/bundle-s3-uri'.length;
/** SSM accepts at most 15 levels; the leaf adds one. */
const MAX_PREFIX_LEVELS = 14;
/** S3 general purpose bucket names (the AWS S3 user guide's naming rules, without the reserved prefixes). */
const BUCKET_NAME = /^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/;
/** A stack name as a level of the default names: what SSM parameter levels and S3 keys both take, CloudFormation's 128 at most. */
const STACK_NAME = /^[A-Za-z0-9_.-]{1,128}$/;
/** S3 object keys are at most 1024 bytes of UTF-8. */
const MAX_OBJECT_KEY_BYTES = 1024;

/**
 * Where a trust bundle lives: the SSM parameter names under a prefix, and the S3 object key of the region's
 * bundle. One place for both the AWS CDK and the CDK for Terraform constructs, so applications can read either.
 *
 * The names are built by plain string concatenation, so deploy-time tokens (a region known only at deploy
 * time, a prefix from a parameter) are kept as they are; `checkParameterPrefix` validates a concrete prefix.
 */
export class TrustBundleLayout {
  /**
   * The default SSM parameter prefix of a stack's trust bundle: `/aurora-tls/<stack-name>/<ca-identifier>`, e.g.
   * `/aurora-tls/Database/rds-ca-ecc384-g1`.
   *
   * SSM parameters are regional and a stack name is unique within an account and region, so two stacks never share
   * a default prefix: dev and prod side by side, two apps, or an environment-agnostic stack deployed beside a
   * concrete-region one each publish their own parameters. A prefix given by the user is used as given.
   *
   * @param stackName the name of the stack that publishes (CloudFormation stack name, or the Terraform stack's name)
   * @param ca the certificate authority whose root the bundle publishes
   */
  public static parameterPrefix(stackName: string, ca: CertificateAuthority): string {
    TrustBundleLayout.checkAuthority(ca);
    return defaultParameterPrefix(TrustBundleLayout.stackPart(stackName), ca.identifier);
  }

  /**
   * The full SSM parameter names under a prefix.
   * @param prefix a parameter path such as `/aurora-tls/rds-ca-rsa2048-g1` (a trailing `/` is ignored)
   */
  public static parameterNames(prefix: string): TrustBundleParameterNames {
    if (typeof prefix !== 'string') {
      throw new Error(`Parameter prefix must be a string such as '/aurora-tls/rds-ca-rsa2048-g1', got ${describeValue(prefix)}`);
    }
    const base = prefix.endsWith('/') ? prefix.slice(0, -1) : prefix;
    return {
      caIdentifier: `${base}/ca-identifier`,
      rootPem: `${base}/root-pem`,
      bundleS3Uri: `${base}/bundle-s3-uri`,
      bundleSha256: `${base}/bundle-sha256`,
      validTill: `${base}/valid-till`,
      sslMode: `${base}/sslmode`,
    };
  }

  /**
   * What is wrong with a concrete parameter prefix (empty when it is valid). Callers skip unresolved tokens.
   * @param prefix the prefix to check
   */
  public static checkParameterPrefix(prefix: string): string[] {
    if (typeof prefix !== 'string') {
      return [`Parameter prefix must be a string such as '/aurora-tls/rds-ca-rsa2048-g1', got ${describeValue(prefix)}`];
    }
    if (prefix.trim() !== prefix) {
      return [`Parameter prefix ${describeValue(prefix)} has leading or trailing whitespace; use ${describeValue(prefix.trim())}`];
    }
    const rules: Array<{ readonly condition: boolean; readonly message: string }> = [
      {
        condition: !prefix.startsWith('/'),
        message: `Parameter prefix ${describeValue(prefix)} must start with '/', e.g. ${describeValue(`/${prefix}`)}`,
      },
      {
        condition: !PARAMETER_NAME.test(prefix),
        message: `Parameter prefix ${describeValue(prefix)} may only contain letters, digits, '.', '-', '_' and '/' (AWS Systems Manager rules)`,
      },
      {
        condition: prefix.includes('//'),
        message: `Parameter prefix ${describeValue(prefix)} contains an empty level ('//'); remove the extra '/'`,
      },
      {
        condition: /^\/(aws|ssm)(\/|$)/i.test(prefix),
        message: `Parameter prefix ${describeValue(prefix)} starts with a name AWS reserves ('aws' or 'ssm'); choose another, e.g. '/aurora-tls/...'`,
      },
      {
        condition: prefix.length > MAX_PREFIX_LENGTH,
        message: `Parameter prefix ${describeValue(prefix)} is longer than ${MAX_PREFIX_LENGTH} characters; shorten it`,
      },
      {
        condition: prefix.replace(/\/$/, '').split('/').length - 1 > MAX_PREFIX_LEVELS,
        message: `Parameter prefix ${describeValue(prefix)} has more than ${MAX_PREFIX_LEVELS} levels (SSM allows 15 including the parameter name); flatten it`,
      },
    ];
    return rules.filter((r) => r.condition).map((r) => r.message);
  }

  /**
   * What is wrong with a concrete S3 bucket name (empty when it is valid): S3 general purpose bucket names have 3 to 63
   * lower-case letters, digits, '.' and '-', start and end with a letter or digit, and have no '..'. Callers skip
   * unresolved tokens.
   * @param name the bucket name to check
   * @param subject what the messages call the name, e.g. `bucketName` @default 'Bucket name'
   */
  public static checkBucketName(name: string, subject?: string): string[] {
    const what = subject ?? 'Bucket name';
    if (typeof name !== 'string') return [`${what} must be a string such as 'my-bundles', got ${describeValue(name)}`];
    if (BUCKET_NAME.test(name) && !name.includes('..')) return [];
    return [`${what} ${describeValue(name)} is not an S3 bucket name (3 to 63 lower-case letters, digits, '.' and '-', starting and ending with a letter or digit)`];
  }

  /**
   * What is wrong with a concrete S3 object key for a bundle (empty when it is valid): not empty, no leading '/', at
   * most 1024 bytes (the S3 limit), no control characters. Callers skip unresolved tokens.
   * @param key the object key to check
   * @param subject what the messages call the key, e.g. `objectKey` @default 'Object key'
   */
  public static checkObjectKey(key: string, subject?: string): string[] {
    const what = subject ?? 'Object key';
    if (typeof key !== 'string') return [`${what} must be a string such as 'aurora-tls/us-east-1-bundle.pem', got ${describeValue(key)}`];
    if (key.length === 0) return [`${what} must not be empty`];
    if (key.startsWith('/')) return [`${what} ${describeValue(key)} must not start with '/'; use ${describeValue(key.replace(/^\/+/, ''))}`];
    if (Buffer.byteLength(key, 'utf8') > MAX_OBJECT_KEY_BYTES) return [`${what} ${describeValue(key)} is longer than ${MAX_OBJECT_KEY_BYTES} bytes (the S3 limit)`];
    if (/[\u0000-\u001f\u007f]/.test(key)) return [`${what} ${describeValue(key)} contains control characters`];
    return [];
  }

  /**
   * The default S3 object key of a stack's region bundle:
   * `aurora-tls/<stack-name>/<region>/<ca-identifier>/<region>-bundle.pem`. Unique per stack, like `parameterPrefix`,
   * so stacks that share a bucket never write the same object. The region is not validated here, so a deploy-time
   * token can be passed; validate concrete regions with `RegionCatalog.validateRegion`.
   *
   * @param stackName the name of the stack that publishes
   * @param region the region of the bundle
   * @param ca the certificate authority whose root the bundle publishes
   */
  public static objectKey(stackName: string, region: string, ca: CertificateAuthority): string {
    const stack = TrustBundleLayout.stackPart(stackName);
    if (typeof region !== 'string' || region.length === 0) {
      throw new Error(`Region must be a non-empty string such as 'us-east-1', got ${describeValue(region)}`);
    }
    TrustBundleLayout.checkAuthority(ca);
    return defaultObjectKey(stack, region, ca.identifier);
  }

  /**
   * What is wrong with a stack name as a level of the default names (empty when it can be one): 1 to 128 letters,
   * digits, '-', '_' and '.' (a CloudFormation stack name always is). Callers skip unresolved tokens.
   * @param stackName the name to check
   */
  public static checkStackName(stackName: string): string[] {
    if (typeof stackName !== 'string') return [`Stack name must be a string such as 'Database', got ${describeValue(stackName)}`];
    if (STACK_NAME.test(stackName)) return [];
    return [
      `Stack name ${describeValue(stackName)} cannot be a level of the default parameter prefix and object key ` +
        "(1 to 128 letters, digits, '-', '_' and '.'); rename the stack, or give the trust bundle a parameterPrefix",
    ];
  }

  /** The `s3://<bucket>/<key>` URI stored in the `bundle-s3-uri` parameter. */
  public static bundleS3Uri(bucketName: string, key: string): string {
    return `s3://${bucketName}/${key}`;
  }

  /**
   * The value of the `valid-till` parameter for a CA expiry: ISO 8601 UTC with milliseconds, as
   * `Date.toISOString()` writes it (e.g. `2061-05-21T22:08:48.000Z`).
   */
  public static formatValidTill(validTill: Date): string {
    if (!(validTill instanceof Date) || Number.isNaN(validTill.getTime())) {
      throw new Error(`valid-till must be a valid Date, got ${describeValue(validTill)}`);
    }
    return validTill.toISOString();
  }

  /** The SSL mode published in the `sslmode` parameter: `SslMode.RECOMMENDED` (`verify-full`). */
  public static recommendedSslMode(): SslMode {
    return SslMode.RECOMMENDED;
  }

  /** The MIME type of the bundle object: `application/x-pem-file`. */
  public static bundleContentType(): string {
    return 'application/x-pem-file';
  }

  private static stackPart(stackName: string): string {
    const problems = TrustBundleLayout.checkStackName(stackName);
    if (problems.length > 0) throw new Error(problems[0]);
    return stackName;
  }

  private static checkAuthority(ca: CertificateAuthority): void {
    if (!(ca instanceof CertificateAuthority)) {
      const hint = typeof ca === 'string' ? `; use CertificateAuthority.of('${ca}')` : '';
      throw new Error(`Expected a CertificateAuthority such as CertificateAuthority.RSA2048_G1, got ${describeValue(ca)}${hint}`);
    }
  }

  private constructor() {}
}
