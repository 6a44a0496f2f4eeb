// The one Lambda function per stack behind every aurora-tls custom resource (the deploy-time CA check and the
// trust bundle publication). Not exported from the package: TrustBundle and TlsAuroraCluster are the public face.
//
// CloudFormation invokes the function directly (no Provider framework, so no extra functions, no layers). Its role
// has the two read-only RDS actions on `*` (RDS offers no resource-level permission for them) and its log group;
// each publication attaches a policy of its own with S3, SSM and KMS statements on exact ARNs (`grantPublication`).
//
// Policy checkers (cdk-nag AwsSolutions, the Control Tower rules of @cdklabs/cdk-validator-cfnguard) flag three things
// here that are deliberate; each is acknowledged on the one resource concerned, with the reason (see SECURITY.md).

import * as path from 'path';
import { Aws, Duration, Stack } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { Construct, IConstruct } from 'constructs';
import { TrustBundleParameterNames } from '../core';
import { PolicyAcknowledgements } from './private/policy-acknowledgements';
import { BundleGrants } from './private/trust-bundle-plan';

/** What one publication writes: the object, and the parameters under its prefix. */
export interface PublicationTarget {
  readonly bucket: s3.IBucket;
  readonly objectKey: string;
  readonly parameterNames: TrustBundleParameterNames;
}

/** The stack's ca-check function, its role and its log group, created on first use. */
export class CaCheckFunction {
  /** Identifies the function within a stack (`lambda.SingletonFunction`); never change it (it would replace the function). */
  public static readonly UUID = '30524b42-ab87-4830-a6dd-7c6e0d62f449';
  /** `lambdaPurpose` of the SingletonFunction: the function's construct id is this followed by the UUID without dashes. */
  public static readonly PURPOSE = 'AuroraTlsCaCheck';
  /** Stack-level construct ids. */
  public static readonly ROLE_ID = 'AuroraTlsCaCheckRole';
  public static readonly LOG_GROUP_ID = 'AuroraTlsCaCheckLogs';
  public static readonly FUNCTION_ID = 'AuroraTlsCaCheckFunction';
  /** The handler bundled by `npx projen bundle`: `lib/cdk` in tests, `dist/cdk` once compiled; both are two levels down. */
  public static readonly ASSET_PATH = path.join(__dirname, '..', '..', 'assets', 'lib', 'handler', 'ca-check.lambda');
  /**
   * Why the policy checkers' findings on the function, its role and its log group are acknowledged rather than fixed
   * (the reason recorded with each acknowledgement; SECURITY.md explains them).
   */
  public static readonly ACKNOWLEDGEMENTS = {
    rdsDescribeOnStar:
      'rds:DescribeCertificates and rds:DescribeDBEngineVersions support no resource-level permissions (the AWS Service ' +
      'Authorization Reference lists no resource type for them), so they need Resource "*"; they are read-only and the ' +
      'only actions on "*": every S3, SSM and KMS action names an exact ARN in the per-publication policies',
    logGroupWithoutKmsKey:
      'The log group holds only the CloudFormation events and answers of the deploy-time check (the pre-signed ' +
      'ResponseURL is logged without its signature) and public certificate facts; CloudWatch Logs encrypts it at rest ' +
      'with service-owned keys, and a customer managed KMS key per stack would add cost and a key policy for no data ' +
      'worth the protection',
    functionOutsideVpc:
      'The function runs only while CloudFormation deploys, accepts no connections and calls only the RDS, S3 and SSM ' +
      'APIs; in a VPC it would need a NAT gateway or three interface endpoints per stack and would reach the same APIs. ' +
      'Its IAM policies, scoped to exact ARNs, bound what it can do',
  };
  /** The function's timeout; the handler keeps 10 s of it to answer CloudFormation. */
  public static readonly TIMEOUT = Duration.minutes(5);
  /** How long CloudFormation waits for an answer (`ServiceTimeout` of the custom resources), instead of an hour. */
  public static readonly SERVICE_TIMEOUT = Duration.minutes(10);
  /**
   * The Lambda runtime: the newest Node.js that aws-cdk-lib knows (cdk-nag AwsSolutions-L1), pinned rather than
   * `NODEJS_LATEST` so that a new aws-cdk-lib never runs the handler on a runtime it was not tested on. Declared by
   * name (equal to `lambda.Runtime.NODEJS_24_X`) because the oldest supported aws-cdk-lib (2.220.0) predates that
   * constant.
   */
  public static readonly RUNTIME = new lambda.Runtime('nodejs24.x', lambda.RuntimeFamily.NODEJS, { supportsInlineCode: true });

  /** The stack's function, creating it (with its role and log group) on first use. */
  public static of(scope: IConstruct): CaCheckFunction {
    const stack = Stack.of(scope);
    let found = INSTANCES.get(stack);
    if (!found) {
      found = new CaCheckFunction(stack);
      INSTANCES.set(stack, found);
    }
    return found;
  }

  /** The function (a `lambda.SingletonFunction`: one per stack, whatever the number of resources using it). */
  public readonly function: lambda.SingletonFunction;
  /** The function's role (no managed policy: every statement is in its default policy). */
  public readonly role: iam.Role;
  /** The function's log group, with a retention. */
  public readonly logGroup: logs.LogGroup;
  /** The `ServiceToken` of the custom resources. */
  public readonly serviceToken: string;
  private readonly stack: Stack;

  private constructor(stack: Stack) {
    this.stack = stack;
    this.role = new iam.Role(stack, CaCheckFunction.ROLE_ID, {
      assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com'),
      description: 'aurora-tls: deploy-time CA check and trust bundle publication',
    });
    this.role.addToPrincipalPolicy(new iam.PolicyStatement({
      // RDS has no resource-level permissions for these two read-only calls.
      actions: ['rds:DescribeCertificates', 'rds:DescribeDBEngineVersions'],
      resources: ['*'],
    }));
    // Its own log group, created here: `logRetention` would add a function of its own.
    this.logGroup = new logs.LogGroup(stack, CaCheckFunction.LOG_GROUP_ID, { retention: logs.RetentionDays.ONE_YEAR });
    this.logGroup.grantWrite(this.role);
    // The only `*` of the role (the log statements name the log group): acknowledged on its default policy alone.
    PolicyAcknowledgements.add(this.role.node.findChild('DefaultPolicy').node.defaultChild!, {
      id: 'AwsSolutions-IAM5[Resource::*]',
      reason: CaCheckFunction.ACKNOWLEDGEMENTS.rdsDescribeOnStar,
    });
    PolicyAcknowledgements.add(this.logGroup.node.defaultChild!, {
      id: 'cdk-validator-cfnguard::cloudwatch_log_group_encrypted_check',
      reason: CaCheckFunction.ACKNOWLEDGEMENTS.logGroupWithoutKmsKey,
    });

    this.function = new lambda.SingletonFunction(stack, CaCheckFunction.FUNCTION_ID, {
      uuid: CaCheckFunction.UUID,
      lambdaPurpose: CaCheckFunction.PURPOSE,
      description: 'aurora-tls: checks the Aurora server CA with Amazon RDS at deploy time and publishes the trust bundle',
      runtime: CaCheckFunction.RUNTIME,
      code: lambda.Code.fromAsset(CaCheckFunction.ASSET_PATH),
      handler: 'index.handler',
      timeout: CaCheckFunction.TIMEOUT,
      memorySize: 256,
      role: this.role,
      logGroup: this.logGroup,
    });
    this.serviceToken = this.function.functionArn;
    PolicyAcknowledgements.add(stack.node.findChild(`${CaCheckFunction.PURPOSE}${CaCheckFunction.UUID.replace(/-/g, '')}`).node.defaultChild!, {
      id: 'cdk-validator-cfnguard::lambda_inside_vpc_check',
      reason: CaCheckFunction.ACKNOWLEDGEMENTS.functionOutsideVpc,
    });
  }

  /**
   * Let the function publish to one object and one set of parameters, and nothing else: write and delete the object,
   * tell a missing object from a forbidden one (`s3:ListBucket` limited to that key), read the bucket's default
   * encryption, write, read and delete the parameters, and use the bucket's KMS key when it has one.
   *
   * The statements go in a policy of their own (`<scope>/Policy`, attached to the function's role), on which the
   * publication must depend: when the publication leaves the template, CloudFormation deletes it, and with it what
   * it published, before it deletes the policy that allows that.
   */
  public grantPublication(scope: Construct, target: PublicationTarget): iam.Policy {
    const { bucket, objectKey, parameterNames } = target;
    const statements = [
      new iam.PolicyStatement({
        actions: ['s3:PutObject', 's3:GetObject', 's3:DeleteObject'],
        resources: [bucket.arnForObjects(objectKey)],
      }),
      new iam.PolicyStatement({
        // Without s3:ListBucket, HeadObject of a missing object is a 403 instead of a 404. S3 evaluates it with
        // the object key as s3:prefix, so the listing is limited to exactly this key.
        actions: ['s3:ListBucket'],
        resources: [bucket.bucketArn],
        conditions: { StringEquals: { 's3:prefix': objectKey } },
      }),
      new iam.PolicyStatement({
        actions: ['s3:GetEncryptionConfiguration'],
        resources: [bucket.bucketArn],
      }),
      new iam.PolicyStatement({
        // Tags name each parameter's owner: read before writing, written with a new parameter (PutParameter with Tags
        // needs ssm:AddTagsToResource) or when the stack takes over its own (lib/handler/ownership.ts).
        actions: ['ssm:PutParameter', 'ssm:GetParameters', 'ssm:DeleteParameters', 'ssm:ListTagsForResource', 'ssm:AddTagsToResource'],
        resources: BundleGrants.parameterArns(parameterNames, this.stack.region, this.stack.account, Aws.PARTITION),
      }),
    ];
    if (bucket.encryptionKey) {
      statements.push(new iam.PolicyStatement({
        actions: ['kms:GenerateDataKey', 'kms:Decrypt'],
        resources: [bucket.encryptionKey.keyArn],
      }));
    }
    return new iam.Policy(scope, 'Policy', { roles: [this.role], statements });
  }
}

const INSTANCES = new WeakMap<Stack, CaCheckFunction>();
