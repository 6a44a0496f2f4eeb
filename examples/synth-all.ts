// The main job (`npx projen examples`): synthesize every example offline.
//  - the deploy-time check's Lambda handler, bundled first (`projen bundle`, as `npm test` does): the examples
//    synthesize it as an asset, and a clean clone has no assets/ yet
//  - the AWS CDK examples through the CDK CLI (`cdk synth`, as a user would run them) into cdk.out/
//  - the CDK for Terraform example into examples/cdktf.out/ and the CDK Terrain example into examples/cdktn.out/
//    (Terraform JSON; no terraform binary needed)
//
// test/examples/examples.test.ts runs the same synthesis in-process through the functions exported here:
// `synthCdkExamples` builds the same app as `cdk synth` (examples/cdk-app.ts) with the same context (cdk.json),
// so CloudFormation Validate runs with the same rules; `synthTerraformExamples` is what this script runs.
import { execFileSync } from 'child_process';
import { readFileSync } from 'fs';
import { join } from 'path';
import { App } from 'aws-cdk-lib';
import { CloudAssembly } from 'aws-cdk-lib/cx-api';
import { buildExamples } from './cdk-app';
import { synth as synthCdktfExample } from './cdktf/main';

/** The repository root. */
export const ROOT = join(__dirname, '..');

/** The context of cdk.json (feature flags, `@aws-cdk/core:validateAgainstDefaultRules`), as `cdk synth` passes it. */
export function cdkJsonContext(): { [key: string]: unknown } {
  return JSON.parse(readFileSync(join(ROOT, 'cdk.json'), 'utf8')).context ?? {};
}

/**
 * Synthesize the AWS CDK example app in-process into `outdir`, as `cdk synth` does (same app, same context).
 * Throws when synthesis or CloudFormation validation fails.
 */
export function synthCdkExamples(outdir: string): CloudAssembly {
  const app = buildExamples(new App({ outdir, context: cdkJsonContext() }));
  return app.synth();
}

/**
 * Synthesize the CDK for Terraform examples into `outdir` (`stacks/<name>/cdk.tf.json`).
 * @returns the names of the synthesized stacks
 */
export function synthTerraformExamples(outdir: string): string[] {
  return synthCdktfExample(outdir);
}

/**
 * Synthesize the CDK Terrain example into `outdir`, in a process of its own whose cdktf modules resolve to cdktn
 * (scripts/cdktn-register.ts); throws when it fails.
 */
export function synthCdkTerrainExample(outdir: string): void {
  execFileSync(process.execPath, [
    '-r', require.resolve('ts-node/register/transpile-only'),
    '-r', join(ROOT, 'scripts', 'cdktn-register.ts'),
    join(ROOT, 'examples', 'cdktn', 'main.ts'), outdir,
  ], { cwd: ROOT, stdio: 'inherit', env: { ...process.env, TS_NODE_PROJECT: join(ROOT, 'tsconfig.tools.json') } });
}

/** Run the CDK CLI on the example app (cdk.json), as a user would; throws when it fails. */
export function runCdkCli(): void {
  const cdk = join(ROOT, 'node_modules', '.bin', 'cdk');
  execFileSync(cdk, ['synth', '--quiet', '--no-notices', '--no-version-reporting'], { cwd: ROOT, stdio: 'inherit' });
}

/** The stacks of a cloud assembly directory, from its manifest. */
export function stacksIn(assemblyDir: string): string[] {
  const manifest = JSON.parse(readFileSync(join(assemblyDir, 'manifest.json'), 'utf8'));
  return Object.entries(manifest.artifacts ?? {})
    .filter(([, artifact]) => (artifact as { type?: string }).type === 'aws:cloudformation:stack')
    .map(([id]) => id);
}

function main(): void {
  const started = Date.now();
  runCdkCli(); // the projen task bundles the handler asset first (assets/ is a build output)
  const stacks = stacksIn(join(ROOT, 'cdk.out'));
  process.stdout.write(`examples: ${stacks.length} CloudFormation templates in cdk.out/: ${stacks.join(', ')}\n`);

  const terraform = synthTerraformExamples(join(__dirname, 'cdktf.out'));
  process.stdout.write(`examples: Terraform JSON for ${terraform.join(', ')} in examples/cdktf.out/\n`);
  synthCdkTerrainExample(join(__dirname, 'cdktn.out'));
  process.stdout.write(`examples: done in ${((Date.now() - started) / 1000).toFixed(1)} s\n`);
}

if (require.main === module) {
  main();
}
