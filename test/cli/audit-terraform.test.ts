// `aurora-tls audit` on Terraform plans made by REAL `terraform plan` (offline, provider from the local mirror) from
// plain HCL written without aurora-tls: the same mistakes as the hand-written CloudFormation template, a clean
// configuration, and a provider without a region.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import { run } from './run-cli';
import { ExitCode } from '../../lib/cli/cli';
import { offlineAwsProviderHcl, TerraformDir } from '../support/terraform';


/**
 * Plain HCL: a cluster on a parameter group with rds.force_ssl=0, instances without a CA, on rds-ca-2019 and on ECC384,
 * and a module with a cluster on the default parameter group.
 */
const MISTAKES = `
variable "legacy_ca" {
  default = "rds-ca-2019"
}

resource "aws_rds_cluster_parameter_group" "orders" {
  name_prefix = "orders-"
  family      = "aurora-postgresql16"
  parameter {
    name  = "rds.force_ssl"
    value = "0"
  }
  parameter {
    name  = "ssl_min_protocol_version"
    value = "TLSv1.2"
  }
}

resource "aws_rds_cluster" "orders" {
  cluster_identifier_prefix       = "orders-"
  engine                          = "aurora-postgresql"
  engine_version                  = "16.4"
  master_username                 = "orders"
  manage_master_user_password     = true
  db_cluster_parameter_group_name = aws_rds_cluster_parameter_group.orders.name
  skip_final_snapshot             = true
}

resource "aws_rds_cluster_instance" "writer" {
  cluster_identifier = aws_rds_cluster.orders.id
  engine             = aws_rds_cluster.orders.engine
  instance_class     = "db.r6g.large"
}

resource "aws_rds_cluster_instance" "legacy" {
  count              = 2
  cluster_identifier = aws_rds_cluster.orders.id
  engine             = aws_rds_cluster.orders.engine
  instance_class     = "db.r6g.large"
  ca_cert_identifier = var.legacy_ca
}

resource "aws_rds_cluster_instance" "ecc" {
  cluster_identifier = aws_rds_cluster.orders.id
  engine             = "aurora-postgresql"
  instance_class     = "db.r6g.large"
  ca_cert_identifier = "rds-ca-ecc384-g1"
}

module "reports" {
  source = "./modules/reports"
}
`;

/** A local module: a cluster on the engine's default parameter group, and an instance on ECC384. */
const REPORTS_MODULE = `
resource "aws_rds_cluster" "this" {
  cluster_identifier          = "reports"
  engine                      = "aurora-mysql"
  engine_version              = "8.0.mysql_aurora.3.08.0"
  master_username             = "reports"
  manage_master_user_password = true
  skip_final_snapshot         = true
}

resource "aws_rds_cluster_instance" "this" {
  cluster_identifier = aws_rds_cluster.this.id
  engine             = aws_rds_cluster.this.engine
  instance_class     = "db.r6g.large"
  ca_cert_identifier = "rds-ca-ecc384-g1"
}
`;

/** The same shape done right. */
const CLEAN = `
resource "aws_rds_cluster_parameter_group" "orders" {
  name_prefix = "orders-"
  family      = "aurora-postgresql16"
  parameter {
    name  = "rds.force_ssl"
    value = "1"
  }
  parameter {
    name  = "ssl_min_protocol_version"
    value = "TLSv1.2"
  }
}

resource "aws_rds_cluster" "orders" {
  cluster_identifier_prefix       = "orders-"
  engine                          = "aurora-postgresql"
  engine_version                  = "16.4"
  master_username                 = "orders"
  manage_master_user_password     = true
  db_cluster_parameter_group_name = aws_rds_cluster_parameter_group.orders.name
  skip_final_snapshot             = true
}

resource "aws_rds_cluster_instance" "writer" {
  count              = 2
  cluster_identifier = aws_rds_cluster.orders.id
  engine             = aws_rds_cluster.orders.engine
  instance_class     = "db.r6g.large"
  ca_cert_identifier = "rds-ca-rsa2048-g1"
}
`;

const ECC_ONLY = `
resource "aws_rds_cluster_instance" "ecc" {
  cluster_identifier = "existing-cluster"
  engine             = "aurora-mysql"
  instance_class     = "db.r6g.large"
  ca_cert_identifier = "rds-ca-ecc384-g1"
}
`;

const RETIRED = "Certificate authority 'rds-ca-2019' expired on 2024-08-22 and can no longer be chosen; use rds-ca-rsa2048-g1, " +
  'rds-ca-rsa4096-g1, rds-ca-ecc384-g1 (rds-ca-rsa2048-g1 is offered in every region)';

describe('audit of real Terraform plans from plain HCL', () => {
  // One working folder, initialised once; each test writes its main.tf and plans it.
  let tf: TerraformDir;
  let out: string;
  beforeAll(() => {
    tf = TerraformDir.fromFiles({ 'main.tf': `${offlineAwsProviderHcl({ region: 'ap-south-1' })}\n${MISTAKES}` });
    mkdirSync(join(tf.path, 'modules', 'reports'), { recursive: true });
    writeFileSync(join(tf.path, 'modules', 'reports', 'main.tf'), REPORTS_MODULE);
    tf.init(); // installs the local module too
    out = mkdtempSync(join(tmpdir(), 'aurora-tls-plans-'));
  }, 120_000);
  afterAll(() => {
    tf?.dispose();
    if (out) rmSync(out, { recursive: true, force: true });
  });

  /** Plan `main.tf` and write the plan's JSON to `<name>.json`; returns its path. */
  function plan(name: string, hcl: string, provider: string, env: Record<string, string> = {}): string {
    writeFileSync(join(tf.path, 'main.tf'), `${provider}\n${hcl}`);
    const file = join(out, `${name}.json`);
    writeFileSync(file, JSON.stringify(tf.planJson(env)));
    return file;
  }

  test('the mistakes, in ap-south-1: every finding by Terraform address, exit 1', () => {
    // GIVEN
    const file = plan('mistakes', MISTAKES, offlineAwsProviderHcl({ region: 'ap-south-1' }));
    // WHEN
    const result = run('audit', file);
    // THEN
    expect(result.stderr).toBe('');
    expect(result.stdout.split('\n')).toEqual([
      `${file}: error aws_rds_cluster.orders (aws_rds_cluster): Cluster parameter group 'aws_rds_cluster_parameter_group.orders': ` +
        "rds.force_ssl = '0' lets clients connect without TLS; set rds.force_ssl=1 [aurora-tls:weak-tls]",
      `${file}: error module.reports.aws_rds_cluster.this (aws_rds_cluster): DB cluster has no db_cluster_parameter_group_name, so it uses the engine's ` +
        'default cluster parameter group, which cannot be changed: require_secure_transport is not set, so clients can connect without TLS ' +
        '(the default is OFF); set require_secure_transport=ON; tls_version is not set, so the engine default applies (every supported version, ' +
        'including deprecated TLS 1.0 and 1.1 on Aurora MySQL version 2 and 3 before 3.04.0); set tls_version=TLSv1.2 (TLSv1.2,TLSv1.3 on ' +
        'Aurora MySQL 3.04.0 and later). Give the cluster its own parameter group that enforces TLS (an aws_rds_cluster_parameter_group of ' +
        'this configuration, named with db_cluster_parameter_group_name = aws_rds_cluster_parameter_group.<name>.name) [aurora-tls:default-parameter-group]',
      `${file}: error aws_rds_cluster_instance.ecc (aws_rds_cluster_instance): rds-ca-ecc384-g1 is not offered in ap-south-1 ` +
        '(AWS Aurora user guide); choose rds-ca-rsa2048-g1 (ca_cert_identifier) [aurora-tls:ca-unavailable]',
      `${file}: error aws_rds_cluster_instance.legacy[0] (aws_rds_cluster_instance): ${RETIRED} [aurora-tls:retired-ca]`,
      `${file}: error aws_rds_cluster_instance.legacy[1] (aws_rds_cluster_instance): ${RETIRED} [aurora-tls:retired-ca]`,
      `${file}: warning aws_rds_cluster_instance.writer (aws_rds_cluster_instance): DB instance has no ca_cert_identifier, so RDS gives it ` +
        'the account default CA (aws rds modify-certificates), which can differ between accounts and change over time; pin it, e.g. ' +
        'ca_cert_identifier = "rds-ca-rsa2048-g1" [aurora-tls:unpinned-ca]',
      `${file}: error module.reports.aws_rds_cluster_instance.this (aws_rds_cluster_instance): rds-ca-ecc384-g1 is not offered in ap-south-1 ` +
        '(AWS Aurora user guide); choose rds-ca-rsa2048-g1 (ca_cert_identifier) [aurora-tls:ca-unavailable]',
      'aurora-tls audit: 6 errors, 1 warning in 1 file (2 Aurora clusters, 5 DB instances)',
      '',
    ]);
    expect(result.code).toBe(ExitCode.NO);
    // and the JSON report names the region it took from the provider
    expect(JSON.parse(run('audit', file, '--json').stdout).files).toEqual([
      { file, kind: 'terraform-plan', region: 'ap-south-1', clusters: 2, instances: 5 },
    ]);
  }, 120_000);

  test('the clean configuration: exit 0', () => {
    const file = plan('clean', CLEAN, offlineAwsProviderHcl({ region: 'ap-south-1' }));
    expect(run('audit', file)).toEqual({
      code: ExitCode.OK,
      stdout: 'aurora-tls audit: 0 errors, 0 warnings in 1 file (1 Aurora cluster, 2 DB instances)\n',
      stderr: '',
    });
  }, 120_000);

  test('a provider without region (AWS_REGION at plan time): ECC384 is a "cannot tell"; --region fills the gap', () => {
    // GIVEN a plan whose provider block has no region (terraform took it from AWS_REGION, which the plan does not record)
    const file = plan('no-region', ECC_ONLY, offlineAwsProviderHcl({ omitRegion: true }), { AWS_REGION: 'ap-south-1' });
    // WHEN / THEN
    expect(run('audit', file)).toEqual({
      code: ExitCode.OK,
      stdout: `${file}: warning aws_rds_cluster_instance.ecc (aws_rds_cluster_instance): Cannot tell whether rds-ca-ecc384-g1 is offered: ` +
        "the region is not in the plan (the aws provider 'aws' has no region argument, so it comes from AWS_REGION or the profile when " +
        'terraform runs), and rds-ca-ecc384-g1 is not offered in ap-southeast-4, ap-south-1, ca-west-1, eu-south-2, eu-central-2, il-central-1; ' +
        'set region in the aws provider block (or pass --region) [aurora-tls:unknown-region]\n' +
        'aurora-tls audit: 0 errors, 1 warning in 1 file (0 Aurora clusters, 1 DB instance)\n',
      stderr: '',
    });
    expect(run('audit', file, '--region', 'ap-south-1').stdout.split('\n')[0]).toBe(
      `${file}: error aws_rds_cluster_instance.ecc (aws_rds_cluster_instance): rds-ca-ecc384-g1 is not offered in ap-south-1 ` +
        '(AWS Aurora user guide); choose rds-ca-rsa2048-g1 (ca_cert_identifier) [aurora-tls:ca-unavailable]');
  }, 120_000);
});
