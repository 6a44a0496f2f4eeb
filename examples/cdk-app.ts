// The AWS CDK example app: every CDK example of aurora-tls in one app, synthesized by `cdk synth`
// (cdk.json at the repository root points here). Each example lives in its own folder and adds its stacks.
import { App } from 'aws-cdk-lib';
import { addCatalogReport } from './catalog/catalog-report';

export function buildExamples(app: App = new App()): App {
  addCatalogReport(app);
  return app;
}

if (require.main === module) {
  buildExamples().synth();
}
