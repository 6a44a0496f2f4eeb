// AuroraTlsValidationPlugin on every aws-cdk-lib of the peer range. `Validations.of(app).addPlugins()` (what cdk-nag 3
// and the README use) exists from aws-cdk-lib 2.257.0 on; every version of the range takes policy validation plugins
// as `new App({ policyValidationBeta1: [...] })`, so that is what this test uses, under `npm test` and under
// `npx projen test:compat` alike. test/cdk/aurora-tls-validation-plugin.test.ts runs it beside cdk-nag 3.
//
// Older aws-cdk-lib prints the validation report and sets process.exitCode (the CDK CLI then fails); newer ones
// throw it. Either way the report carries the plugin's findings and synthesis fails.
import * as rds from 'aws-cdk-lib/aws-rds';
import { AuroraTlsValidationPlugin } from '../../lib/cdk';
import { plainCluster, stackIn } from '../support/cdk';

test('the plugin given as policyValidationBeta1 reports the findings and fails synth at error level', () => {
  // GIVEN an app with the plugin and a plain cluster whose reader is on rds-ca-2019
  const { app, stack, vpc } = stackIn('Orders', 'us-east-1', { policyValidationBeta1: [new AuroraTlsValidationPlugin()] });
  plainCluster(stack, vpc, rds.ClusterInstance.provisioned('Writer', { caCertificate: rds.CaCertificate.RDS_CA_RSA2048_G1 }), [
    rds.ClusterInstance.provisioned('Old', { caCertificate: rds.CaCertificate.RDS_CA_2019 }),
  ]);
  const printed: string[] = [];
  const error = jest.spyOn(console, 'error').mockImplementation((...args: unknown[]) => void printed.push(args.join(' ')));
  const log = jest.spyOn(console, 'log').mockImplementation(() => undefined);
  const exitCode = process.exitCode;

  // WHEN
  let thrown = '';
  try {
    app.synth();
  } catch (e) {
    thrown = (e as Error).message;
  } finally {
    error.mockRestore();
    log.mockRestore();
  }
  const failedByExitCode = process.exitCode === 1;
  process.exitCode = exitCode;

  // THEN the report (thrown or printed) names both error-level findings, and synthesis failed
  const report = thrown || printed.join('\n');
  expect(thrown !== '' || failedByExitCode).toBe(true);
  // (the report's layout differs between versions; its content does not)
  expect(report).toContain("Certificate authority 'rds-ca-2019' expired on 2024-08-22 and can no longer be chosen");
  expect(report).toContain("DB cluster uses 'default.aurora-postgresql16', the engine's default cluster parameter group");
  expect(report).toContain('aurora-tls:retired-ca');
  expect(report).toContain('aurora-tls:default-parameter-group');
});
