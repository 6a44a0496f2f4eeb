// Cold start of the bundled custom-resource handler, in a fresh process: `require` of the shipped asset
// (assets/lib/handler/ca-check.lambda/index.js), and separately of the AWS SDK v3 clients it keeps external, which
// the Lambda Node.js runtime provides and which here (Node 20) come from the repository's node_modules.
// Run by bench/run.ts.
import { dirname } from 'path';
import { caseSpec, emit, sinceStart } from '../support/case-io';

export interface HandlerRequireSpec {
  /** `asset`: require the bundled handler; `sdk`: require only the three SDK clients it uses, as it resolves them. */
  readonly what: 'asset' | 'sdk';
  readonly assetPath: string;
}

export interface HandlerRequireResult {
  readonly readyMs: number;
  readonly requireMs: number;
  /** First `bundledTrustStore()` (asset only): what the first invocation of a container pays to parse the PEMs. */
  readonly firstTrustStoreMs?: number;
  readonly certificates?: number;
}

const SDK_CLIENTS = ['@aws-sdk/client-rds', '@aws-sdk/client-s3', '@aws-sdk/client-ssm'];

function main(): void {
  const spec = caseSpec<HandlerRequireSpec>();
  const t0 = sinceStart();
  if (spec.what === 'sdk') {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    for (const id of SDK_CLIENTS) require(require.resolve(id, { paths: [dirname(spec.assetPath)] }));
    emit({ readyMs: t0, requireMs: sinceStart() - t0 } satisfies HandlerRequireResult);
    return;
  }
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const asset = require(spec.assetPath);
  const t1 = sinceStart();
  const store = asset.bundledTrustStore();
  const t2 = sinceStart();
  emit({ readyMs: t0, requireMs: t1 - t0, firstTrustStoreMs: t2 - t1, certificates: store.size } satisfies HandlerRequireResult);
}

if (require.main === module) main();
