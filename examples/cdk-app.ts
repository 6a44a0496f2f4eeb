// The AWS CDK example app: every CDK example of aurora-tls in one app, synthesized by `cdk synth`
// (cdk.json at the repository root points here). Each example lives in its own folder and adds its stacks.
import { App } from 'aws-cdk-lib';
import { addAuditExample } from './audit/audit';
import { addCatalogReport } from './catalog/catalog-report';
import { addEnvAgnosticExample } from './env-agnostic/env-agnostic';
import { addMultiRegionExample } from './multi-region/multi-region';
import { addSingleRegionExample } from './single-region/single-region';

export function buildExamples(app: App = new App()): App {
  addSingleRegionExample(app);
  addMultiRegionExample(app);
  addEnvAgnosticExample(app);
  addAuditExample(app);
  addCatalogReport(app);
  return app;
}

if (require.main === module) {
  buildExamples().synth();
}
