// The AWS provider classes that only the plan-time check and the trust bundle create, loaded on first use. Each is a
// large generated module: a stack that synthesizes only clusters (`deployTimeCheck: false`) never loads them, so
// `require('aurora-tls/tf')` costs about what the cluster classes cost a hand-written app. The classes every cluster
// needs (cluster, instance, parameter group) are ordinary imports. Not exported from the package.
//
// The specifiers are string literals in `require()` calls, so scripts/build-tf.ts maps them to @cdktn/provider-aws.
/* eslint-disable @typescript-eslint/no-require-imports */
import type * as RdsCertificate from '@cdktf/provider-aws/lib/data-aws-rds-certificate';
import type * as RdsEngineVersion from '@cdktf/provider-aws/lib/data-aws-rds-engine-version';
import type * as Region from '@cdktf/provider-aws/lib/data-aws-region';
import type * as Bucket from '@cdktf/provider-aws/lib/s3-bucket';
import type * as Lifecycle from '@cdktf/provider-aws/lib/s3-bucket-lifecycle-configuration';
import type * as ObjectLock from '@cdktf/provider-aws/lib/s3-bucket-object-lock-configuration';
import type * as BucketPolicy from '@cdktf/provider-aws/lib/s3-bucket-policy';
import type * as PublicAccessBlock from '@cdktf/provider-aws/lib/s3-bucket-public-access-block';
import type * as Encryption from '@cdktf/provider-aws/lib/s3-bucket-server-side-encryption-configuration';
import type * as Versioning from '@cdktf/provider-aws/lib/s3-bucket-versioning';
import type * as Object_ from '@cdktf/provider-aws/lib/s3-object';
import type * as Parameter from '@cdktf/provider-aws/lib/ssm-parameter';

/**
 * The lazily loaded provider classes, named as in the provider package: `new LazyProviders.S3Bucket(scope, id, config)`
 * loads the module on first use (Node caches it).
 */
export const LazyProviders = {
  get DataAwsRdsCertificate(): typeof RdsCertificate.DataAwsRdsCertificate {
    return (require('@cdktf/provider-aws/lib/data-aws-rds-certificate') as typeof RdsCertificate).DataAwsRdsCertificate;
  },
  get DataAwsRdsEngineVersion(): typeof RdsEngineVersion.DataAwsRdsEngineVersion {
    return (require('@cdktf/provider-aws/lib/data-aws-rds-engine-version') as typeof RdsEngineVersion).DataAwsRdsEngineVersion;
  },
  get DataAwsRegion(): typeof Region.DataAwsRegion {
    return (require('@cdktf/provider-aws/lib/data-aws-region') as typeof Region).DataAwsRegion;
  },
  get S3Bucket(): typeof Bucket.S3Bucket {
    return (require('@cdktf/provider-aws/lib/s3-bucket') as typeof Bucket).S3Bucket;
  },
  get S3BucketLifecycleConfiguration(): typeof Lifecycle.S3BucketLifecycleConfiguration {
    return (require('@cdktf/provider-aws/lib/s3-bucket-lifecycle-configuration') as typeof Lifecycle).S3BucketLifecycleConfiguration;
  },
  get S3BucketObjectLockConfigurationA(): typeof ObjectLock.S3BucketObjectLockConfigurationA {
    return (require('@cdktf/provider-aws/lib/s3-bucket-object-lock-configuration') as typeof ObjectLock).S3BucketObjectLockConfigurationA;
  },
  get S3BucketPolicy(): typeof BucketPolicy.S3BucketPolicy {
    return (require('@cdktf/provider-aws/lib/s3-bucket-policy') as typeof BucketPolicy).S3BucketPolicy;
  },
  get S3BucketPublicAccessBlock(): typeof PublicAccessBlock.S3BucketPublicAccessBlock {
    return (require('@cdktf/provider-aws/lib/s3-bucket-public-access-block') as typeof PublicAccessBlock).S3BucketPublicAccessBlock;
  },
  get S3BucketServerSideEncryptionConfigurationA(): typeof Encryption.S3BucketServerSideEncryptionConfigurationA {
    return (require('@cdktf/provider-aws/lib/s3-bucket-server-side-encryption-configuration') as typeof Encryption)
      .S3BucketServerSideEncryptionConfigurationA;
  },
  get S3BucketVersioningA(): typeof Versioning.S3BucketVersioningA {
    return (require('@cdktf/provider-aws/lib/s3-bucket-versioning') as typeof Versioning).S3BucketVersioningA;
  },
  get S3Object(): typeof Object_.S3Object {
    return (require('@cdktf/provider-aws/lib/s3-object') as typeof Object_).S3Object;
  },
  get SsmParameter(): typeof Parameter.SsmParameter {
    return (require('@cdktf/provider-aws/lib/ssm-parameter') as typeof Parameter).SsmParameter;
  },
};
