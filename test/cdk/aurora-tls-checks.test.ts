import { Aspects, CfnParameter } from 'aws-cdk-lib';
import { Annotations, Match } from 'aws-cdk-lib/assertions';
import * as rds from 'aws-cdk-lib/aws-rds';
import { AuroraTlsCheckLevel, AuroraTlsChecks, AuroraTlsChecksProps, AuroraTlsFinding, TlsAuroraCluster } from '../../lib/cdk';
import { CaSelection, CertificateAuthority } from '../../lib/core';
import { defaultAppStackIn as stackIn } from '../support/cdk';

const PG16 = rds.DatabaseClusterEngine.auroraPostgres({ version: rds.AuroraPostgresEngineVersion.VER_16_4 });
const MYSQL3 = rds.DatabaseClusterEngine.auroraMysql({ version: rds.AuroraMysqlEngineVersion.VER_3_08_0 });

const UNPINNED =
  'DB instance has no CACertificateIdentifier, so RDS gives it the account default CA (aws rds modify-certificates), ' +
  'which can differ between accounts and change over time; pin it, e.g. caCertificate: rds.CaCertificate.RDS_CA_RSA2048_G1, ' +
  'or use TlsAuroraCluster';
const RETIRED =
  "Certificate authority 'rds-ca-2019' expired on 2024-08-22 and can no longer be chosen; use rds-ca-rsa2048-g1, " +
  'rds-ca-rsa4096-g1, rds-ca-ecc384-g1 (rds-ca-rsa2048-g1 is offered in every region)';
const ECC_NOT_IN_MUMBAI =
  'rds-ca-ecc384-g1 is not offered in ap-south-1 (AWS Aurora user guide); choose rds-ca-rsa2048-g1 or ' +
  'CaSelection.preferred([CertificateAuthority.ECC384_G1, CertificateAuthority.RSA2048_G1]) to fall back where it is missing';
const PG_DEFAULT_GROUP =
  "DB cluster uses 'default.aurora-postgresql16', the engine's default cluster parameter group, which cannot be changed: " +
  'rds.force_ssl is not set, so clients can connect without TLS (the default is 0 up to Aurora PostgreSQL 16); set rds.force_ssl=1; ' +
  'ssl_min_protocol_version is not set, so the engine default applies (TLSv1 on PostgreSQL 12); ' +
  'set ssl_min_protocol_version=TLSv1.2 (Aurora PostgreSQL 12 and later). ' +
  'Give the cluster its own parameter group that enforces TLS (TlsAuroraCluster does)';
const MYSQL_TLS_VERSION_MISSING =
  'tls_version is not set, so the engine default applies (every supported version, including deprecated TLS 1.0 and 1.1 ' +
  'on Aurora MySQL version 2 and 3 before 3.04.0); set tls_version=TLSv1.2 (TLSv1.2,TLSv1.3 on Aurora MySQL 3.04.0 and later)';


/** aurora-tls messages only (aws-cdk-lib adds its own warnings about imported subnets and serverless readers). */
function auroraTls(messages: Array<{ id: string; entry: { data: unknown } }>): Array<[string, string]> {
  return messages
    .map((m): [string, string] => [m.id, String(m.entry.data)])
    .filter(([, data]) => /\[(ack: )?aurora-tls:[a-z-]+\]$/.test(data))
    .sort(([a, x], [b, y]) => a.localeCompare(b) || x.localeCompare(y));
}

describe('AuroraTlsChecks on plain rds.DatabaseCluster and L1 resources', () => {
  // GIVEN a stack in ap-south-1 (no rds-ca-ecc384-g1) with clusters not built by aurora-tls, and one TlsAuroraCluster
  let annotations: Annotations;
  beforeAll(() => {
    const { app, stack, vpc } = stackIn('ap-south-1');
    new rds.DatabaseCluster(stack, 'Plain', { engine: PG16, vpc, writer: rds.ClusterInstance.provisioned('Writer') });
    new rds.DatabaseCluster(stack, 'Weak', {
      engine: PG16,
      vpc,
      parameters: { 'rds.force_ssl': '0', 'ssl_min_protocol_version': 'TLSv1' },
      writer: rds.ClusterInstance.provisioned('Writer', { caCertificate: rds.CaCertificate.RDS_CA_2019 }),
    });
    new rds.DatabaseCluster(stack, 'My', {
      engine: MYSQL3,
      vpc,
      parameters: { require_secure_transport: 'ON' },
      writer: rds.ClusterInstance.provisioned('Writer', { caCertificate: rds.CaCertificate.RDS_CA_RSA2048_G1 }),
      readers: [rds.ClusterInstance.serverlessV2('Reader', { caCertificate: rds.CaCertificate.RDS_CA_ECC384_G1, scaleWithWriter: true })],
    });
    new rds.CfnDBCluster(stack, 'RawShared', { engine: 'aurora-postgresql', dbClusterParameterGroupName: 'my-shared-group' });
    new rds.CfnDBCluster(stack, 'RawNoGroup', { engine: 'aurora-mysql' });
    const tokenGroup = new rds.CfnDBClusterParameterGroup(stack, 'TokenGroup', {
      family: 'aurora-postgresql16',
      description: 'rds.force_ssl chosen at deploy time',
      parameters: {
        'rds.force_ssl': new CfnParameter(stack, 'ForceSsl').valueAsString,
        'ssl_min_protocol_version': 'TLSv1.2',
        'work_mem': new CfnParameter(stack, 'WorkMem').valueAsString,
      },
    });
    new rds.CfnDBCluster(stack, 'RawToken', { engine: 'aurora-postgresql', dbClusterParameterGroupName: tokenGroup.ref });
    new rds.CfnDBInstance(stack, 'RdsPostgres', { engine: 'postgres', dbInstanceClass: 'db.t3.micro', allocatedStorage: '20', storageEncrypted: true });
    new TlsAuroraCluster(stack, 'Tls', {
      engine: PG16,
      vpc,
      writer: rds.ClusterInstance.provisioned('Writer'),
      readers: [rds.ClusterInstance.serverlessV2('Reader', { scaleWithWriter: true })],
      certificateAuthority: CaSelection.preferred([CertificateAuthority.ECC384_G1, CertificateAuthority.RSA2048_G1]),
    });
    // WHEN
    Aspects.of(app).add(new AuroraTlsChecks());
    annotations = Annotations.fromStack(stack);
  });

  test('reports every problem, each on its resource, with the default levels', () => {
    expect(auroraTls(annotations.findError('*', Match.anyValue()))).toEqual([
      ['/S/My/Reader/Resource', `${ECC_NOT_IN_MUMBAI} [aurora-tls:ca-unavailable]`],
      ['/S/My/Resource', `Cluster parameter group 'S/My/ParameterGroup/Resource': ${MYSQL_TLS_VERSION_MISSING} [aurora-tls:weak-tls]`],
      ['/S/Plain/Resource', `${PG_DEFAULT_GROUP} [aurora-tls:default-parameter-group]`],
      ['/S/RawNoGroup',
        "DB cluster has no DBClusterParameterGroupName, so it uses the engine's default cluster parameter group, which cannot be changed: " +
          'require_secure_transport is not set, so clients can connect without TLS (the default is OFF); set require_secure_transport=ON; ' +
          `${MYSQL_TLS_VERSION_MISSING}. Give the cluster its own parameter group that enforces TLS (TlsAuroraCluster does) [aurora-tls:default-parameter-group]`],
      ['/S/Weak/Resource',
        "Cluster parameter group 'S/Weak/ParameterGroup/Resource': rds.force_ssl = '0' lets clients connect without TLS; set rds.force_ssl=1 [aurora-tls:weak-tls]"],
      ['/S/Weak/Resource',
        "Cluster parameter group 'S/Weak/ParameterGroup/Resource': ssl_min_protocol_version = 'TLSv1' allows TLSv1 (deprecated by RFC 8996); " +
          'set ssl_min_protocol_version=TLSv1.2 [aurora-tls:weak-tls]'],
      ['/S/Weak/Writer/Resource', `${RETIRED} [aurora-tls:retired-ca]`],
    ]);
    expect(auroraTls(annotations.findWarning('*', Match.anyValue()))).toEqual([
      ['/S/Plain/Writer/Resource', `${UNPINNED} [ack: aurora-tls:unpinned-ca]`],
      ['/S/RawShared',
        "DB cluster parameter group 'my-shared-group' is not defined in this stack, so aurora-tls cannot audit its TLS settings; " +
          'define the group in the same stack as the cluster (or use TlsAuroraCluster), or check it with the deploy-time check ' +
          '[ack: aurora-tls:unverifiable-parameter-group]'],
      ['/S/RawToken',
        "Parameter 'rds.force_ssl' of cluster parameter group 'S/TokenGroup' is a deploy-time value, so aurora-tls cannot audit it; " +
          'give it a literal value, or check it with the deploy-time check [ack: aurora-tls:unverifiable-parameter-group]'],
    ]);
  });

  test('reports nothing on a TlsAuroraCluster', () => {
    for (const path of ['/S/Tls/*', '/S/Tls/Resource/*']) {
      expect(auroraTls(annotations.findError(path, Match.anyValue()))).toEqual([]);
      expect(auroraTls(annotations.findWarning(path, Match.anyValue()))).toEqual([]);
    }
    expect(auroraTls([...annotations.findError('*', Match.anyValue()), ...annotations.findWarning('*', Match.anyValue())])
      .filter(([path]) => path.startsWith('/S/Tls'))).toEqual([]);
  });

  test('leaves instances of non-Aurora engines alone', () => {
    expect(auroraTls(annotations.findWarning('/S/RdsPostgres', Match.anyValue()))).toEqual([]);
  });
});

describe('AuroraTlsChecks in other environments', () => {
  test('an environment-agnostic stack: no region check, unpinned CAs and default parameter groups still reported', () => {
    // GIVEN a plain cluster, and a TlsAuroraCluster whose CA is looked up per region at deploy time
    const { app, stack, vpc } = stackIn();
    new rds.DatabaseCluster(stack, 'Db', {
      engine: PG16,
      vpc,
      writer: rds.ClusterInstance.provisioned('Writer', { caCertificate: rds.CaCertificate.RDS_CA_ECC384_G1 }),
      readers: [rds.ClusterInstance.provisioned('Reader')],
    });
    new TlsAuroraCluster(stack, 'Tls', {
      engine: MYSQL3,
      vpc,
      writer: rds.ClusterInstance.provisioned('Writer'),
      certificateAuthority: CaSelection.preferred([CertificateAuthority.ECC384_G1, CertificateAuthority.RSA2048_G1]),
    });
    // WHEN
    Aspects.of(app).add(new AuroraTlsChecks());
    // THEN
    const annotations = Annotations.fromStack(stack);
    expect(auroraTls(annotations.findWarning('*', Match.anyValue()))).toEqual([
      ['/S/Db/Reader/Resource', `${UNPINNED} [ack: aurora-tls:unpinned-ca]`],
    ]);
    expect(auroraTls(annotations.findError('*', Match.anyValue())).map(([path]) => path)).toEqual(['/S/Db/Resource']);
  });

  test('a region unknown to the catalog is a warning naming it', () => {
    const { app, stack } = stackIn('us-east-7');
    new rds.CfnDBInstance(stack, 'Instance', { engine: 'aurora-postgresql', dbInstanceClass: 'db.r6g.large', caCertificateIdentifier: 'rds-ca-ecc384-g1' });
    Aspects.of(app).add(new AuroraTlsChecks());
    Annotations.fromStack(stack).hasWarning('/S/Instance',
      "Cannot check that rds-ca-ecc384-g1 is offered: Unknown region 'us-east-7' (closest: us-east-1, us-east-2, ap-east-1); " +
        'aurora-tls knows 38 regions (RegionCatalog.regions()). Check the spelling, or upgrade aurora-tls if the region is new ' +
        '[ack: aurora-tls:unknown-region]');
  });
});

describe('AuroraTlsChecks levels', () => {
  function findingsWith(props: AuroraTlsChecksProps): { errors: Array<[string, string]>; warnings: Array<[string, string]> } {
    // GIVEN an unpinned instance and a retired CA
    const { app, stack } = stackIn('us-east-1');
    new rds.CfnDBInstance(stack, 'Unpinned', { engine: 'aurora-mysql', dbInstanceClass: 'db.r6g.large' });
    new rds.CfnDBInstance(stack, 'Retired', { engine: 'aurora-mysql', dbInstanceClass: 'db.r6g.large', caCertificateIdentifier: 'rds-ca-2019' });
    // WHEN
    Aspects.of(app).add(new AuroraTlsChecks(props));
    const annotations = Annotations.fromStack(stack);
    return { errors: auroraTls(annotations.findError('*', Match.anyValue())), warnings: auroraTls(annotations.findWarning('*', Match.anyValue())) };
  }

  test('level applies to every finding', () => {
    expect(findingsWith({ level: AuroraTlsCheckLevel.WARNING })).toEqual({
      errors: [],
      warnings: [
        ['/S/Retired', `${RETIRED} [ack: aurora-tls:retired-ca]`],
        ['/S/Unpinned', `${UNPINNED} [ack: aurora-tls:unpinned-ca]`],
      ],
    });
  });

  test('levels overrides one finding; OFF silences it', () => {
    expect(findingsWith({
      level: AuroraTlsCheckLevel.ERROR,
      levels: { [AuroraTlsFinding.RETIRED_CA]: AuroraTlsCheckLevel.OFF },
    })).toEqual({
      errors: [['/S/Unpinned', `${UNPINNED} [aurora-tls:unpinned-ca]`]],
      warnings: [],
    });
  });

  test('the finding ids and their default levels', () => {
    expect(Object.values(AuroraTlsFinding).map((id) => [id, AuroraTlsChecks.defaultLevel(id)])).toEqual([
      ['aurora-tls:unpinned-ca', 'warning'],
      ['aurora-tls:retired-ca', 'error'],
      ['aurora-tls:ca-unavailable', 'error'],
      ['aurora-tls:unknown-region', 'warning'],
      ['aurora-tls:default-parameter-group', 'error'],
      ['aurora-tls:weak-tls', 'error'],
      ['aurora-tls:unverifiable-parameter-group', 'warning'],
      ['aurora-tls:unverifiable-ca', 'warning'],
    ]);
  });

  test('unknown finding ids and levels are refused together', () => {
    expect(() => new AuroraTlsChecks({
      level: 'fatal' as AuroraTlsCheckLevel,
      levels: { 'aurora-tls:unpinned': AuroraTlsCheckLevel.ERROR, 'aurora-tls:weak-tls': 'loud' as AuroraTlsCheckLevel },
    })).toThrow(new Error(
      'AuroraTlsChecks initialization failed due to the following validation error(s):\n' +
        "- level must be an AuroraTlsCheckLevel (ERROR, WARNING or OFF), got 'fatal'\n" +
        "- levels names an unknown finding 'aurora-tls:unpinned'; use one of aurora-tls:unpinned-ca, aurora-tls:retired-ca, " +
        'aurora-tls:ca-unavailable, aurora-tls:unknown-region, aurora-tls:default-parameter-group, aurora-tls:weak-tls, ' +
        'aurora-tls:unverifiable-parameter-group, aurora-tls:unverifiable-ca\n' +
        "- levels['aurora-tls:weak-tls'] must be an AuroraTlsCheckLevel (ERROR, WARNING or OFF), got 'loud'",
    ));
  });
});
