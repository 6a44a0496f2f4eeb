// The AWS CDK example app: every CDK example of aurora-tls in one app, synthesized by `cdk synth`
// (cdk.json at the repository root points here). Each example lives in its own folder and adds its stacks.
import { App } from 'aws-cdk-lib';
import { addAuditExample } from './audit/audit';
import { addCatalogReport } from './catalog/catalog-report';
import { addEnvAgnosticExample } from './env-agnostic/env-agnostic';
import { addMultiRegionExample } from './multi-region/multi-region';
import { addMultiStackExample } from './multi-stack/multi-stack';
import { acknowledgeExampleChoices } from './shared/acknowledgements';
import { addSingleRegionExample } from './single-region/single-region';

export function buildExamples(app: App = new App()): App {
  addSingleRegionExample(app);
  addMultiRegionExample(app);
  addMultiStackExample(app);
  addEnvAgnosticExample(app);
  addAuditExample(app);
  addCatalogReport(app);
  // What policy checkers flag about the examples' own choices (not about TLS), acknowledged with the reason.
  acknowledgeExampleChoices(app);
  return app;
}

if (require.main === module) {
  buildExamples().synth();
}
