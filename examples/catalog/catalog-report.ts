// Example: using the catalog in your own code and unit tests ("does region X support CA Y?").
// Adds a stack whose outputs record, for each region the app deploys to, the CA aurora-tls would choose
// and the trust bundle URL an application should download, and publishes the choices as one SSM parameter
// that other tooling can read. No database is created here.
import { App, CfnOutput, Stack, aws_ssm as ssm } from 'aws-cdk-lib';
import { CaSelection, CertificateAuthority, RegionCatalog } from '../../lib';

export const CATALOG_REGIONS = ['us-east-1', 'ap-south-1', 'eu-central-2', 'us-gov-west-1'];

export function addCatalogReport(app: App): Stack {
  const stack = new Stack(app, 'AuroraTlsCatalogReport', {
    description: 'aurora-tls example: CA choice and trust bundle per region, from the catalog',
    env: { region: 'us-east-1' },
  });
  const selection = CaSelection.preferred([CertificateAuthority.ECC384_G1, CertificateAuthority.RSA2048_G1]);
  for (const region of CATALOG_REGIONS) {
    const id = region.replace(/-/g, '');
    new CfnOutput(stack, `${id}Ca`, { value: selection.resolve(region).identifier, description: `CA chosen in ${region}` });
    new CfnOutput(stack, `${id}Bundle`, { value: RegionCatalog.bundleUrl(region), description: `Trust bundle for ${region}` });
  }
  new ssm.StringParameter(stack, 'CaChoices', {
    parameterName: '/aurora-tls-example/ca-choices',
    description: 'CA chosen per region by CaSelection.preferred([ECC384_G1, RSA2048_G1])',
    stringValue: JSON.stringify(Object.fromEntries(CATALOG_REGIONS.map((r) => [r, selection.resolve(r).identifier]))),
  });
  return stack;
}
