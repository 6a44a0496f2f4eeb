// Bad input at every public entry point: core, the AWS CDK constructs (TlsAuroraCluster, TrustBundle, AuroraTlsChecks),
// the CDK for Terraform constructs (tf.TlsAuroraCluster, tf.TrustBundle) and the command line (Cli.run).
//
// Every case must be refused by aurora-tls's own validation with a message that names the bad value and the fix: not a
// TypeError or RangeError from deep inside, no stack frame or node_modules path in the message, no megabytes echoed
// back, and exactly the text below (a regex only where the text holds a generated id or token).
import { AwsProvider } from '@cdktf/provider-aws/lib/provider';
import { App, Duration, Lazy, Stack, Token, aws_ec2 as ec2, aws_rds as rds, aws_s3 as s3 } from 'aws-cdk-lib';
import { TerraformStack, TerraformVariable, Testing } from 'cdktf';
import {
  AuroraEngine, AuroraTlsCheckLevel, AuroraTlsChecks, CaSelection, CertificateAuthority, ConnectionSettings, RegionCatalog,
  SslMode, TlsAuroraCluster, TlsAuroraClusterProps, TlsEnforcement, TlsVersion, TrustBundle,
} from '../../lib';
import { BufferedIo, Cli } from '../../lib/cli/cli';
import * as tf from '../../lib/tf';

const RSA2048 = CertificateAuthority.RSA2048_G1;
const ECC384 = CertificateAuthority.ECC384_G1;
const PG16 = rds.DatabaseClusterEngine.auroraPostgres({ version: rds.AuroraPostgresEngineVersion.VER_16_4 });
/** 10 MB: a value no message may echo back whole. */
const HUGE = 'x'.repeat(10 * 1024 * 1024);
const HUGE_SHOWN = `'${'x'.repeat(64)}... (10485760 characters)'`;
/** 10 000 unrelated, acceptable cluster parameters. */
const MANY: { [name: string]: string } = Object.fromEntries(Array.from({ length: 10_000 }, (_, i) => [`app.setting_${i}`, String(i)]));
const PG_SPEC = TlsEnforcement.parametersFor({ engine: AuroraEngine.AURORA_POSTGRESQL, engineVersion: '16.4' });
const FINDINGS = 'aurora-tls:unpinned-ca, aurora-tls:retired-ca, aurora-tls:ca-unavailable, aurora-tls:unknown-region, ' +
  'aurora-tls:default-parameter-group, aurora-tls:weak-tls, aurora-tls:unverifiable-parameter-group, aurora-tls:unverifiable-ca';
const CDK_HEADER = 'TlsAuroraCluster initialization failed due to the following validation error(s):\n- ';
const BUNDLE_HEADER = 'TrustBundle initialization failed due to the following validation error(s):\n- ';
const CHECKS_HEADER = 'AuroraTlsChecks initialization failed due to the following validation error(s):\n- ';
const TOKEN = '\\$\\{Token\\[[A-Za-z.]+\\d+\\]\\}';

/** A stack in `region` ('agnostic': no env) with a VPC, the usual home of a cluster. */
function stackIn(region = 'us-east-1'): Stack {
  const stack = new Stack(new App(), 'Db', region === 'agnostic' ? {} : { env: { account: '111111111111', region } });
  new ec2.Vpc(stack, 'Vpc', { maxAzs: 2, natGateways: 1 });
  return stack;
}

/** A TlsAuroraCluster with good props, overridden by `props` (untyped: these are bad inputs). */
function cluster(props: { [name: string]: unknown }, stack = stackIn()): TlsAuroraCluster {
  const vpc = stack.node.findChild('Vpc') as ec2.Vpc;
  return new TlsAuroraCluster(stack, 'Cluster', {
    engine: PG16, writer: rds.ClusterInstance.serverlessV2('Writer'), vpc, ...props,
  } as unknown as TlsAuroraClusterProps);
}

/** A Terraform stack whose AwsProvider has `region`. */
function tfStack(region = 'us-east-1'): TerraformStack {
  const stack = new TerraformStack(Testing.app(), 'database');
  new AwsProvider(stack, 'aws', { region });
  return stack;
}

const TF_CLUSTER = { engine: AuroraEngine.AURORA_POSTGRESQL, engineVersion: '16.4', instanceClass: 'db.r6g.large' };
function tfCluster(props: { [name: string]: unknown }, stack = tfStack()): tf.TlsAuroraCluster {
  return new tf.TlsAuroraCluster(stack, 'Db', { ...TF_CLUSTER, ...props } as unknown as tf.TlsAuroraClusterProps);
}
function tfBundle(props: unknown, stack = tfStack()): tf.TrustBundle {
  return new tf.TrustBundle(stack, 'Bundle', props as tf.TrustBundleProps);
}

/** A Terraform expression (a variable's value). */
function tfString(stack: TerraformStack): string {
  return new TerraformVariable(stack, 'value', { type: 'string' }).stringValue;
}

/** Run the command line; a refusal is thrown as an Error carrying stderr, so it goes through the same checks. */
function cli(...argv: unknown[]): never {
  return cliArgv(argv);
}
function cliArgv(argv: unknown): never {
  const io = new BufferedIo();
  const code = Cli.run(argv as string[], io);
  throw Object.assign(new Error(io.stderr.replace(/\n$/, '')), { exitCode: code, stdout: io.stdout });
}

type Case = [entryPoint: string, input: string, run: () => unknown, expected: string | RegExp];

const CASES: Case[] = [
  // ---------------------------------------------------------------------------------------------------------- core
  ['core', 'a mixed-case region', () => RegionCatalog.isAvailable('US-East-1', RSA2048),
    "Region 'US-East-1' must be lower case; use 'us-east-1'"],
  ['core', 'a region with whitespace', () => RegionCatalog.validateRegion(' us-east-1\n'),
    "Region ' us-east-1\n' has leading or trailing whitespace; use 'us-east-1'"],
  ['core', 'a region token', () => RegionCatalog.validateRegion(stackIn('agnostic').region),
    new RegExp(`^Region '${TOKEN}' is an unresolved token; the catalog needs a literal region such as 'us-east-1' ` +
      '\\(aurora-tls constructs move the check to deploy time for env-agnostic stacks\\)$')],
  ['core', 'a 10 MB region', () => RegionCatalog.validateRegion(HUGE), `Region ${HUGE_SHOWN} is not a region code; expected the form 'us-east-1'`],
  ['core', 'a CA in upper case', () => CertificateAuthority.of('RDS-CA-RSA2048-G1'),
    "Certificate authority 'RDS-CA-RSA2048-G1' must be written exactly as 'rds-ca-rsa2048-g1' (lower case, no spaces)"],
  ['core', 'a CA token', () => CertificateAuthority.of(Lazy.string({ produce: () => 'rds-ca-rsa2048-g1' })),
    new RegExp(`^Certificate authority '${TOKEN}' is an unresolved token; aurora-tls needs the identifier at synth time: ` +
      'use one of rds-ca-rsa2048-g1, rds-ca-rsa4096-g1, rds-ca-ecc384-g1$')],
  ['core', 'a 10 MB CA', () => CertificateAuthority.of(HUGE),
    `Unknown certificate authority ${HUGE_SHOWN}; choose one of rds-ca-rsa2048-g1, rds-ca-rsa4096-g1, rds-ca-ecc384-g1`],
  ['core', 'an empty preference list', () => CaSelection.preferred([]),
    'CaSelection.preferred() needs at least one certificate authority, got an array of 0; ' +
      'e.g. CaSelection.preferred([CertificateAuthority.ECC384_G1, CertificateAuthority.RSA2048_G1])'],
  ['core', 'a duplicated preference list', () => CaSelection.preferred([ECC384, RSA2048, ECC384]),
    'CaSelection.preferred() lists rds-ca-ecc384-g1 twice; list each certificate authority once, most preferred first'],
  ['core', 'raw strings in a preference list', () => CaSelection.preferred(['rds-ca-ecc384-g1'] as unknown as CertificateAuthority[]),
    "CaSelection.preferred() takes CertificateAuthority values, got 'rds-ca-ecc384-g1' at position 1; use CertificateAuthority.of('rds-ca-ecc384-g1')"],
  ['core', 'a raw string for exactly()', () => CaSelection.exactly('rds-ca-rsa2048-g1' as unknown as CertificateAuthority),
    "CaSelection.exactly() takes CertificateAuthority values, got 'rds-ca-rsa2048-g1' at position 1; use CertificateAuthority.of('rds-ca-rsa2048-g1')"],
  ['core', 'TLS 1.1 as the minimum', () => TlsVersion.of('TLSv1.1'),
    "TLS version 'TLSv1.1' is deprecated (RFC 8996 retires TLS 1.0 and 1.1) and cannot be the minimum; use TlsVersion.TLS_1_2 or TlsVersion.TLS_1_3"],
  ['core', 'a MySQL spelling of an SSL mode', () => SslMode.of('VERIFY_IDENTITY'),
    "SSL mode 'VERIFY_IDENTITY' is the MySQL spelling; use 'verify-full' (aurora-tls maps it to MySQL names itself)"],
  ['core', 'a 10 MB engine version', () => TlsEnforcement.parametersFor({ engine: AuroraEngine.AURORA_POSTGRESQL, engineVersion: HUGE }),
    `Engine version ${HUGE_SHOWN} is not an aurora-postgresql version; expected the form '16.4' (or the major alone, '16')`],
  ['core', 'a real __proto__ key in the parameters', () => TlsEnforcement.mergeParameters(PG_SPEC, JSON.parse('{"__proto__": {"rds.force_ssl": "0"}}')),
    "Parameter name '__proto__' is refused (it would reach the object's prototype, not a parameter group); remove it"],
  ['core', 'constructor and prototype keys in the parameters', () => TlsEnforcement.mergeParameters(PG_SPEC, JSON.parse('{"constructor": "1", "prototype": "1"}')),
    'Cluster parameters weaken or contradict TLS enforcement for aurora-postgresql 16.4 (2 problems):\n' +
      "- Parameter name 'constructor' is refused (it would reach the object's prototype, not a parameter group); remove it\n" +
      "- Parameter name 'prototype' is refused (it would reach the object's prototype, not a parameter group); remove it"],
  ['core', '10 000 parameters, one of them turning TLS off in upper case', () => TlsEnforcement.mergeParameters(PG_SPEC, { ...MANY, 'RDS.FORCE_SSL': '0' }),
    "Parameter 'RDS.FORCE_SSL' = '0' would let clients connect without TLS; remove it (aurora-tls sets rds.force_ssl=1)"],
  ['core', 'a 10 MB parameter value', () => TlsEnforcement.mergeParameters(PG_SPEC, { 'rds.force_ssl': HUGE }),
    `Parameter 'rds.force_ssl' = ${HUGE_SHOWN} is not a valid value for rds.force_ssl (0 or 1); remove it (aurora-tls sets rds.force_ssl=1)`],
  ['core', 'a 10 MB host', () => new ConnectionSettings({ engine: AuroraEngine.AURORA_POSTGRESQL, host: HUGE, region: 'us-east-1', bundlePath: '/etc/b.pem' }),
    `Invalid connection settings: Host ${HUGE_SHOWN} is not a valid host name: use letters, digits, hyphens and dots, at most 63 characters ` +
      "between dots, e.g. 'my-cluster.cluster-abc123xyz.us-east-1.rds.amazonaws.com'"],
  ['core', 'connection settings whose host hides behind a real __proto__ key',
    () => new ConnectionSettings(JSON.parse('{"__proto__": {"host": "evil.example.com"}, "engine": "aurora-postgresql", "region": "us-east-1", "bundlePath": "/b.pem"}')),
    "Invalid connection settings: Host must be a string such as 'my-cluster.cluster-abc123xyz.us-east-1.rds.amazonaws.com', got undefined"],

  // ----------------------------------------------------------------------------------------------- TlsAuroraCluster
  ['TlsAuroraCluster', 'no props', () => new TlsAuroraCluster(stackIn(), 'Cluster', undefined as unknown as TlsAuroraClusterProps),
    `${CDK_HEADER}engine is required, got undefined; use rds.DatabaseClusterEngine.auroraPostgres({ version: rds.AuroraPostgresEngineVersion.VER_16_4 }) ` +
      'or rds.DatabaseClusterEngine.auroraMysql({ version: rds.AuroraMysqlEngineVersion.VER_3_08_0 })'],
  ['TlsAuroraCluster', 'a raw string for the CA', () => cluster({ certificateAuthority: 'rds-ca-ecc384-g1' }),
    `${CDK_HEADER}certificateAuthority takes a CaSelection, got 'rds-ca-ecc384-g1'; use CaSelection.exactly(CertificateAuthority.of('rds-ca-ecc384-g1'))`],
  ['TlsAuroraCluster', 'a CertificateAuthority where a CaSelection is expected', () => cluster({ certificateAuthority: ECC384 }),
    `${CDK_HEADER}certificateAuthority takes a CaSelection, got the CertificateAuthority rds-ca-ecc384-g1; use CaSelection.exactly(CertificateAuthority.of('rds-ca-ecc384-g1'))`],
  ['TlsAuroraCluster', 'an upper-case stack region', () => cluster({}, stackIn('US-EAST-1')),
    `${CDK_HEADER}Stack region: Region 'US-EAST-1' must be lower case; use 'us-east-1'`],
  ['TlsAuroraCluster', 'a misspelled stack region', () => cluster({}, stackIn('us-east-9')),
    `${CDK_HEADER}Stack region: Unknown region 'us-east-9' (closest: us-east-1, us-east-2, ap-east-1); aurora-tls knows 38 regions ` +
      '(RegionCatalog.regions()). Check the spelling, or upgrade aurora-tls if the region is new'],
  ['TlsAuroraCluster', 'a raw string for the TLS version', () => cluster({ minimumTlsVersion: 'TLSv1.3' }),
    `${CDK_HEADER}minimumTlsVersion takes a TlsVersion, got 'TLSv1.3'; use TlsVersion.of('TLSv1.3')`],
  ['TlsAuroraCluster', 'a real constructor key in the parameters', () => cluster({ parameters: JSON.parse('{"constructor": "x"}') }),
    `${CDK_HEADER}Parameter name 'constructor' is refused (it would reach the object's prototype, not a parameter group); remove it`],
  ['TlsAuroraCluster', '10 000 parameters, one of them turning TLS off', () => cluster({ parameters: { ...MANY, 'rds.force_ssl': '0' } }),
    `${CDK_HEADER}Parameter 'rds.force_ssl' = '0' would let clients connect without TLS; remove it (aurora-tls sets rds.force_ssl=1)`],
  ['TlsAuroraCluster', 'a token for a TLS parameter', () => cluster({ parameters: { ssl_min_protocol_version: Token.asString({ Ref: 'MinTls' }) } }),
    `${CDK_HEADER}Parameter 'ssl_min_protocol_version' has a deploy-time value, so aurora-tls cannot check that it keeps TLS enforced; ` +
      'give it a literal value, or remove it (aurora-tls sets the TLS parameters itself)'],
  ['TlsAuroraCluster', 'a 10 MB parameter value', () => cluster({ parameters: { 'rds.force_ssl': HUGE } }),
    `${CDK_HEADER}Parameter 'rds.force_ssl' = ${HUGE_SHOWN} is not a valid value for rds.force_ssl (0 or 1); remove it (aurora-tls sets rds.force_ssl=1)`],
  ['TlsAuroraCluster', 'a raw string for deployTimeCheck', () => cluster({ deployTimeCheck: 'false' }),
    `${CDK_HEADER}deployTimeCheck takes true or false, got 'false'`],
  ['TlsAuroraCluster', 'trustBundle with deployTimeCheck: false (conflicting)', () => cluster({ deployTimeCheck: false, trustBundle: {} }),
    `${CDK_HEADER}trustBundle is only used by the deploy-time check, which deployTimeCheck: false turns off; remove trustBundle, or remove deployTimeCheck: false`],
  ['TlsAuroraCluster', 'parameterGroup with parameters (conflicting)', () => {
    const stack = stackIn();
    return cluster({ parameterGroup: new rds.ParameterGroup(stack, 'Group', { engine: PG16 }), parameters: { log_statement: 'ddl' } }, stack);
  }, `${CDK_HEADER}parameterGroup and parameters cannot both be given (aws-cdk-lib refuses it); put the parameters in the parameter group, ` +
    'or drop parameterGroup and let TlsAuroraCluster create one'],
  ['TlsAuroraCluster', 'a bucket name where a bucket is expected', () => cluster({ trustBundle: { bucket: 'my-bundles' } }),
    `${CDK_HEADER}trustBundle.bucket takes an s3.IBucket such as s3.Bucket.fromBucketName(this, 'Bundles', 'my-bucket'), got 'my-bundles'`],
  ['TlsAuroraCluster', 'a number of days where a Duration is expected', () => cluster({ trustBundle: { minimumValidity: 365 } }),
    `${CDK_HEADER}trustBundle.minimumValidity takes a Duration such as Duration.days(365), got 365`],
  ['TlsAuroraCluster', 'a minimum validity in hours', () => cluster({ trustBundle: { minimumValidity: Duration.hours(5) } }),
    `${CDK_HEADER}trustBundle.minimumValidity must be a whole number of days from 0 to 36500 (100 years), e.g. Duration.days(365); got 5 hours`],
  ['TlsAuroraCluster', 'a parameter prefix with whitespace', () => cluster({ trustBundle: { parameterPrefix: ' /aurora-tls' } }),
    `${CDK_HEADER}trustBundle.parameterPrefix: Parameter prefix ' /aurora-tls' has leading or trailing whitespace; use '/aurora-tls'`],
  ['TlsAuroraCluster', 'a 10 MB parameter prefix', () => cluster({ trustBundle: { parameterPrefix: `/${HUGE}` } }),
    `${CDK_HEADER}trustBundle.parameterPrefix: Parameter prefix '/${'x'.repeat(63)}... (10485761 characters)' is longer than 997 characters; shorten it`],
  ['TlsAuroraCluster', 'a writer with another CA (conflicting)', () => cluster({
    writer: rds.ClusterInstance.serverlessV2('Writer', { caCertificate: rds.CaCertificate.RDS_CA_ECC384_G1 }),
  }), `${CDK_HEADER}writer 'Writer' sets caCertificate rds-ca-ecc384-g1, but certificateAuthority resolves to rds-ca-rsa2048-g1 in us-east-1; ` +
    'TlsAuroraCluster sets the CA of every instance from certificateAuthority: remove caCertificate from the instance, or change certificateAuthority'],
  ['TlsAuroraCluster', 'an engine name where an engine is expected', () => cluster({ engine: 'aurora-postgresql' }),
    `${CDK_HEADER}engine is required, got 'aurora-postgresql'; use rds.DatabaseClusterEngine.auroraPostgres({ version: rds.AuroraPostgresEngineVersion.VER_16_4 }) ` +
      'or rds.DatabaseClusterEngine.auroraMysql({ version: rds.AuroraMysqlEngineVersion.VER_3_08_0 })'],
  ['TlsAuroraCluster', 'a China region with the default deploy-time check (conflicting)', () => cluster({}, stackIn('cn-north-1')),
    `${CDK_HEADER}deployTimeCheck: The trust store has no RDS root for cn-north-1; download the bundle from ` +
      'https://rds-truststore.s3.cn-north-1.amazonaws.com.cn/cn-north-1/cn-north-1-bundle.pem instead; set deployTimeCheck to false to deploy ' +
      'without the deploy-time check and the trust bundle, which need the roots vendored with aurora-tls'],

  // ---------------------------------------------------------------------------------------------------- TrustBundle
  ['TrustBundle', 'a string for the scope', () => TrustBundle.of('this' as unknown as Stack),
    "TrustBundle.of() takes a construct as its scope, got 'this'; pass a construct of the stack that publishes the bundle, " +
      'e.g. TrustBundle.of(this, { ... }) in a Stack or Construct'],
  ['TrustBundle', 'the App for the scope', () => TrustBundle.of(new App()),
    'TrustBundle.of() needs a scope inside a Stack, got the root construct (App), which is in no Stack; pass a construct of the stack ' +
      'that publishes the bundle, e.g. TrustBundle.of(this, { ... }) in a Stack or Construct'],
  ['TrustBundle', 'a raw string for the CA', () => TrustBundle.of(stackIn(), { certificateAuthority: 'rds-ca-rsa2048-g1' as unknown as CaSelection }),
    `${BUNDLE_HEADER}certificateAuthority takes a CaSelection, got 'rds-ca-rsa2048-g1'; use CaSelection.exactly(CertificateAuthority.of('rds-ca-rsa2048-g1'))`],
  ['TrustBundle', 'a token where a bucket is expected', () => TrustBundle.of(stackIn(), { bucket: Token.asString({ Ref: 'Bucket' }) as unknown as s3.IBucket }),
    new RegExp(`^${escape(BUNDLE_HEADER)}bucket takes an s3.IBucket such as s3.Bucket.fromBucketName\\(this, 'Bundles', 'my-bucket'\\), got '${TOKEN}'$`)],
  ['TrustBundle', 'a relative parameter prefix', () => TrustBundle.of(stackIn(), { parameterPrefix: 'aurora-tls' }),
    `${BUNDLE_HEADER}parameterPrefix: Parameter prefix 'aurora-tls' must start with '/', e.g. '/aurora-tls'`],
  ['TrustBundle', 'options that conflict with the stack\'s bundle', () => {
    const stack = stackIn();
    TrustBundle.of(stack, { minimumValidity: Duration.days(30) });
    return TrustBundle.of(stack, { minimumValidity: Duration.days(90) });
  }, `${BUNDLE_HEADER}the stack already publishes the trust bundle of rds-ca-rsa2048-g1 with other options: minimumValidity 90 days ` +
    '(the bundle has 30 days); a stack publishes one trust bundle per certificate authority: give every TlsAuroraCluster and TrustBundle.of() ' +
    'of rds-ca-rsa2048-g1 the same options, or leave them out to share the existing bundle'],

  // ------------------------------------------------------------------------------------------------ AuroraTlsChecks
  ['AuroraTlsChecks', 'a string for props', () => new AuroraTlsChecks('error' as unknown as object),
    `${CHECKS_HEADER}props must be AuroraTlsChecksProps such as { level: AuroraTlsCheckLevel.WARNING }, got 'error'`],
  ['AuroraTlsChecks', 'an unknown level', () => new AuroraTlsChecks({ level: 'fatal' as AuroraTlsCheckLevel }),
    `${CHECKS_HEADER}level must be an AuroraTlsCheckLevel (ERROR, WARNING or OFF), got 'fatal'`],
  ['AuroraTlsChecks', 'a real __proto__ key in levels', () => new AuroraTlsChecks({ levels: JSON.parse('{"__proto__": "error"}') }),
    `${CHECKS_HEADER}levels names an unknown finding '__proto__'; use one of ${FINDINGS}`],
  ['AuroraTlsChecks', 'levels as an array', () => new AuroraTlsChecks({ levels: ['error'] as unknown as { [id: string]: AuroraTlsCheckLevel } }),
    `${CHECKS_HEADER}levels must be an object of finding ids to levels such as { [AuroraTlsFinding.UNPINNED_CA]: AuroraTlsCheckLevel.ERROR }, got an array of 1`],
  ['AuroraTlsChecks', '10 000 unknown finding ids', () => new AuroraTlsChecks({
    levels: Object.fromEntries(Object.keys(MANY).map((id) => [id, AuroraTlsCheckLevel.OFF])),
  }), `${CHECKS_HEADER}levels names 10000 unknown findings: 'app.setting_0', 'app.setting_1', 'app.setting_2' and 9997 more; use one of ${FINDINGS}`],

  // ------------------------------------------------------------------------------------------- tf.TlsAuroraCluster
  ['tf.TlsAuroraCluster', 'an RDS engine name that is not Aurora', () => tfCluster({ engine: 'postgres' }),
    "TlsAuroraCluster initialization failed due to the following validation error(s):\n- Unknown engine 'postgres'; use AuroraEngine.AURORA_POSTGRESQL or AuroraEngine.AURORA_MYSQL"],
  ['tf.TlsAuroraCluster', 'a mixed-case region', () => tfCluster({ region: 'EU-West-1' }),
    `${CDK_HEADER}region: Region 'EU-West-1' must be lower case; use 'eu-west-1'`],
  ['tf.TlsAuroraCluster', 'a mixed-case provider region', () => tfCluster({}, tfStack('EU-West-1')),
    `${CDK_HEADER}AwsProvider 'aws' region: Region 'EU-West-1' must be lower case; use 'eu-west-1'`],
  ['tf.TlsAuroraCluster', 'a Terraform expression for the engine version', () => {
    const stack = tfStack();
    return tfCluster({ engineVersion: tfString(stack) }, stack);
  }, `${CDK_HEADER}engineVersion must be a literal such as '16.4', not a Terraform expression: it decides the parameter group family and the TLS parameters`],
  ['tf.TlsAuroraCluster', '10 000 parameters, one of them turning TLS off', () => tfCluster({ parameters: { ...MANY, 'rds.force_ssl': '0' } }),
    `${CDK_HEADER}Parameter 'rds.force_ssl' = '0' would let clients connect without TLS; remove it (aurora-tls sets rds.force_ssl=1)`],
  ['tf.TlsAuroraCluster', 'clusterConfig.engine that differs from engine (conflicting)', () => tfCluster({ clusterConfig: { engine: 'aurora-mysql' } }),
    `${CDK_HEADER}clusterConfig.engine 'aurora-mysql' differs from engine 'aurora-postgresql'; TlsAuroraCluster owns the engine: ` +
      "give clusterConfig.engine the same value 'aurora-postgresql' (the provider type requires it) or omit it"],
  ['tf.TlsAuroraCluster', 'a string for clusterConfig', () => tfCluster({ clusterConfig: 'db.r6g.large' }),
    `${CDK_HEADER}clusterConfig must be an object of aws_rds_cluster settings, got 'db.r6g.large'`],
  ['tf.TlsAuroraCluster', 'certificateRotationRestart: false (not available)', () => tfCluster({ certificateRotationRestart: false }),
    `${CDK_HEADER}certificateRotationRestart: false is not available with Terraform: aws_rds_cluster_instance has no ` +
      'certificate_rotation_restart argument; omit it (RDS restarts the instances to rotate the certificate), or rotate with ' +
      '`aws rds modify-db-instance --no-certificate-rotation-restart`'],
  ['tf.TlsAuroraCluster', 'a 10 MB region', () => tfCluster({ region: HUGE }),
    `${CDK_HEADER}region: Region ${HUGE_SHOWN} is not a region code; expected the form 'us-east-1'`],
  ['tf.TlsAuroraCluster', 'an instance count of 17', () => tfCluster({ instanceCount: 17 }),
    `${CDK_HEADER}instanceCount must be a whole number from 1 to 16 (one writer and up to 15 Aurora Replicas), got 17`],

  // ------------------------------------------------------------------------------------------------- tf.TrustBundle
  ['tf.TrustBundle', 'an object key with a control character', () => tfBundle({ objectKey: 'aurora-tls/us-east-1\r\nbundle.pem' }),
    `${BUNDLE_HEADER}objectKey 'aurora-tls/us-east-1\r\nbundle.pem' contains control characters`],
  ['tf.TrustBundle', 'a number for the bucket name', () => tfBundle({ bucketName: 42 }),
    `${BUNDLE_HEADER}bucketName must be a string, got 42`],
  ['tf.TrustBundle', 'a bucket name S3 refuses', () => tfBundle({ bucketName: 'My_Bundles' }),
    `${BUNDLE_HEADER}bucketName 'My_Bundles' is not an S3 bucket name (3 to 63 lower-case letters, digits, '.' and '-', starting and ending with a letter or digit)`],
  ['tf.TrustBundle', 'a number for the object key', () => tfBundle({ objectKey: 42 }),
    `${BUNDLE_HEADER}objectKey must be a string, got 42`],
  ['tf.TrustBundle', 'an object key longer than S3 allows', () => tfBundle({ objectKey: 'k'.repeat(1025) }),
    `${BUNDLE_HEADER}objectKey '${'k'.repeat(64)}... (1025 characters)' is longer than 1024 bytes (the S3 limit)`],
  ['tf.TrustBundle', 'a region with whitespace', () => tfBundle({ region: 'us-east-1 ' }),
    `${BUNDLE_HEADER}Region 'us-east-1 ' has leading or trailing whitespace; use 'us-east-1'`],
  ['tf.TrustBundle', 'a 10 MB parameter prefix', () => tfBundle({ parameterPrefix: `/${HUGE}` }),
    `${BUNDLE_HEADER}Parameter prefix '/${'x'.repeat(63)}... (10485761 characters)' is longer than 997 characters; shorten it`],
  ['tf.TlsAuroraCluster', 'the Aurora MySQL release alone as the engine version', () => tfCluster({ engine: 'aurora-mysql', engineVersion: '3.08.0' }),
    `${CDK_HEADER}engineVersion '3.08.0' is not a full aurora-mysql engine version: the cluster takes the version as RDS names it, such as ` +
      "'8.0.mysql_aurora.3.08.0' (see `aws rds describe-db-engine-versions --engine aurora-mysql`); use '8.0.mysql_aurora.3.08.0'"],
  ['tf.TrustBundle', 'a China region (no vendored roots)', () => tfBundle({}, tfStack('cn-north-1')),
    `${BUNDLE_HEADER}The trust store has no RDS root for cn-north-1; download the bundle from ` +
      'https://rds-truststore.s3.cn-north-1.amazonaws.com.cn/cn-north-1/cn-north-1-bundle.pem instead'],

  // ------------------------------------------------------------------------------------------------------- Cli.run
  ['Cli.run', 'an upper-case region', () => cli('check', 'US-EAST-1', 'rds-ca-rsa2048-g1'),
    "aurora-tls check: Region 'US-EAST-1' must be lower case; use 'us-east-1'"],
  ['Cli.run', 'a 10 MB region', () => cli('check', HUGE, 'rds-ca-rsa2048-g1'),
    `aurora-tls check: Region ${HUGE_SHOWN} is not a region code; expected the form 'us-east-1'`],
  ['Cli.run', 'an empty region', () => cli('check', '', 'rds-ca-rsa2048-g1'),
    "aurora-tls check: Region must not be empty; pass a region code such as 'us-east-1'"],
  ['Cli.run', 'a port out of range', () => cli('connect', '--engine', 'aurora-postgresql', '--host', 'db.example.com', '--region', 'us-east-1',
    '--bundle-path', '/etc/b.pem', '--port', '99999'),
  'aurora-tls connect: Invalid connection settings: Port 99999 is out of range; use 1 to 65535 (the aurora-postgresql default is 5432)'],
  ['Cli.run', 'an RDS engine name that is not Aurora', () => cli('connect', '--engine', 'postgres', '--host', 'db.example.com', '--region', 'us-east-1',
    '--bundle-path', '/etc/b.pem'),
  "aurora-tls connect: --engine 'postgres' is not supported; use aurora-postgresql or aurora-mysql"],
  ['Cli.run', '--__proto__ as an option', () => cli('regions', '--__proto__'),
    "aurora-tls regions: unknown option --__proto__; 'regions' takes --json, --help"],
  ['Cli.run', 'constructor as a command', () => cli('constructor'),
    "aurora-tls: unknown command 'constructor'; commands are regions, check, bundle, connect, audit (see aurora-tls --help)"],
  ['Cli.run', 'an unknown option with a value', () => cli('check', 'us-east-1', 'rds-ca-rsa2048-g1', '--constructor=1'),
    "aurora-tls check: unknown option --constructor; 'check' takes --json, --help"],
  ['Cli.run', 'an option given twice', () => cli('regions', '--json', '--json'),
    'aurora-tls: --json is given twice; give it once'],
  ['Cli.run', 'a non-string argument (embedding)', () => cli('check', 42),
    'aurora-tls: the arguments must be strings, got 42; pass process.argv.slice(2)'],
  ['Cli.run', 'null arguments (embedding)', () => cliArgv(null),
    'aurora-tls: the arguments must be strings, got null; pass process.argv.slice(2)'],
  ['Cli.run', 'an SSL mode in upper case', () => cli('connect', '--engine', 'aurora-postgresql', '--host', 'db.example.com', '--region', 'us-east-1',
    '--bundle-path', '/etc/b.pem', '--sslmode', 'VERIFY_FULL'),
  "aurora-tls connect: SSL mode 'VERIFY_FULL' must be written exactly as 'verify-full' (lower case, hyphens, no spaces)"],
];

/**
 * Inputs refused today with a TypeError or a message that does not name the value or misleads about the fix, in files
 * this suite may not change: lib/cdk/tls-aurora-cluster.ts, lib/tf/tls-aurora-cluster.ts and
 * lib/tf/private/cluster-rules.ts (being refactored), and one text test/tf/trust-bundle.test.ts pins. Each asserts the
 * message wanted, with `test.failing`: when the fix lands, the test fails, and `.failing` is removed.
 */
const WANTED: Case[] = [
  ['TlsAuroraCluster', 'a parameter group name where a group is expected (TypeError today)', () => cluster({ parameterGroup: 'default.aurora-postgresql16' }),
    `${CDK_HEADER}parameterGroup takes an rds.ParameterGroup created in this app, got 'default.aurora-postgresql16'; ` +
      'pass its settings as parameters instead (TlsAuroraCluster then creates the group)'],
  ['TlsAuroraCluster', 'a token for the whole parameter map (messages about the token\'s internals today)', () => cluster({ parameters: Lazy.any({ produce: () => ({}) }) }),
    `${CDK_HEADER}parameters is a deploy-time value, so aurora-tls cannot check that it keeps TLS enforced; give a literal map ` +
      '(a parameter that is not a TLS parameter may have a deploy-time value)'],
  ['TlsAuroraCluster', 'a token for the CA (suggests CertificateAuthority.of(token) today)', () => cluster({ certificateAuthority: Token.asString({ Ref: 'Ca' }) }),
    new RegExp(`^${escape(CDK_HEADER)}certificateAuthority takes a CaSelection, got a deploy-time value '${TOKEN}'; the CA must be known at synth time: ` +
      `${escape('use CaSelection.exactly(CertificateAuthority.RSA2048_G1) or CaSelection.preferred([...])')}$`)],
  ['TlsAuroraCluster', 'a token for the TLS version (suggests TlsVersion.of(token) today)', () => cluster({ minimumTlsVersion: Lazy.string({ produce: () => '1.2' }) }),
    new RegExp(`^${escape(CDK_HEADER)}minimumTlsVersion takes a TlsVersion, got a deploy-time value '${TOKEN}'; use TlsVersion\.TLS_1_2 or TlsVersion\.TLS_1_3$`)],
  ['TlsAuroraCluster', 'a real __proto__ key in the parameters (a plain Error after validation today)', () => cluster({ parameters: JSON.parse('{"__proto__": {"rds.force_ssl": "0"}}') }),
    `${CDK_HEADER}Parameter name '__proto__' is refused (it would reach the object's prototype, not a parameter group); remove it`],
  ['TlsAuroraCluster', 'an array for the parameters (a plain Error after validation today)', () => cluster({ parameters: ['rds.force_ssl=0'] }),
    `${CDK_HEADER}Cluster parameters must be an object of parameter names to string values, got an array of 1`],
  ['tf.TlsAuroraCluster', 'a Terraform expression for the instance count (shows its encoding today)', () => {
    const stack = tfStack();
    return tfCluster({ instanceCount: new TerraformVariable(stack, 'count', { type: 'number' }).numberValue }, stack);
  }, `${CDK_HEADER}instanceCount must be a literal whole number from 1 to 16 (it decides how many aws_rds_cluster_instance resources are created), ` +
    'got a Terraform expression'],
  ['tf.TlsAuroraCluster', 'a Terraform expression for the minimum validity', () => {
    const stack = tfStack();
    return tfCluster({ trustBundle: { minimumValidity: new TerraformVariable(stack, 'days', { type: 'number' }).numberValue } }, stack);
  }, `${CDK_HEADER}trustBundle.minimumValidity takes a ValidityPeriod such as ValidityPeriod.days(365), got a Terraform expression (the horizon must be known at synth time)`],
  ['tf.TlsAuroraCluster', 'null for the parameters (a plain Error outside the list today)', () => tfCluster({ parameters: null }),
    `${CDK_HEADER}Cluster parameters must be an object of parameter names to string values, got null`],
  ['tf.TlsAuroraCluster', 'a real __proto__ key in the parameters (a plain Error after validation today)', () => tfCluster({ parameters: JSON.parse('{"__proto__": {"rds.force_ssl": "0"}}') }),
    `${CDK_HEADER}Parameter name '__proto__' is refused (it would reach the object's prototype, not a parameter group); remove it`],
  ['tf.TrustBundle', 'a token for the CA (the message did not name it)', () => tfBundle({ certificateAuthority: Lazy.any({ produce: () => 'x' }) }),
    `${BUNDLE_HEADER}certificateAuthority takes a CaSelection, got a deploy-time value (an unresolved token); ` +
      'use CaSelection.exactly(CertificateAuthority.RSA2048_G1) or CaSelection.preferred([...])'],
];

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** The error `run` throws; fails the test if it throws nothing. */
function errorOf(run: () => unknown): Error {
  try {
    run();
  } catch (e) {
    return e as Error;
  }
  throw new Error('expected the input to be refused, but it was accepted');
}

/** Refused by aurora-tls with exactly the expected message, not by a crash deep inside. */
function expectRefused(entryPoint: string, run: () => unknown, expected: string | RegExp): void {
  const error = errorOf(run);
  expect(error).not.toBeInstanceOf(TypeError);
  expect(error).not.toBeInstanceOf(RangeError);
  expect(error.message).not.toMatch(/\n\s+at |node_modules|internal error/);
  expect(error.message.length).toBeLessThan(2_000);
  if (entryPoint === 'Cli.run') {
    expect((error as Error & { exitCode: number }).exitCode).toBe(2);
    expect((error as Error & { stdout: string }).stdout).toBe('');
  }
  if (typeof expected === 'string') expect(error.message).toBe(expected);
  else expect(error.message).toMatch(expected);
}

describe.each([...new Set(CASES.map((c) => c[0]))])('%s', (entryPoint) => {
  test.each(CASES.filter((c) => c[0] === entryPoint).map((c) => [c[1], c[2], c[3]] as const))('%s', (_input, run, expected) => {
    expectRefused(entryPoint, run, expected);
  });
});

describe('inputs once refused by a TypeError or a misleading message (fixed; kept as regressions)', () => {
  test.each(WANTED.map((c) => [`${c[0]}: ${c[1]}`, c[0], c[2], c[3]] as const))('%s', (_name, entryPoint, run, expected) => {
    expectRefused(entryPoint, run, expected);
  });
});

test('the battery covers every public entry point with at least 40 cases', () => {
  expect(CASES.length).toBeGreaterThanOrEqual(40);
  expect([...new Set(CASES.map((c) => c[0]))]).toEqual(['core', 'TlsAuroraCluster', 'TrustBundle', 'AuroraTlsChecks', 'tf.TlsAuroraCluster', 'tf.TrustBundle', 'Cli.run']);
});
