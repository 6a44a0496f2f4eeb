// Build the Terraform constructs (run by the compile task, after jsii): lib/tf is compiled with tsc (tsconfig.tf.json)
// once, for cdktf, into dist/tf; the same output with its framework module specifiers mapped (scripts/tf-frameworks.ts)
// is CDK Terrain's, in dist/cdktn. Both load core from dist/core (compiled by jsii), never aws-cdk-lib.
//   ts-node --transpile-only --project tsconfig.tools.json scripts/build-tf.ts
import { execFileSync } from 'child_process';
import { cpSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'fs';
import { join, relative } from 'path';
import { CDKTF, FRAMEWORKS, mapSource } from './tf-frameworks';

const root = join(__dirname, '..');
const build = join(root, '.tmp', 'tf-build');

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? files(path) : [path];
  });
}

function main(): void {
  rmSync(build, { recursive: true, force: true });
  execFileSync(process.execPath, [require.resolve('typescript/bin/tsc'), '-p', join(root, 'tsconfig.tf.json')], { stdio: 'inherit' });
  // tsc also emits the core files lib/tf imports; dist/core (jsii's) is what the package ships, so keep only tf/.
  const emitted = join(build, 'tf');
  for (const framework of FRAMEWORKS) {
    const out = join(root, framework.dist);
    rmSync(out, { recursive: true, force: true });
    mkdirSync(out, { recursive: true });
    for (const file of files(emitted)) {
      const target = join(out, relative(emitted, file));
      mkdirSync(join(target, '..'), { recursive: true });
      if (framework === CDKTF || !/\.(js|d\.ts)$/.test(file)) {
        cpSync(file, target);
      } else {
        writeFileSync(target, mapSource(readFileSync(file, 'utf8'), framework));
      }
    }
    process.stdout.write(`build-tf: ${framework.core} constructs in ${framework.dist}/ (import from 'aurora-tls/${framework.subpath}')\n`);
  }
}

if (require.main === module) main();
