// Composed CDK apps: a database stack and application stacks that read its trust bundle, dev and prod side by side in
// one account, several regions and accounts. Names never collide, importing never publishes again, and the wiring
// synthesizes without dependency cycles.
import { App, RemovalPolicy, Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as rds from 'aws-cdk-lib/aws-rds';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { ITrustBundle, TlsAuroraCluster, TrustBundle, TrustBundleAttributes } from '../../lib/cdk';
import { CaSelection, CertificateAuthority, RegionCatalog, TrustStore } from '../../lib/core';

const ACCOUNT = '111111111111';
const OTHER_ACCOUNT = '222222222222';
const PG16 = rds.DatabaseClusterEngine.auroraPostgres({ version: rds.AuroraPostgresEngineVersion.VER_16_4 });
const LEAVES = ['ca-identifier', 'root-pem', 'bundle-s3-uri', 'bundle-sha256', 'valid-till', 'sslmode'];

function vpcOf(stack: Stack): ec2.IVpc {
  return ec2.Vpc.fromVpcAttributes(stack, 'Vpc', { vpcId: 'vpc-12345678', availabilityZones: ['az-a', 'az-b'], privateSubnetIds: ['subnet-1', 'subnet-2'] });
}

function database(stack: Stack, extra: Partial<rds.DatabaseClusterProps> & { trustBundle?: any } = {}): TlsAuroraCluster {
  return new TlsAuroraCluster(stack, 'Db', {
    engine: PG16,
    writer: rds.ClusterInstance.provisioned('Writer'),
    vpc: vpcOf(stack),
    certificateAuthority: CaSelection.exactly(CertificateAuthority.ECC384_G1),
    ...extra,
  });
}

function application(stack: Stack, vpc?: ec2.IVpc): lambda.Function {
  return new lambda.Function(stack, 'App', {
    runtime: lambda.Runtime.NODEJS_22_X,
    handler: 'index.handler',
    code: lambda.Code.fromInline('exports.handler = async () => {};'),
    ...(vpc ? { vpc } : {}),
  });
}

function thrownBy(fn: () => unknown): Error {
  try {
    fn();
  } catch (e) {
    return e as Error;
  }
  throw new Error('expected an error, nothing was thrown');
}

/** The ssm:GetParameter(s) resources of the statements of a role's policy in a template. */
function ssmReadArns(template: Template): unknown[] {
  const policies = Object.values(template.findResources('AWS::IAM::Policy')) as any[];
  const statements = policies.flatMap((p) => p.Properties.PolicyDocument.Statement);
  return statements.find((s) => JSON.stringify(s.Action) === JSON.stringify(['ssm:GetParameter', 'ssm:GetParameters']))!.Resource;
}

describe('names unique per stack', () => {
  test('dev and prod stacks in one account and region publish under distinct default prefixes and keys', () => {
    // GIVEN
    const app = new App();
    const env = { account: ACCOUNT, region: 'us-east-1' };
    const dev = database(new Stack(app, 'Database-dev', { env }));
    const prod = database(new Stack(app, 'Database-prod', { env }));

    // THEN
    expect(dev.trustBundle!.parameterPrefix).toBe('/aurora-tls/Database-dev/rds-ca-ecc384-g1');
    expect(prod.trustBundle!.parameterPrefix).toBe('/aurora-tls/Database-prod/rds-ca-ecc384-g1');
    expect(dev.trustBundle!.objectKey).toBe('aurora-tls/Database-dev/us-east-1/rds-ca-ecc384-g1/us-east-1-bundle.pem');
    expect(prod.trustBundle!.objectKey).toBe('aurora-tls/Database-prod/us-east-1/rds-ca-ecc384-g1/us-east-1-bundle.pem');
    Template.fromStack(Stack.of(dev)).hasResourceProperties('Custom::AuroraTlsTrustBundle', {
      ParameterPrefix: '/aurora-tls/Database-dev/rds-ca-ecc384-g1',
      ObjectKey: 'aurora-tls/Database-dev/us-east-1/rds-ca-ecc384-g1/us-east-1-bundle.pem',
    });
  });

  test('an environment-agnostic stack and a concrete-region stack of the same app never share a prefix', () => {
    const app = new App();
    const agnostic = database(new Stack(app, 'Anywhere'));
    const pinned = database(new Stack(app, 'Pinned', { env: { account: ACCOUNT, region: 'us-east-1' } }));
    expect(agnostic.trustBundle!.parameterPrefix).not.toBe(pinned.trustBundle!.parameterPrefix);
  });

  test('a user-given prefix is used as given; two bundles of one stack cannot share it', () => {
    const stack = new Stack(new App(), 'Database', { env: { account: ACCOUNT, region: 'us-east-1' } });
    const rsa = TrustBundle.of(stack, { parameterPrefix: '/platform/tls' });
    expect(rsa.parameterPrefix).toBe('/platform/tls');
    expect(thrownBy(() => TrustBundle.of(stack, { certificateAuthority: CaSelection.exactly(CertificateAuthority.ECC384_G1), parameterPrefix: '/platform/tls/' })).message).toBe(
      'TrustBundle initialization failed due to the following validation error(s):\n' +
      "- parameterPrefix '/platform/tls/' is already the prefix of the stack's trust bundle of rds-ca-rsa2048-g1: two publications would write " +
      'the same parameters; give each its own prefix, or leave it out (the default is unique per certificate authority)',
    );
  });
});

describe('TrustBundle.of() in a stack that does not publish', () => {
  test('refuses to publish a second copy of what another stack publishes in the same environment, and says how to read it', () => {
    // GIVEN
    const app = new App();
    const env = { account: ACCOUNT, region: 'us-east-1' };
    database(new Stack(app, 'Database', { env }));
    const appStack = new Stack(app, 'Application', { env });

    // WHEN
    const error = thrownBy(() => TrustBundle.of(appStack, { certificateAuthority: CaSelection.exactly(CertificateAuthority.ECC384_G1) }));

    // THEN nothing was added to the application stack
    expect(error.message).toBe(
      'TrustBundle initialization failed due to the following validation error(s):\n' +
      "- stack 'Database' already publishes the trust bundle of rds-ca-ecc384-g1 in aws://111111111111/us-east-1, and TrustBundle.of() " +
      "publishes in the stack of its scope ('Application'), which would make a second copy; to read the bundle of 'Database' from 'Application', " +
      "pass its ITrustBundle (the TlsAuroraCluster's trustBundle; CDK adds the exports) or use " +
      "TrustBundle.fromTrustBundleAttributes(this, 'TrustBundle', { stackName: 'Database', ... }); to publish a second copy on purpose, set allowDuplicate: true",
    );
    expect(appStack.node.children).toHaveLength(0);
  });

  test('the same copy made before the database stack is built is refused on the final tree, with the same message', () => {
    // GIVEN the application stack calls TrustBundle.of() first
    const app = new App();
    const env = { account: ACCOUNT, region: 'us-east-1' };
    const appStack = new Stack(app, 'Application', { env });
    TrustBundle.of(appStack, { certificateAuthority: CaSelection.exactly(CertificateAuthority.ECC384_G1) });
    database(new Stack(app, 'Database', { env }));

    // WHEN the app is synthesized
    const error = thrownBy(() => app.synth());

    // THEN
    expect(error.message).toContain(
      "[Application/AuroraTlsTrustBundleEcc384G1] stack 'Database' already publishes the trust bundle of rds-ca-ecc384-g1 in aws://111111111111/us-east-1, " +
      "and TrustBundle.of() publishes in the stack of its scope ('Application'), which would make a second copy;",
    );
  });

  test('allowDuplicate publishes a second copy under the stack\'s own names; another region or account is no duplicate', () => {
    const app = new App();
    database(new Stack(app, 'Database', { env: { account: ACCOUNT, region: 'us-east-1' } }));
    const ecc = CaSelection.exactly(CertificateAuthority.ECC384_G1);
    const copy = TrustBundle.of(new Stack(app, 'Copy', { env: { account: ACCOUNT, region: 'us-east-1' } }), { certificateAuthority: ecc, allowDuplicate: true });
    expect(copy.parameterPrefix).toBe('/aurora-tls/Copy/rds-ca-ecc384-g1');
    expect(() => TrustBundle.of(new Stack(app, 'West', { env: { account: ACCOUNT, region: 'us-west-2' } }), { certificateAuthority: ecc })).not.toThrow();
    expect(() => TrustBundle.of(new Stack(app, 'Other', { env: { account: OTHER_ACCOUNT, region: 'us-east-1' } }), { certificateAuthority: ecc })).not.toThrow();
  });
});

describe('importing a bundle', () => {
  const ecc = CertificateAuthority.ECC384_G1;

  test('from another stack of the app: the database\'s ITrustBundle, with exports, grants and connections in both directions, no cycle', () => {
    // GIVEN a database stack and an application stack in one environment
    const app = new App();
    const env = { account: ACCOUNT, region: 'us-east-1' };
    const dbStack = new Stack(app, 'Database', { env });
    const db = database(dbStack);
    const appStack = new Stack(app, 'Application', { env });
    const fn = application(appStack, vpcOf(appStack));
    const bundle: ITrustBundle = db.trustBundle!;

    // WHEN the README's wiring, and the other direction too
    bundle.grantRead(fn);
    db.connections.allowDefaultPortFrom(fn);
    fn.connections.allowToDefaultPort(db);
    fn.addEnvironment('DB_HOST', db.clusterEndpoint.hostname);
    fn.addEnvironment('BUNDLE_PARAMETER', bundle.parameterNames.bundleS3Uri);

    // THEN it synthesizes (a cycle would throw here), the application depends on the database only
    const assembly = app.synth();
    const stackDependencies = (name: string) => assembly.getStackByName(name).dependencies.map((d) => d.id).filter((id) => !id.endsWith('.assets'));
    expect(stackDependencies('Application')).toEqual(['Database']);
    expect(stackDependencies('Database')).toEqual([]);
    const appTemplate = Template.fromStack(appStack);
    // the ingress rule on the database's security group is in the application stack
    appTemplate.hasResourceProperties('AWS::EC2::SecurityGroupIngress', {
      GroupId: { 'Fn::ImportValue': Match.stringLikeRegexp('^Database:ExportsOutputFnGetAttDbSecurityGroup') },
      SourceSecurityGroupId: { 'Fn::GetAtt': [Match.stringLikeRegexp('^AppSecurityGroup'), 'GroupId'] },
      FromPort: { 'Fn::ImportValue': Match.stringLikeRegexp('^Database:ExportsOutputFnGetAttDb.*EndpointPort') },
    });
    Template.fromStack(dbStack).resourceCountIs('AWS::EC2::SecurityGroupIngress', 0);
    expect(ssmReadArns(appTemplate)).toEqual(LEAVES.map((leaf) =>
      ({ 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, `:ssm:us-east-1:${ACCOUNT}:parameter/aurora-tls/Database/rds-ca-ecc384-g1/${leaf}`]] })));
    appTemplate.resourceCountIs('Custom::AuroraTlsTrustBundle', 0);
    appTemplate.resourceCountIs('AWS::S3::Bucket', 0);
  });

  test('from the default names of another app\'s stack (stackName): exact parameter ARNs and object ARN', () => {
    const stack = new Stack(new App(), 'Application', { env: { account: ACCOUNT, region: 'eu-west-1' } });
    const role = new iam.Role(stack, 'Role', { assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com') });
    const bundle = TrustBundle.fromTrustBundleAttributes(stack, 'Bundle', { certificateAuthority: ecc, bucketName: 'database-bundles', stackName: 'Database' });
    bundle.grantRead(role);

    expect(bundle.parameterPrefix).toBe('/aurora-tls/Database/rds-ca-ecc384-g1');
    expect(bundle.objectKey).toBe('aurora-tls/Database/eu-west-1/rds-ca-ecc384-g1/eu-west-1-bundle.pem');
    expect(bundle.bundleS3Uri).toBe('s3://database-bundles/aurora-tls/Database/eu-west-1/rds-ca-ecc384-g1/eu-west-1-bundle.pem');
    expect(bundle.parameterArns).toEqual(LEAVES.map((leaf) => `arn:aws:ssm:eu-west-1:${ACCOUNT}:parameter/aurora-tls/Database/rds-ca-ecc384-g1/${leaf}`));
    Template.fromStack(stack).hasResourceProperties('AWS::IAM::Policy', {
      PolicyDocument: {
        Statement: [
          {
            Action: 's3:GetObject',
            Effect: 'Allow',
            Resource: { 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':s3:::database-bundles/aurora-tls/Database/eu-west-1/rds-ca-ecc384-g1/eu-west-1-bundle.pem']] },
          },
          { Action: ['ssm:GetParameter', 'ssm:GetParameters'], Effect: 'Allow', Resource: bundle.parameterArns },
        ],
      },
    });
    Template.fromStack(stack).resourceCountIs('Custom::AuroraTlsTrustBundle', 0);
  });

  test('from another account and region: ARNs in that account, region and partition', () => {
    const stack = new Stack(new App(), 'Application', { env: { account: ACCOUNT, region: 'us-east-1' } });
    const bundle = TrustBundle.fromTrustBundleAttributes(stack, 'Bundle', {
      certificateAuthority: CertificateAuthority.RSA2048_G1,
      bucketName: 'shared-bundles',
      parameterPrefix: '/platform/tls',
      objectKey: 'tls/bundle.pem',
      account: OTHER_ACCOUNT,
      region: 'us-gov-west-1',
    });
    expect(bundle.parameterArns).toEqual(LEAVES.map((leaf) => `arn:aws-us-gov:ssm:us-gov-west-1:${OTHER_ACCOUNT}:parameter/platform/tls/${leaf}`));
    expect(bundle.account).toBe(OTHER_ACCOUNT);
    expect(bundle.region).toBe('us-gov-west-1');
    expect(bundle.bucket.env).toEqual({ account: OTHER_ACCOUNT, region: 'us-gov-west-1' });
  });

  test("across accounts, the publisher's grantRead to the reader's account is a bucket-policy statement on the object", () => {
    const stack = new Stack(new App(), 'Database', { env: { account: ACCOUNT, region: 'us-east-1' } });
    const db = database(stack);
    db.trustBundle!.grantRead(new iam.AccountPrincipal(OTHER_ACCOUNT));
    Template.fromStack(stack).hasResourceProperties('AWS::S3::BucketPolicy', {
      PolicyDocument: {
        Statement: Match.arrayWith([{
          Action: 's3:GetObject',
          Effect: 'Allow',
          Principal: { AWS: { 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, `:iam::${OTHER_ACCOUNT}:root`]] } },
          Resource: { 'Fn::Join': ['', [{ 'Fn::GetAtt': [Match.stringLikeRegexp('^AuroraTlsTrustBundleBucket'), 'Arn'] }, '/aurora-tls/Database/us-east-1/rds-ca-ecc384-g1/us-east-1-bundle.pem']] },
        }]),
      },
    });
  });

  test('an env-agnostic importer keeps the region and account of its deployment', () => {
    const stack = new Stack(new App(), 'Application');
    const bundle = TrustBundle.fromTrustBundleAttributes(stack, 'Bundle', { certificateAuthority: ecc, bucketName: 'b-1', stackName: 'Database' });
    expect(stack.resolve(bundle.parameterArns[0])).toEqual({
      'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':ssm:', { Ref: 'AWS::Region' }, ':', { Ref: 'AWS::AccountId' }, ':parameter/aurora-tls/Database/rds-ca-ecc384-g1/ca-identifier']],
    });
  });

  const INVALID = 'TrustBundle.fromTrustBundleAttributes() failed due to the following validation error(s):\n- ';
  const base: TrustBundleAttributes = { certificateAuthority: ecc, bucketName: 'database-bundles', stackName: 'Database' };
  test.each<[string, Partial<TrustBundleAttributes> | Record<string, unknown>, string]>([
    ['a malformed prefix', { stackName: undefined, parameterPrefix: 'platform/tls', objectKey: 'k.pem' },
      "parameterPrefix: Parameter prefix 'platform/tls' must start with '/', e.g. '/platform/tls'"],
    ['a reserved prefix', { parameterPrefix: '/aws/tls' },
      "parameterPrefix: Parameter prefix '/aws/tls' starts with a name AWS reserves ('aws' or 'ssm'); choose another, e.g. '/aurora-tls/...'"],
    ['an unknown region', { region: 'us-east-9' },
      "region: Unknown region 'us-east-9' (closest: us-east-1, us-east-2, ap-east-1); aurora-tls knows 38 regions (RegionCatalog.regions()). Check the spelling, or upgrade aurora-tls if the region is new"],
    ['an upper-case region', { region: 'US-EAST-1' }, "region: Region 'US-EAST-1' must be lower case; use 'us-east-1'"],
    ['an account that is not 12 digits', { account: '1234' },
      "account '1234' is not an AWS account id (12 digits, e.g. '111111111111'); give the account that published the bundle"],
    ['a CA given as a string', { certificateAuthority: 'rds-ca-ecc384-g1' },
      "certificateAuthority takes a CertificateAuthority such as CertificateAuthority.RSA2048_G1, got 'rds-ca-ecc384-g1'; use CertificateAuthority.of('rds-ca-ecc384-g1')"],
    ['neither stackName nor the names', { stackName: undefined },
      'parameterPrefix and objectKey are needed without stackName: give stackName (the stack that published the bundle with the default names), ' +
      "or the bundle's parameterPrefix and objectKey as its publisher outputs them"],
    ['a bad bucket name', { bucketName: 'Database_Bundles' },
      "bucketName 'Database_Bundles' is not an S3 bucket name (3 to 63 lower-case letters, digits, '.' and '-', starting and ending with a letter or digit)"],
    ['a stack name with a slash', { stackName: 'team/db' },
      "stackName: Stack name 'team/db' cannot be a level of the default parameter prefix and object key (1 to 128 letters, digits, '-', '_' and '.'); " +
      'rename the stack, or give the trust bundle a parameterPrefix'],
  ])('%s is refused with a message naming the value and the fix', (_name, change, message) => {
    const stack = new Stack(new App(), 'Application', { env: { account: ACCOUNT, region: 'us-east-1' } });
    const error = thrownBy(() => TrustBundle.fromTrustBundleAttributes(stack, 'Bundle', { ...base, ...change } as TrustBundleAttributes));
    expect(error.message).toBe(`${INVALID}${message}`);
    expect(stack.node.tryFindChild('Bundle')).toBeUndefined();
  });
});

describe('bucket lifecycle', () => {
  test('RETAIN (the default): versioned, Object Lock for a year, retained', () => {
    const stack = new Stack(new App(), 'Database', { env: { account: ACCOUNT, region: 'us-east-1' } });
    TrustBundle.of(stack);
    const template = Template.fromStack(stack);
    template.hasResource('AWS::S3::Bucket', {
      DeletionPolicy: 'Retain',
      Properties: Match.objectLike({ ObjectLockEnabled: true, VersioningConfiguration: { Status: 'Enabled' } }),
    });
  });

  test('DESTROY: no versioning and no Object Lock, deleted with the stack', () => {
    const stack = new Stack(new App(), 'Ci', { env: { account: ACCOUNT, region: 'us-east-1' } });
    database(stack, { trustBundle: { removalPolicy: RemovalPolicy.DESTROY } });
    const template = Template.fromStack(stack);
    template.hasResource('AWS::S3::Bucket', {
      DeletionPolicy: 'Delete',
      Properties: Match.objectLike({
        ObjectLockEnabled: Match.absent(), ObjectLockConfiguration: Match.absent(), VersioningConfiguration: Match.absent(),
      }),
    });
  });

  test.each<[string, (stack: Stack) => unknown, string]>([
    ['SNAPSHOT', () => ({ removalPolicy: RemovalPolicy.SNAPSHOT }),
      "- removalPolicy takes RemovalPolicy.RETAIN or RemovalPolicy.DESTROY, got 'snapshot'"],
    ['with a bucket of your own', (stack) => ({ removalPolicy: RemovalPolicy.DESTROY, bucket: new s3.Bucket(stack, 'Own') }),
      '- removalPolicy applies to the bucket aurora-tls creates, and bucket is given: set the removal policy of your bucket where you create it, and remove removalPolicy'],
  ])('removalPolicy %s is refused', (_name, props, message) => {
    const stack = new Stack(new App(), 'Database', { env: { account: ACCOUNT, region: 'us-east-1' } });
    expect(thrownBy(() => TrustBundle.of(stack, props(stack) as any)).message).toBe(
      `TrustBundle initialization failed due to the following validation error(s):\n${message}`);
  });

  test('the trust bundles of a stack share the bucket, so they must agree on its removal policy', () => {
    const stack = new Stack(new App(), 'Database', { env: { account: ACCOUNT, region: 'us-east-1' } });
    TrustBundle.of(stack, { removalPolicy: RemovalPolicy.DESTROY });
    const error = thrownBy(() => TrustBundle.of(stack, { certificateAuthority: CaSelection.exactly(CertificateAuthority.ECC384_G1) }));
    expect(error.message).toBe(
      'TrustBundle initialization failed due to the following validation error(s):\n' +
      "- removalPolicy 'retain' differs from the one the stack's trust bundle bucket was created with ('destroy'): the trust bundles of a " +
      'stack share that bucket; give them the same removalPolicy',
    );
  });
});

describe('China in environment-agnostic stacks', () => {
  test('the Rule refuses cn-north-1 and cn-northwest-1 with the message a concrete-region stack gets at synth', () => {
    // GIVEN the message of a concrete China stack
    const concrete = new Stack(new App(), 'Beijing', { env: { account: ACCOUNT, region: 'cn-north-1' } });
    const synthMessage = thrownBy(() => database(concrete, {})).message;

    // WHEN the same database in an environment-agnostic stack
    const stack = new Stack(new App(), 'Anywhere');
    database(stack);

    // THEN one assertion per region without vendored roots, before any resource is created
    const chinaRegions = RegionCatalog.regions().filter((r) => !TrustStore.bundled().hasRootsFor(r));
    expect(chinaRegions).toEqual(['cn-north-1', 'cn-northwest-1']);
    const rule = Template.fromStack(stack).toJSON().Rules.AuroraTlsTrustBundleRegionsRule;
    expect(rule.Assertions).toEqual(chinaRegions.map((region) => ({
      Assert: { 'Fn::Not': [{ 'Fn::Equals': [{ Ref: 'AWS::Region' }, region] }] },
      AssertDescription: `deployTimeCheck: The trust store has no RDS root for ${region}; download the bundle from ` +
        `https://rds-truststore.s3.cn-north-1.amazonaws.com.cn/${region}/${region}-bundle.pem instead; set deployTimeCheck to false to deploy ` +
        'without the deploy-time check and the trust bundle, which need the roots vendored with aurora-tls',
    })));
    expect(synthMessage).toContain(`- ${rule.Assertions[0].AssertDescription}`);
  });

  test('without the deploy-time check there is no such Rule', () => {
    const stack = new Stack(new App(), 'Anywhere');
    new TlsAuroraCluster(stack, 'Db', { engine: PG16, writer: rds.ClusterInstance.provisioned('Writer'), vpc: vpcOf(stack), deployTimeCheck: false });
    expect(Template.fromStack(stack).toJSON().Rules?.AuroraTlsTrustBundleRegionsRule).toBeUndefined();
  });
});
