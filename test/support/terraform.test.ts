// The real-Terraform harness itself: the provider comes from the mirror found at run time, and plan runs offline.
import { offlineAwsProviderHcl, TerraformDir, terraformVersion } from './terraform';

describe('TerraformDir', () => {
  const dirs: TerraformDir[] = [];
  afterAll(() => dirs.forEach((d) => d.dispose()));

  test('terraform is on PATH (the real-Terraform tests fail, never skip, without it)', () => {
    expect(JSON.parse(terraformVersion()).terraform_version).toMatch(/^1\.(1[0-9]|[5-9])\./);
  });

  test('init, validate and plan a JSON configuration offline, with the provider constraint relaxed to the mirror', () => {
    // GIVEN a configuration as cdktf synthesizes it: a pinned provider version the mirror does not have
    const dir = TerraformDir.fromJson({
      terraform: { required_providers: { aws: { source: 'aws', version: '99.0.0' } } },
      provider: { aws: [{ region: 'eu-west-1' }] },
      resource: {
        aws_rds_cluster_parameter_group: {
          tls: { name: 'tls', family: 'aurora-postgresql16', parameter: [{ name: 'rds.force_ssl', value: '1' }] },
        },
      },
    });
    dirs.push(dir);

    // WHEN
    dir.init();
    dir.validate();
    const plan = dir.planJson();

    // THEN the plan creates the group with its parameter, in the provider's region
    const change = plan.resource_changes.find((c: any) => c.address === 'aws_rds_cluster_parameter_group.tls');
    expect(change.change.actions).toEqual(['create']);
    expect(change.change.after.parameter).toEqual([{ apply_method: 'immediate', name: 'rds.force_ssl', value: '1' }]);
    expect(plan.configuration.provider_config.aws.expressions.region.constant_value).toBe('eu-west-1');
  });

  test('a failing plan is returned with terraform\'s message, not thrown', () => {
    const dir = TerraformDir.fromFiles({
      'main.tf': [
        offlineAwsProviderHcl(),
        'variable "n" {',
        '  default = 1',
        '}',
        'resource "terraform_data" "x" {',
        '  lifecycle {',
        '    precondition {',
        '      condition     = var.n == 2',
        '      error_message = "aurora-tls: one is not two."',
        '    }',
        '  }',
        '}',
      ].join('\n'),
    });
    dirs.push(dir);
    dir.init();
    const result = dir.plan();
    expect(result.code).toBe(1);
    expect(result.output).toContain('aurora-tls: one is not two.');
  });
});

