// The main job (`npx projen examples`): synthesize every example offline.
//  - the AWS CDK examples through the CDK CLI (`cdk synth`, as a user would run them) into cdk.out/
//  - the CDK for Terraform example into examples/cdktf.out/ (Terraform JSON; no terraform binary needed)
import { execFileSync } from 'child_process';
import { existsSync, readdirSync } from 'fs';
import { join } from 'path';

const root = join(__dirname, '..');
const cdk = join(root, 'node_modules', '.bin', 'cdk');
execFileSync(cdk, ['synth', '--quiet', '--no-notices', '--no-version-reporting'], { cwd: root, stdio: 'inherit' });
const templates = readdirSync(join(root, 'cdk.out')).filter((f) => f.endsWith('.template.json'));
process.stdout.write(`examples: ${templates.length} CloudFormation templates in cdk.out/: ${templates.join(', ')}\n`);

const cdktfExample = join(__dirname, 'cdktf', 'main.ts');
if (existsSync(cdktfExample)) {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { synth } = require(cdktfExample) as { synth: (outdir: string) => string[] };
  const stacks = synth(join(__dirname, 'cdktf.out'));
  process.stdout.write(`examples: Terraform JSON for ${stacks.join(', ')} in examples/cdktf.out/\n`);
}
