import { createHash } from 'crypto';
import { App, CfnElement, CfnParameter, Duration, Stack, Token } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as rds from 'aws-cdk-lib/aws-rds';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { IConstruct } from 'constructs';
import { TlsAuroraCluster, TlsAuroraClusterProps, TrustBundle, TrustBundleProps } from '../../lib/cdk';
import { AuroraTlsErrors, CaSelection, CertificateAuthority, ExpiryBehavior, TrustBundleLayout, TrustStore } from '../../lib/core';

const PG16 = rds.DatabaseClusterEngine.auroraPostgres({ version: rds.AuroraPostgresEngineVersion.VER_16_4 });
const MYSQL3 = rds.DatabaseClusterEngine.auroraMysql({ version: rds.AuroraMysqlEngineVersion.VER_3_08_0 });
const ACCOUNT = '111111111111';
const INVALID = 'TrustBundle initialization failed due to the following validation error(s):\n';

// Logical ids are public (renaming one replaces the resource): pinned here on purpose.
const FUNCTION = 'AuroraTlsCaCheck30524b42ab874830a6dd7c6e0d62f4493BE3E241';
const ROLE = 'AuroraTlsCaCheckRoleBB59FFC7';
const POLICY = 'AuroraTlsCaCheckRoleDefaultPolicyD81923C9';
const LOGS = 'AuroraTlsCaCheckLogs5EE3CFD2';
const BUCKET = 'AuroraTlsTrustBundleBucket20135956';
const RSA_BUNDLE = 'AuroraTlsTrustBundleRsa2048G12BA779BC';
const ECC_BUNDLE = 'AuroraTlsTrustBundleEcc384G177D31F49';
const RSA_POLICY = 'AuroraTlsTrustBundleRsa2048G1Policy5A98615A';
const ECC_POLICY = 'AuroraTlsTrustBundleEcc384G1PolicyAD51D120';
const RSA_PG16_CHECK = 'AuroraTlsCaCheckRsa2048G1AuroraPostgresql164017AD660';
const ECC_MYSQL_CHECK = 'AuroraTlsCaCheckEcc384G1AuroraMysql80mysqlaurora308011B9DCE1';

/** GIVEN helper: an app with one stack (env-agnostic when `region` is undefined). */
function stackIn(region?: string): Stack {
  return new Stack(new App(), 'S', region === undefined ? {} : { env: { account: ACCOUNT, region } });
}

function vpcOf(stack: Stack): ec2.IVpc {
  return (stack.node.tryFindChild('Vpc') as ec2.IVpc | undefined) ?? ec2.Vpc.fromVpcAttributes(stack, 'Vpc', {
    vpcId: 'vpc-12345678',
    availabilityZones: ['az-a', 'az-b'],
    privateSubnetIds: ['subnet-1234abcd', 'subnet-5678abcd'],
  });
}

function cluster(stack: Stack, id: string, extra: Partial<TlsAuroraClusterProps> = {}): TlsAuroraCluster {
  return new TlsAuroraCluster(stack, id, { engine: PG16, writer: rds.ClusterInstance.provisioned('Writer'), vpc: vpcOf(stack), ...extra });
}

function logicalIdOf(construct: IConstruct): string {
  const element = (construct.node.defaultChild ?? construct) as CfnElement;
  return Stack.of(element).resolve(element.logicalId);
}

function thrownBy(fn: () => unknown): Error {
  try {
    fn();
  } catch (e) {
    return e as Error;
  }
  throw new Error('expected an error, nothing was thrown');
}

function sha256(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('hex');
}

// ------------------------------------------------------------------------------------------ expected IAM statements

const PARAMETER_LEAVES = ['ca-identifier', 'root-pem', 'bundle-s3-uri', 'bundle-sha256', 'valid-till', 'sslmode'];

/** The ARNs of the six parameters under a literal prefix in us-east-1. */
function parameterArns(prefix: string, region = 'us-east-1'): unknown[] {
  return PARAMETER_LEAVES.map((leaf) => ({ 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, `:ssm:${region}:${ACCOUNT}:parameter${prefix}/${leaf}`]] }));
}

const BUCKET_ARN = { 'Fn::GetAtt': [BUCKET, 'Arn'] };
const objectArn = (bucketArn: unknown, key: string) => ({ 'Fn::Join': ['', [bucketArn, `/${key}`]] });

/** What a publication does to its parameters: write, read, delete, and read and write their owner tags. */
const SSM_PUBLICATION_ACTIONS = ['ssm:PutParameter', 'ssm:GetParameters', 'ssm:DeleteParameters', 'ssm:ListTagsForResource', 'ssm:AddTagsToResource'];
const RDS_STATEMENT = { Action: ['rds:DescribeCertificates', 'rds:DescribeDBEngineVersions'], Effect: 'Allow', Resource: '*' };
const LOGS_STATEMENT = { Action: ['logs:CreateLogStream', 'logs:PutLogEvents'], Effect: 'Allow', Resource: { 'Fn::GetAtt': [LOGS, 'Arn'] } };

/** The statements of one publication's policy. */
function publicationStatements(bucketArn: unknown, key: string, prefix: string, extra: unknown[] = []): unknown[] {
  return [
    { Action: ['s3:PutObject', 's3:GetObject', 's3:DeleteObject'], Effect: 'Allow', Resource: objectArn(bucketArn, key) },
    { Action: 's3:ListBucket', Condition: { StringEquals: { 's3:prefix': key } }, Effect: 'Allow', Resource: bucketArn },
    { Action: 's3:GetEncryptionConfiguration', Effect: 'Allow', Resource: bucketArn },
    { Action: SSM_PUBLICATION_ACTIONS, Effect: 'Allow', Resource: parameterArns(prefix) },
    ...extra,
  ];
}

/** The policy of one publication, as its AWS::IAM::Policy Properties. */
function publicationPolicy(policyName: string, statements: unknown[]): unknown {
  return { PolicyDocument: { Statement: statements, Version: '2012-10-17' }, PolicyName: policyName, Roles: [{ Ref: ROLE }] };
}

/** The statements of the publication policy of a trust bundle. */
function publicationPolicyOf(template: Template, bundle: TrustBundle): Array<{ Action: string | string[]; Resource: any }> {
  const policy = bundle.node.findChild('Policy') as iam.Policy;
  return template.toJSON().Resources[logicalIdOf(policy)].Properties.PolicyDocument.Statement;
}

const RSA_KEY = 'aurora-tls/S/us-east-1/rds-ca-rsa2048-g1/us-east-1-bundle.pem';
const ECC_KEY = 'aurora-tls/S/us-east-1/rds-ca-ecc384-g1/us-east-1-bundle.pem';
const US_EAST_1_BUNDLE_SHA256 = sha256(TrustStore.bundled().bundlePem('us-east-1'));

describe('three clusters with two CAs in one stack', () => {
  // GIVEN two aurora-postgresql 16.4 clusters with the default rsa2048 CA and an aurora-mysql cluster with ecc384
  let stack: Stack;
  let template: Template;
  let a: TlsAuroraCluster;
  let b: TlsAuroraCluster;
  let c: TlsAuroraCluster;
  beforeAll(() => {
    stack = stackIn('us-east-1');
    a = cluster(stack, 'A');
    b = cluster(stack, 'B', { readers: [rds.ClusterInstance.serverlessV2('Reader')] });
    c = cluster(stack, 'C', { engine: MYSQL3, certificateAuthority: CaSelection.exactly(CertificateAuthority.ECC384_G1) });
    template = Template.fromStack(stack);
  });

  test('one function, no layer and no other function; a publication per CA and a check per CA and engine version', () => {
    template.resourceCountIs('AWS::Lambda::Function', 1);
    template.resourceCountIs('AWS::Lambda::LayerVersion', 0);
    template.resourceCountIs('Custom::LogRetention', 0);
    template.resourceCountIs('AWS::IAM::Role', 1);
    template.resourceCountIs('AWS::IAM::Policy', 3); // the function's, and one per publication
    template.resourceCountIs('AWS::Logs::LogGroup', 1);
    template.resourceCountIs('AWS::S3::Bucket', 1);
    template.resourceCountIs('Custom::AuroraTlsTrustBundle', 2);
    template.resourceCountIs('Custom::AuroraTlsCaCheck', 2);
    expect(Object.keys(template.findResources('Custom::AuroraTlsTrustBundle')).sort()).toEqual([ECC_BUNDLE, RSA_BUNDLE]);
    expect(Object.keys(template.findResources('Custom::AuroraTlsCaCheck')).sort()).toEqual([ECC_MYSQL_CHECK, RSA_PG16_CHECK]);
  });

  test('the function: nodejs24.x, the bundled handler, 5 minutes, 256 MB, its own log group kept a year, its own role', () => {
    template.hasResource('AWS::Lambda::Function', {
      Properties: Match.objectEquals({
        Code: { S3Bucket: `cdk-hnb659fds-assets-${ACCOUNT}-us-east-1`, S3Key: Match.stringLikeRegexp('^[0-9a-f]{64}\\.zip$') },
        Description: 'aurora-tls: checks the Aurora server CA with Amazon RDS at deploy time and publishes the trust bundle',
        Handler: 'index.handler',
        LoggingConfig: { LogGroup: { Ref: LOGS } },
        MemorySize: 256,
        Role: { 'Fn::GetAtt': [ROLE, 'Arn'] },
        Runtime: 'nodejs24.x',
        Timeout: 300,
      }),
      DependsOn: [POLICY, ROLE],
    });
    expect(Object.keys(template.findResources('AWS::Lambda::Function'))).toEqual([FUNCTION]);
    template.hasResource('AWS::Logs::LogGroup', { Properties: Match.objectEquals({ RetentionInDays: 365 }), DeletionPolicy: 'Retain' });
    template.hasResourceProperties('AWS::IAM::Role', Match.objectEquals({
      AssumeRolePolicyDocument: {
        Statement: [{ Action: 'sts:AssumeRole', Effect: 'Allow', Principal: { Service: 'lambda.amazonaws.com' } }],
        Version: '2012-10-17',
      },
      Description: 'aurora-tls: deploy-time CA check and trust bundle publication',
    }));
  });

  test('the role: the two RDS reads on * and its log group; each publication, its exact object and parameters in a policy of its own', () => {
    template.hasResourceProperties('AWS::IAM::Policy', Match.objectEquals({
      PolicyName: POLICY,
      Roles: [{ Ref: ROLE }],
      PolicyDocument: { Version: '2012-10-17', Statement: [RDS_STATEMENT, LOGS_STATEMENT] },
    }));
    template.hasResourceProperties('AWS::IAM::Policy', Match.objectEquals(
      publicationPolicy(RSA_POLICY, publicationStatements(BUCKET_ARN, RSA_KEY, '/aurora-tls/S/rds-ca-rsa2048-g1'))));
    template.hasResourceProperties('AWS::IAM::Policy', Match.objectEquals(
      publicationPolicy(ECC_POLICY, publicationStatements(BUCKET_ARN, ECC_KEY, '/aurora-tls/S/rds-ca-ecc384-g1'))));
    expect(Object.keys(template.findResources('AWS::IAM::Policy')).sort()).toEqual([POLICY, ECC_POLICY, RSA_POLICY].sort());
  });

  test('no wildcard action in any policy of the role', () => {
    const statements = Object.values(template.findResources('AWS::IAM::Policy'))
      .flatMap((policy) => policy.Properties.PolicyDocument.Statement as Array<{ Action: string | string[] }>);
    const actions = statements.flatMap((s) => (Array.isArray(s.Action) ? s.Action : [s.Action]));
    expect(actions).toHaveLength(2 + 2 + 2 * 10);
    expect(actions.filter((action) => action.includes('*'))).toEqual([]);
  });

  test('a publication waits for its policy, so CloudFormation deletes the publication before the policy that lets it clean up', () => {
    const resources = template.toJSON().Resources;
    expect(resources[RSA_BUNDLE].DependsOn).toEqual([RSA_POLICY]);
    expect(resources[ECC_BUNDLE].DependsOn).toEqual([ECC_POLICY]);
    // The function waits for the RDS and log statements.
    expect(resources[FUNCTION].DependsOn).toEqual([POLICY, ROLE]);
  });

  test('the publications: the CA, the bucket, the layout, and the SHA-256 of the bundle synthesized', () => {
    expect(template.toJSON().Resources[RSA_BUNDLE]).toEqual({
      Type: 'Custom::AuroraTlsTrustBundle',
      Properties: {
        ServiceToken: { 'Fn::GetAtt': [FUNCTION, 'Arn'] },
        ServiceTimeout: '600',
        CertificateAuthority: 'rds-ca-rsa2048-g1',
        MinimumValidityDays: '365',
        ExpiryBehavior: 'fail',
        BucketName: { Ref: BUCKET },
        ObjectKey: RSA_KEY,
        ParameterPrefix: '/aurora-tls/S/rds-ca-rsa2048-g1',
        SslMode: 'verify-full',
        ExpectedBundleSha256: US_EAST_1_BUNDLE_SHA256,
      },
      DependsOn: [RSA_POLICY],
      UpdateReplacePolicy: 'Delete',
      DeletionPolicy: 'Delete',
    });
    template.hasResourceProperties('Custom::AuroraTlsTrustBundle', {
      CertificateAuthority: 'rds-ca-ecc384-g1',
      ObjectKey: ECC_KEY,
      ParameterPrefix: '/aurora-tls/S/rds-ca-ecc384-g1',
      ExpectedBundleSha256: US_EAST_1_BUNDLE_SHA256,
    });
  });

  test('the checks: check-only (no bucket, key or prefix), with the engine and engine version', () => {
    const resources = template.toJSON().Resources;
    expect(resources[RSA_PG16_CHECK]).toEqual({
      Type: 'Custom::AuroraTlsCaCheck',
      Properties: {
        ServiceToken: { 'Fn::GetAtt': [FUNCTION, 'Arn'] },
        ServiceTimeout: '600',
        CertificateAuthority: 'rds-ca-rsa2048-g1',
        Engine: 'aurora-postgresql',
        EngineVersion: '16.4',
        MinimumValidityDays: '365',
        ExpiryBehavior: 'fail',
      },
      UpdateReplacePolicy: 'Delete',
      DeletionPolicy: 'Delete',
    });
    expect(resources[ECC_MYSQL_CHECK].Properties).toEqual({
      ServiceToken: { 'Fn::GetAtt': [FUNCTION, 'Arn'] },
      ServiceTimeout: '600',
      CertificateAuthority: 'rds-ca-ecc384-g1',
      Engine: 'aurora-mysql',
      EngineVersion: '8.0.mysql_aurora.3.08.0',
      MinimumValidityDays: '365',
      ExpiryBehavior: 'fail',
    });
  });

  test('every DB cluster and DB instance depends on its CA\'s check and publication, and on no other', () => {
    const expected: Array<[TlsAuroraCluster, string[]]> = [
      [a, [RSA_PG16_CHECK, RSA_BUNDLE]],
      [b, [RSA_PG16_CHECK, RSA_BUNDLE]],
      [c, [ECC_MYSQL_CHECK, ECC_BUNDLE]],
    ];
    const resources = template.toJSON().Resources;
    for (const [db, checks] of expected) {
      expect(resources[logicalIdOf(db.cluster)].DependsOn).toEqual(checks);
      const instances = db.cluster.node.findAll().filter((x): x is rds.CfnDBInstance => x instanceof rds.CfnDBInstance);
      expect(instances.length).toBeGreaterThan(0);
      for (const instance of instances) {
        const dependsOn: string[] = resources[logicalIdOf(instance)].DependsOn;
        expect(dependsOn.filter((id) => id.startsWith('AuroraTls'))).toEqual(checks);
      }
    }
    template.resourceCountIs('AWS::RDS::DBInstance', 4);
  });

  test('the clusters with the same CA share one TrustBundle, which TrustBundle.of() returns', () => {
    expect(a.trustBundle).toBeInstanceOf(TrustBundle);
    expect(b.trustBundle).toBe(a.trustBundle);
    expect(c.trustBundle).not.toBe(a.trustBundle);
    expect(TrustBundle.of(stack)).toBe(a.trustBundle);
    expect(TrustBundle.of(c, { certificateAuthority: CaSelection.exactly(CertificateAuthority.ECC384_G1) })).toBe(c.trustBundle);
    // A preference that resolves to the same CA here shares it too.
    expect(TrustBundle.of(stack, {
      certificateAuthority: CaSelection.preferred([CertificateAuthority.ECC384_G1, CertificateAuthority.RSA2048_G1]),
    })).toBe(c.trustBundle);
    expect(a.trustBundle!.node.path).toBe('S/AuroraTlsTrustBundleRsa2048G1');
    expect((a.trustBundle as TrustBundle).resource.node.path).toBe('S/AuroraTlsTrustBundleRsa2048G1/Resource');
  });

  test('exposes the layout and the attributes of the publication', () => {
    const bundle = c.trustBundle!;
    expect(bundle.certificateAuthority).toBe(CertificateAuthority.ECC384_G1);
    expect(bundle.certificateAuthorityIdentifier).toBe('rds-ca-ecc384-g1');
    expect(bundle.certificateAuthoritySelection.toString()).toBe('exactly(rds-ca-ecc384-g1)');
    expect(bundle.objectKey).toBe(TrustBundleLayout.objectKey('S', 'us-east-1', CertificateAuthority.ECC384_G1));
    expect(bundle.parameterPrefix).toBe('/aurora-tls/S/rds-ca-ecc384-g1');
    expect(bundle.parameterNames).toEqual(TrustBundleLayout.parameterNames('/aurora-tls/S/rds-ca-ecc384-g1'));
    expect(stack.resolve(bundle.bucket.bucketName)).toEqual({ Ref: BUCKET });
    expect(stack.resolve(bundle.bundleS3Uri)).toEqual({ 'Fn::Join': ['', ['s3://', { Ref: BUCKET }, `/${ECC_KEY}`]] });
    expect(stack.resolve(bundle.thumbprint)).toEqual({ 'Fn::GetAtt': [ECC_BUNDLE, 'Thumbprint'] });
    expect(stack.resolve(bundle.validTill)).toEqual({ 'Fn::GetAtt': [ECC_BUNDLE, 'ValidTill'] });
    expect(stack.resolve(bundle.bundleSha256)).toEqual({ 'Fn::GetAtt': [ECC_BUNDLE, 'BundleSha256'] });
    expect(bundle.minimumValidity.toDays()).toBe(365);
    expect(bundle.expiryBehavior).toBe(ExpiryBehavior.FAIL);
  });
});

describe('resource counts for N clusters', () => {
  test.each([1, 2, 5, 10])('%d clusters with one CA and engine version: 1 function, 1 publication, 1 check, 2 policies', (n) => {
    // GIVEN
    const stack = stackIn('eu-west-1');
    // WHEN
    for (let i = 0; i < n; i++) cluster(stack, `Db${i}`);
    // THEN
    const template = Template.fromStack(stack);
    template.resourceCountIs('AWS::RDS::DBCluster', n);
    template.resourceCountIs('AWS::Lambda::Function', 1);
    template.resourceCountIs('Custom::AuroraTlsTrustBundle', 1);
    template.resourceCountIs('Custom::AuroraTlsCaCheck', 1);
    template.resourceCountIs('AWS::S3::Bucket', 1);
    template.resourceCountIs('AWS::IAM::Policy', 2);
    expect(template.toJSON().Resources[POLICY].Properties.PolicyDocument.Statement).toHaveLength(2);
  });

  test('a new engine version adds a check, not a publication', () => {
    const stack = stackIn('eu-west-1');
    cluster(stack, 'Pg16');
    cluster(stack, 'Pg17', { engine: rds.DatabaseClusterEngine.auroraPostgres({ version: rds.AuroraPostgresEngineVersion.VER_17_4 }) });
    const template = Template.fromStack(stack);
    template.resourceCountIs('Custom::AuroraTlsTrustBundle', 1);
    template.resourceCountIs('Custom::AuroraTlsCaCheck', 2);
    expect(Object.values(template.findResources('Custom::AuroraTlsCaCheck')).map((r) => r.Properties.EngineVersion).sort()).toEqual(['16.4', '17.4']);
  });
});

describe('the bucket created for the stack', () => {
  test('blocks public access, denies requests without TLS, encrypts with SSE-S3, is versioned, locked and kept, and tells EventBridge', () => {
    // GIVEN / WHEN
    const stack = stackIn('us-east-1');
    TrustBundle.of(stack);
    // THEN
    const template = Template.fromStack(stack);
    template.hasResource('AWS::S3::Bucket', {
      Properties: Match.objectEquals({
        BucketEncryption: { ServerSideEncryptionConfiguration: [{ ServerSideEncryptionByDefault: { SSEAlgorithm: 'AES256' } }] },
        LifecycleConfiguration: { Rules: [{ Id: 'ExpireOldBundleVersions', NoncurrentVersionExpiration: { NoncurrentDays: 365 }, Status: 'Enabled' }] },
        NotificationConfiguration: { EventBridgeConfiguration: { EventBridgeEnabled: true } },
        ObjectLockConfiguration: { ObjectLockEnabled: 'Enabled', Rule: { DefaultRetention: { Days: 365, Mode: 'GOVERNANCE' } } },
        ObjectLockEnabled: true,
        PublicAccessBlockConfiguration: { BlockPublicAcls: true, BlockPublicPolicy: true, IgnorePublicAcls: true, RestrictPublicBuckets: true },
        VersioningConfiguration: { Status: 'Enabled' },
      }),
      DeletionPolicy: 'Retain',
      UpdateReplacePolicy: 'Retain',
    });
    template.hasResourceProperties('AWS::S3::BucketPolicy', Match.objectEquals({
      Bucket: { Ref: BUCKET },
      PolicyDocument: {
        Version: '2012-10-17',
        Statement: [{
          Action: 's3:*',
          Condition: { Bool: { 'aws:SecureTransport': 'false' } },
          Effect: 'Deny',
          Principal: { AWS: '*' },
          Resource: [BUCKET_ARN, { 'Fn::Join': ['', [BUCKET_ARN, '/*']] }],
        }],
      },
    }));
  });
});

describe('a bucket of your own', () => {
  test('an imported bucket: no bucket created, the role limited to the bundle object of that bucket', () => {
    // GIVEN
    const stack = stackIn('us-east-1');
    const bucket = s3.Bucket.fromBucketName(stack, 'Bundles', 'my-bundles');
    // WHEN
    const bundle = TrustBundle.of(stack, { bucket, parameterPrefix: '/app/tls' });
    // THEN
    const template = Template.fromStack(stack);
    template.resourceCountIs('AWS::S3::Bucket', 0);
    expect(bundle.node.id).toMatch(/^AuroraTlsTrustBundleRsa2048G1[0-9A-F]{8}$/);
    template.hasResourceProperties('Custom::AuroraTlsTrustBundle', { BucketName: 'my-bundles', ObjectKey: RSA_KEY, ParameterPrefix: '/app/tls' });
    const arn = { 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':s3:::my-bundles']] };
    template.hasResourceProperties('AWS::IAM::Policy', {
      PolicyDocument: Match.objectEquals({
        Version: '2012-10-17',
        Statement: [
          {
            Action: ['s3:PutObject', 's3:GetObject', 's3:DeleteObject'],
            Effect: 'Allow',
            Resource: { 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, `:s3:::my-bundles/${RSA_KEY}`]] },
          },
          { Action: 's3:ListBucket', Condition: { StringEquals: { 's3:prefix': RSA_KEY } }, Effect: 'Allow', Resource: arn },
          { Action: 's3:GetEncryptionConfiguration', Effect: 'Allow', Resource: arn },
          { Action: SSM_PUBLICATION_ACTIONS, Effect: 'Allow', Resource: parameterArns('/app/tls') },
        ],
      }),
    });
    expect(bundle.bucket).toBe(bucket);
    expect(stack.resolve(bundle.bundleS3Uri)).toBe(`s3://my-bundles/${RSA_KEY}`);
  });

  test('a bucket with a KMS key: the role may use the key (GenerateDataKey and Decrypt), and so may readers (Decrypt)', () => {
    // GIVEN
    const stack = stackIn('us-east-1');
    const key = new kms.Key(stack, 'Key');
    const bucket = new s3.Bucket(stack, 'Own', { encryptionKey: key });
    const app = new iam.Role(stack, 'App', { assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com') });
    // WHEN
    TrustBundle.of(stack, { bucket }).grantRead(app);
    // THEN
    const template = Template.fromStack(stack);
    const bucketArn = { 'Fn::GetAtt': [logicalIdOf(bucket), 'Arn'] };
    const keyArn = { 'Fn::GetAtt': [logicalIdOf(key), 'Arn'] };
    template.hasResourceProperties('AWS::IAM::Policy', {
      Roles: [{ Ref: ROLE }],
      PolicyDocument: Match.objectEquals({
        Version: '2012-10-17',
        Statement: publicationStatements(bucketArn, RSA_KEY, '/aurora-tls/S/rds-ca-rsa2048-g1', [
          { Action: ['kms:GenerateDataKey', 'kms:Decrypt'], Effect: 'Allow', Resource: keyArn },
        ]),
      }),
    });
    template.hasResourceProperties('AWS::IAM::Policy', {
      Roles: [{ Ref: logicalIdOf(app) }],
      PolicyDocument: Match.objectEquals({
        Version: '2012-10-17',
        Statement: [
          { Action: 's3:GetObject', Effect: 'Allow', Resource: objectArn(bucketArn, RSA_KEY) },
          { Action: ['ssm:GetParameter', 'ssm:GetParameters'], Effect: 'Allow', Resource: parameterArns('/aurora-tls/S/rds-ca-rsa2048-g1') },
          { Action: 'kms:Decrypt', Effect: 'Allow', Resource: keyArn },
        ],
      }),
    });
  });
});

describe('grantRead', () => {
  test('s3:GetObject on the object and ssm:GetParameter(s) on the six parameters, nothing else', () => {
    // GIVEN
    const stack = stackIn('us-east-1');
    const app = new iam.Role(stack, 'App', { assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com') });
    const bundle = TrustBundle.of(stack, { certificateAuthority: CaSelection.exactly(CertificateAuthority.ECC384_G1) });
    // WHEN
    const grant = bundle.grantRead(app);
    // THEN
    expect(grant.success).toBe(true);
    Template.fromStack(stack).hasResourceProperties('AWS::IAM::Policy', {
      Roles: [{ Ref: logicalIdOf(app) }],
      PolicyDocument: Match.objectEquals({
        Version: '2012-10-17',
        Statement: [
          { Action: 's3:GetObject', Effect: 'Allow', Resource: objectArn(BUCKET_ARN, ECC_KEY) },
          { Action: ['ssm:GetParameter', 'ssm:GetParameters'], Effect: 'Allow', Resource: parameterArns('/aurora-tls/S/rds-ca-ecc384-g1') },
        ],
      }),
    });
  });
});

describe('options', () => {
  test('parameterPrefix, minimumValidity and expiryBehavior reach the publication; the function may write only under the prefix', () => {
    // GIVEN
    const stack = stackIn('us-east-1');
    // WHEN
    const bundle = TrustBundle.of(stack, { parameterPrefix: '/app/db-tls/', minimumValidity: Duration.days(30), expiryBehavior: ExpiryBehavior.WARN });
    // THEN
    const template = Template.fromStack(stack);
    template.hasResourceProperties('Custom::AuroraTlsTrustBundle', { ParameterPrefix: '/app/db-tls/', MinimumValidityDays: '30', ExpiryBehavior: 'warn' });
    expect(bundle.parameterNames.caIdentifier).toBe('/app/db-tls/ca-identifier');
    template.hasResourceProperties('AWS::IAM::Policy', {
      PolicyDocument: { Statement: Match.arrayWith([{ Action: SSM_PUBLICATION_ACTIONS, Effect: 'Allow', Resource: parameterArns('/app/db-tls') }]) },
    });
  });

  test('a minimumValidity of 0 days refuses only an expired CA', () => {
    const stack = stackIn('us-east-1');
    TrustBundle.of(stack, { minimumValidity: Duration.days(0) });
    Template.fromStack(stack).hasResourceProperties('Custom::AuroraTlsTrustBundle', { MinimumValidityDays: '0' });
  });

  test('a minimumValidity in another unit that is a whole number of days', () => {
    const stack = stackIn('us-east-1');
    TrustBundle.of(stack, { minimumValidity: Duration.hours(48) });
    Template.fromStack(stack).hasResourceProperties('Custom::AuroraTlsTrustBundle', { MinimumValidityDays: '2' });
  });

  test('deploy-time values of parameterPrefix and minimumValidity are passed to the handler, which checks them', () => {
    // GIVEN
    const stack = stackIn('us-east-1');
    const prefix = new CfnParameter(stack, 'Prefix').valueAsString;
    const days = new CfnParameter(stack, 'Days', { type: 'Number' }).valueAsNumber;
    // WHEN
    TrustBundle.of(stack, { parameterPrefix: prefix, minimumValidity: Duration.days(days) });
    // THEN
    const template = Template.fromStack(stack);
    template.hasResourceProperties('Custom::AuroraTlsTrustBundle', { ParameterPrefix: { Ref: 'Prefix' }, MinimumValidityDays: { Ref: 'Days' } });
    const ssm = publicationPolicyOf(template, TrustBundle.of(stack))[3];
    expect(ssm.Action).toEqual(SSM_PUBLICATION_ACTIONS);
    expect(ssm.Resource[0]).toEqual({ 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, `:ssm:us-east-1:${ACCOUNT}:parameter`, { Ref: 'Prefix' }, '/ca-identifier']] });
  });

  test('a later TrustBundle.of() may leave options out (it shares the bundle as it is) or repeat them', () => {
    const stack = stackIn('us-east-1');
    const first = TrustBundle.of(stack, { parameterPrefix: '/app/tls', minimumValidity: Duration.days(90), expiryBehavior: ExpiryBehavior.WARN });
    expect(TrustBundle.of(stack)).toBe(first);
    expect(TrustBundle.of(stack, { parameterPrefix: '/app/tls/', minimumValidity: Duration.days(90) })).toBe(first);
    Template.fromStack(stack).resourceCountIs('Custom::AuroraTlsTrustBundle', 1);
  });

  test('another bucket or prefix is another publication, with its own policy, so the old one is removed while it still may be', () => {
    const ids = ['/a', '/b', undefined].map((parameterPrefix) => {
      const stack = stackIn('us-east-1');
      const bundle = TrustBundle.of(stack, { parameterPrefix });
      return [logicalIdOf(bundle.resource), logicalIdOf(bundle.node.findChild('Policy'))];
    });
    expect(new Set(ids.flat()).size).toBe(6);
    expect(ids[2]).toEqual([RSA_BUNDLE, RSA_POLICY]);
    // Only bucket and prefix decide: the validity horizon is updated in place.
    const stack = stackIn('us-east-1');
    expect(logicalIdOf(TrustBundle.of(stack, { minimumValidity: Duration.days(30), expiryBehavior: ExpiryBehavior.WARN }).resource)).toBe(RSA_BUNDLE);
  });

  test('ExpiryBehavior values are the handler\'s', () => {
    expect(Object.values(ExpiryBehavior)).toEqual(['fail', 'warn']);
  });
});

describe('an environment-agnostic stack', () => {
  test('a per-region preference: the CA from the region mapping, the region in the key, the stack\'s Rule, no expected SHA-256', () => {
    // GIVEN
    const stack = stackIn();
    // WHEN
    const bundle = TrustBundle.of(stack, {
      certificateAuthority: CaSelection.preferred([CertificateAuthority.ECC384_G1, CertificateAuthority.RSA2048_G1]),
    });
    // THEN
    const MAP = 'AuroraTlsCaPreferredEcc384G1Rsa2048G1Map';
    const ca = { 'Fn::FindInMap': [MAP, { Ref: 'AWS::Region' }, 'CaIdentifier'] };
    const template = Template.fromStack(stack);
    expect(bundle.certificateAuthority).toBeUndefined();
    expect(Token.isUnresolved(bundle.certificateAuthorityIdentifier)).toBe(true);
    expect(stack.resolve(bundle.certificateAuthorityIdentifier)).toEqual(ca);
    template.hasMapping(MAP, { 'us-east-1': { CaIdentifier: 'rds-ca-ecc384-g1' }, 'ap-south-1': { CaIdentifier: 'rds-ca-rsa2048-g1' } });
    expect(Object.keys(template.toJSON().Rules).sort()).toEqual(['AuroraTlsCaPreferredEcc384G1Rsa2048G1Rule', 'AuroraTlsTrustBundleRegionsRule', 'CheckBootstrapVersion']);
    const key = { 'Fn::Join': ['', ['aurora-tls/S/', { Ref: 'AWS::Region' }, '/', ca, '/', { Ref: 'AWS::Region' }, '-bundle.pem']] };
    template.hasResourceProperties('Custom::AuroraTlsTrustBundle', Match.objectEquals({
      ServiceToken: { 'Fn::GetAtt': [FUNCTION, 'Arn'] },
      ServiceTimeout: '600',
      CertificateAuthority: ca,
      MinimumValidityDays: '365',
      ExpiryBehavior: 'fail',
      BucketName: { Ref: BUCKET },
      ObjectKey: key,
      ParameterPrefix: { 'Fn::Join': ['', ['/aurora-tls/S/', ca]] },
      SslMode: 'verify-full',
    }));
    expect(bundle.node.id).toBe('AuroraTlsTrustBundlePreferredEcc384G1Rsa2048G1');
    const ssm = publicationPolicyOf(template, bundle)[3];
    expect(ssm.Action).toEqual(SSM_PUBLICATION_ACTIONS);
    expect(ssm.Resource[0]).toEqual({
      'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':ssm:', { Ref: 'AWS::Region' }, ':', { Ref: 'AWS::AccountId' }, ':parameter/aurora-tls/S/', ca, '/ca-identifier']],
    });
  });

  test('an exact CA: a literal identifier and prefix, the region in the key, and the Rule that keeps it out of regions without it', () => {
    const stack = stackIn();
    const bundle = TrustBundle.of(stack, { certificateAuthority: CaSelection.exactly(CertificateAuthority.ECC384_G1) });
    const template = Template.fromStack(stack);
    expect(bundle.certificateAuthority).toBe(CertificateAuthority.ECC384_G1);
    expect(bundle.certificateAuthorityIdentifier).toBe('rds-ca-ecc384-g1');
    expect(bundle.parameterPrefix).toBe('/aurora-tls/S/rds-ca-ecc384-g1');
    expect(stack.resolve(bundle.objectKey)).toEqual(
      { 'Fn::Join': ['', ['aurora-tls/S/', { Ref: 'AWS::Region' }, '/rds-ca-ecc384-g1/', { Ref: 'AWS::Region' }, '-bundle.pem']] });
    expect(Object.keys(template.toJSON().Rules).sort()).toEqual(['AuroraTlsCaExactlyEcc384G1Rule', 'AuroraTlsTrustBundleRegionsRule', 'CheckBootstrapVersion']);
    template.hasResourceProperties('Custom::AuroraTlsTrustBundle', { CertificateAuthority: 'rds-ca-ecc384-g1', ExpectedBundleSha256: Match.absent() });
  });

  test('clusters with a per-region preference depend on the publication and check of that preference', () => {
    const stack = stackIn();
    const db = cluster(stack, 'Db', { certificateAuthority: CaSelection.preferred([CertificateAuthority.ECC384_G1, CertificateAuthority.RSA2048_G1]) });
    const template = Template.fromStack(stack);
    const check = Object.keys(template.findResources('Custom::AuroraTlsCaCheck'));
    expect(check).toEqual([expect.stringMatching(/^AuroraTlsCaCheckPreferredEcc384G1Rsa2048G1AuroraPostgresql164[0-9A-F]{8}$/)]);
    expect(template.toJSON().Resources[check[0]].Properties.CertificateAuthority)
      .toEqual({ 'Fn::FindInMap': ['AuroraTlsCaPreferredEcc384G1Rsa2048G1Map', { Ref: 'AWS::Region' }, 'CaIdentifier'] });
    expect(template.toJSON().Resources[logicalIdOf(db.cluster)].DependsOn).toEqual([check[0], logicalIdOf((db.trustBundle as TrustBundle).resource)]);
  });

  test('the names agree with TrustBundleLayout for every CA, with the region a token or a literal', () => {
    for (const ca of CertificateAuthority.all()) {
      const agnostic = TrustBundle.of(stackIn(), { certificateAuthority: CaSelection.exactly(ca) });
      expect(Stack.of(agnostic).resolve(agnostic.objectKey)).toEqual({ 'Fn::Join': ['', ['aurora-tls/S/', { Ref: 'AWS::Region' }, `/${ca.identifier}/`, { Ref: 'AWS::Region' }, '-bundle.pem']] });
      expect(agnostic.parameterPrefix).toBe(TrustBundleLayout.parameterPrefix('S', ca));
      const region = 'us-east-1';
      const concrete = TrustBundle.of(stackIn(region), { certificateAuthority: CaSelection.exactly(ca) });
      expect(concrete.objectKey).toBe(TrustBundleLayout.objectKey('S', region, ca));
    }
  });
});

describe('invalid props', () => {
  const prefixMessage = (prefix: string) => TrustBundleLayout.checkParameterPrefix(prefix).map((m) => `- parameterPrefix: ${m}`).join('\n');

  // [case, stack region, props, exact message]
  const cases: Array<[string, string, (stack: Stack) => TrustBundleProps, string]> = [
    ['a relative parameterPrefix', 'us-east-1', () => ({ parameterPrefix: 'aurora-tls' }),
      INVALID + "- parameterPrefix: Parameter prefix 'aurora-tls' must start with '/', e.g. '/aurora-tls'"],
    ['a parameterPrefix under /aws', 'us-east-1', () => ({ parameterPrefix: '/aws/tls' }),
      INVALID + "- parameterPrefix: Parameter prefix '/aws/tls' starts with a name AWS reserves ('aws' or 'ssm'); choose another, e.g. '/aurora-tls/...'"],
    ['a parameterPrefix with spaces and an empty level', 'us-east-1', () => ({ parameterPrefix: '/my app//tls' }),
      INVALID + prefixMessage('/my app//tls')],
    ['a negative minimumValidity (a number, not a Duration)', 'us-east-1', () => ({ minimumValidity: -1 as unknown as Duration }),
      INVALID + '- minimumValidity takes a Duration such as Duration.days(365), got -1'],
    ['a minimumValidity of 100 years and a day', 'us-east-1', () => ({ minimumValidity: Duration.days(36_501) }),
      INVALID + '- minimumValidity must be a whole number of days from 0 to 36500 (100 years), e.g. Duration.days(365); got 36501 days'],
    ['a huge minimumValidity', 'us-east-1', () => ({ minimumValidity: Duration.days(1e9) }),
      INVALID + '- minimumValidity must be a whole number of days from 0 to 36500 (100 years), e.g. Duration.days(365); got 1000000000 days'],
    ['a minimumValidity that is not whole days', 'us-east-1', () => ({ minimumValidity: Duration.hours(36) }),
      INVALID + '- minimumValidity must be a whole number of days from 0 to 36500 (100 years), e.g. Duration.days(365); got 1 day 12 hours'],
    ['a deploy-time minimumValidity in hours', 'us-east-1',
      (stack) => ({ minimumValidity: Duration.hours(new CfnParameter(stack, 'Hours', { type: 'Number' }).valueAsNumber) }),
      INVALID + '- minimumValidity is a deploy-time value in a unit other than days; give it as Duration.days(value), which the handler checks at deploy time'],
    ['an unknown expiryBehavior', 'us-east-1', () => ({ expiryBehavior: 'ignore' as ExpiryBehavior }),
      INVALID + "- expiryBehavior takes ExpiryBehavior.FAIL or ExpiryBehavior.WARN, got 'ignore'"],
    ['a bucket name instead of a bucket', 'us-east-1', () => ({ bucket: 'my-bucket' as unknown as s3.IBucket }),
      INVALID + "- bucket takes an s3.IBucket such as s3.Bucket.fromBucketName(this, 'Bundles', 'my-bucket'), got 'my-bucket'"],
    ['a CA identifier instead of a CaSelection', 'us-east-1', () => ({ certificateAuthority: 'rds-ca-ecc384-g1' as unknown as CaSelection }),
      INVALID + "- certificateAuthority takes a CaSelection, got 'rds-ca-ecc384-g1'; use CaSelection.exactly(CertificateAuthority.of('rds-ca-ecc384-g1'))"],
    ['a CA the region does not offer', 'ap-south-1', () => ({ certificateAuthority: CaSelection.exactly(CertificateAuthority.ECC384_G1) }),
      INVALID + '- rds-ca-ecc384-g1 is not offered in ap-south-1 (AWS Aurora user guide); choose rds-ca-rsa2048-g1 or ' +
        'CaSelection.preferred([CertificateAuthority.ECC384_G1, CertificateAuthority.RSA2048_G1]) to fall back where it is missing'],
    ['a region whose roots are not vendored', 'cn-north-1', () => ({}),
      INVALID + '- The trust store has no RDS root for cn-north-1; download the bundle from ' +
        'https://rds-truststore.s3.cn-north-1.amazonaws.com.cn/cn-north-1/cn-north-1-bundle.pem instead'],
    ['an unknown region', 'us-east-7', () => ({}),
      INVALID + "- Stack region: Unknown region 'us-east-7' (closest: us-east-1, us-east-2, ap-east-1); aurora-tls knows 38 regions " +
        '(RegionCatalog.regions()). Check the spelling, or upgrade aurora-tls if the region is new'],
    ['several problems at once, all reported', 'ap-south-1',
      () => ({
        certificateAuthority: CaSelection.exactly(CertificateAuthority.RSA4096_G1),
        parameterPrefix: 'tls',
        minimumValidity: Duration.days(50_000),
        expiryBehavior: 'never' as ExpiryBehavior,
      }),
      INVALID +
        "- parameterPrefix: Parameter prefix 'tls' must start with '/', e.g. '/tls'\n" +
        '- minimumValidity must be a whole number of days from 0 to 36500 (100 years), e.g. Duration.days(365); got 50000 days\n' +
        "- expiryBehavior takes ExpiryBehavior.FAIL or ExpiryBehavior.WARN, got 'never'\n" +
        '- rds-ca-rsa4096-g1 is not offered in ap-south-1 (AWS Aurora user guide); choose rds-ca-rsa2048-g1 or ' +
        'CaSelection.preferred([CertificateAuthority.RSA4096_G1, CertificateAuthority.RSA2048_G1]) to fall back where it is missing'],
  ];

  test.each(cases)('%s', (_name, region, props, message) => {
    const stack = stackIn(region);
    const error = thrownBy(() => TrustBundle.of(stack, props(stack)));
    expect(error.message).toBe(message);
  });

  test('options that differ from the stack\'s existing bundle of the CA', () => {
    // GIVEN
    const stack = stackIn('us-east-1');
    TrustBundle.of(stack, { parameterPrefix: '/a', minimumValidity: Duration.days(30) });
    // WHEN
    const error = thrownBy(() => TrustBundle.of(stack, {
      bucket: s3.Bucket.fromBucketName(stack, 'Other', 'other-bucket'),
      parameterPrefix: '/b',
      minimumValidity: Duration.days(60),
      expiryBehavior: ExpiryBehavior.WARN,
    }));
    // THEN
    expect(error.message).toBe(INVALID +
      "- the stack already publishes the trust bundle of rds-ca-rsa2048-g1 with other options: bucket (another s3.IBucket), parameterPrefix '/b' " +
      "(the bundle has '/a'), minimumValidity 60 days (the bundle has 30 days), expiryBehavior 'warn' (the bundle has 'fail'); a stack publishes " +
      'one trust bundle per certificate authority: give every TlsAuroraCluster and TrustBundle.of() of rds-ca-rsa2048-g1 the same options, ' +
      'or leave them out to share the existing bundle');
  });

  test('is one ValidationError scoped to the caller, thrown before anything is created', () => {
    // GIVEN an env-agnostic stack, where a valid exactly(ECC384_G1) would add a Rule
    const stack = stackIn();
    const caller = new iam.Role(stack, 'Caller', { assumedBy: new iam.AccountRootPrincipal() });
    const before = stack.node.findAll().map((c) => c.node.path);
    // WHEN
    const error = thrownBy(() => TrustBundle.of(caller, {
      certificateAuthority: CaSelection.exactly(CertificateAuthority.ECC384_G1),
      parameterPrefix: 'x',
      expiryBehavior: 'x' as ExpiryBehavior,
    }));
    // THEN
    expect(AuroraTlsErrors.isValidationError(error)).toBe(true);
    expect((error as unknown as { constructPath?: string }).constructPath).toBe('S/Caller');
    expect(error.message.split('\n- ')).toHaveLength(3);
    expect(stack.node.findAll().map((c) => c.node.path)).toEqual(before);
  });
});
