// Load the Terraform constructs' source (lib/tf, written against cdktf) on CDK Terrain: every `cdktf` and
// `@cdktf/provider-aws/...` module this process requires resolves to `cdktn` and `@cdktn/provider-aws/...` instead,
// the same mapping the build applies to dist/cdktn (scripts/tf-frameworks.ts). Used to run the CDK Terrain example
// from source:
//   node -r ts-node/register/transpile-only -r ./scripts/cdktn-register.ts examples/cdktn/main.ts
import { CDKTN, mapSpecifier } from './tf-frameworks';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const Module = require('module') as { _resolveFilename: (request: string, ...rest: unknown[]) => string };
const resolve = Module._resolveFilename;
Module._resolveFilename = function (request: string, ...rest: unknown[]): string {
  return resolve.call(this, mapSpecifier(request, CDKTN) ?? request, ...rest);
};
