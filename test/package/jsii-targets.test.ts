// The other CDK languages, checked offline: the jsii assembly depends on aws-cdk-lib and constructs only (no cdktf,
// no Terraform type), every README snippet and `@example` compiles and translates (`jsii-rosetta extract --strict`,
// with rosetta/default.ts-fixture), jsii-pacmak generates the Python, Java, .NET and Go code (`--code-only`, with
// those translations; an untranslated sample fails), and the Python code compiles (`python3 -m compileall`).
// Building the real packages needs the toolchains (`npx projen package-all`); the generated code and its dependency
// lists are what decide what users of those languages install. Costs about 90 s on 2 cores (rosetta ~40 s, pacmak
// ~30 s); needs the jsii compile (the test task makes it before jest).
import { execFileSync } from 'child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import { gunzipSync } from 'zlib';
import { ensureCompiled, REPO_ROOT as ROOT, sh } from '../../scripts/pack';

const TARGETS = ['python', 'java', 'dotnet', 'go'];
const TABLET = join(ROOT, '.jsii.tabl.json');

/** The assembly (.jsii may be a redirect to the compressed .jsii.gz). */
function assembly(): any {
  const raw = JSON.parse(readFileSync(join(ROOT, '.jsii'), 'utf8'));
  if (raw.schema !== 'jsii/file-redirect') return raw;
  return JSON.parse(gunzipSync(readFileSync(join(ROOT, raw.filename))).toString('utf8'));
}

/** The ```ts blocks of the README, as rosetta counts them. */
function readmeSnippetCount(): number {
  return (readFileSync(join(ROOT, 'README.md'), 'utf8').match(/^```(ts|typescript)\b.*$/gm) ?? []).length;
}

function files(dir: string, root: string = dir): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    (e.isDirectory() ? files(join(dir, e.name), root) : [join(dir, e.name).slice(root.length + 1)]));
}

let out: string;
let rosetta: { code: number; output: string };

beforeAll(() => {
  // GIVEN the compiled assembly
  ensureCompiled(ROOT);
  out = mkdtempSync(join(tmpdir(), 'aurora-tls-pacmak-'));

  // WHEN the samples are translated strictly, then the four languages generated with those translations
  rmSync(TABLET, { force: true });
  try {
    rosetta = { code: 0, output: sh('npx', ['jsii-rosetta', 'extract', '--strict', '--batch', '1000'], ROOT) };
  } catch (e) {
    rosetta = { code: 1, output: (e as Error).message };
  }
  if (rosetta.code === 0) {
    sh('npx', ['jsii-pacmak', '--code-only', '--force', '--outdir', out, '--targets', ...TARGETS,
      '--rosetta-tablet', TABLET, '--rosetta-unknown-snippets', 'fail'], ROOT);
  }
}, 600_000);

afterAll(() => {
  if (out) rmSync(out, { recursive: true, force: true });
});

test('the assembly depends on aws-cdk-lib and constructs only, and has no Terraform type', () => {
  const a = assembly();
  expect(Object.keys(a.dependencies).sort()).toEqual(['aws-cdk-lib', 'constructs']);
  expect(Object.keys(a.dependencyClosure ?? {}).filter((d) => /cdktf/.test(d))).toEqual([]);
  expect(Object.keys(a.types).filter((t) => /(^|\.)tf\.|cdktf/i.test(t))).toEqual([]);
  expect(a.keywords).toContain('awscdk');
  expect(a.targets).toEqual({
    js: { npm: 'aurora-tls' },
    python: { distName: 'aurora-tls', module: 'aurora_tls' },
    java: { package: 'io.github.aurora_tls', maven: { groupId: 'io.github.aurora-tls', artifactId: 'aurora-tls' } },
    dotnet: { namespace: 'AuroraTls', packageId: 'AuroraTls' },
    go: { moduleName: 'github.com/aurora-tls/aurora-tls-go' },
  });
});

test('jsii-rosetta extract --strict: every README snippet and @example compiles and is translated to every language', () => {
  if (rosetta.code !== 0) throw new Error(`jsii-rosetta extract --strict failed:\n${rosetta.output}`);
  const snippets = Object.values(JSON.parse(readFileSync(TABLET, 'utf8')).snippets) as Array<{
    translations: { [language: string]: unknown };
    didCompile?: boolean;
    location: { api: { api: string } };
  }>;
  const fromReadme = snippets.filter((s) => s.location.api.api === 'moduleReadme');
  expect(fromReadme).toHaveLength(readmeSnippetCount());
  expect(snippets.length - fromReadme.length).toBeGreaterThanOrEqual(3); // the @example blocks of the constructs
  for (const s of snippets) {
    expect(s.didCompile).toBe(true);
    expect(Object.keys(s.translations).sort()).toEqual(['$', 'csharp', 'go', 'java', 'python']); // '$' is the TypeScript source
  }
});

describe('jsii-pacmak --code-only', () => {
  test('Python: package aurora-tls, module aurora_tls, requiring aws-cdk-lib and constructs only; compileall passes', () => {
    const setup = readFileSync(join(out, 'python', 'setup.py'), 'utf8');
    const requires = JSON.parse(/"install_requires": (\[[^\]]*\])/.exec(setup)![1]) as string[];
    const names = requires.map((r) => r.split(/[<>=,\s]/)[0]);
    // jsii's runtime packages, and the assemblies this one depends on: aws-cdk-lib and constructs, no cdktf.
    expect(names.filter((n) => !['jsii', 'publication', 'typeguard'].includes(n)).sort()).toEqual(['aws-cdk-lib', 'constructs']);
    expect(setup).toContain('"name": "aurora-tls"');
    expect(existsSync(join(out, 'python', 'src', 'aurora_tls', '__init__.py'))).toBe(true);
    // The package loads its dependencies' assemblies eagerly (aurora_tls/_jsii): exactly aws-cdk-lib and constructs.
    const loader = readFileSync(join(out, 'python', 'src', 'aurora_tls', '_jsii', '__init__.py'), 'utf8');
    expect(loader.split('\n').filter((l) => /^import \w+\._jsii$/.test(l))).toEqual(['import aws_cdk._jsii', 'import constructs._jsii']);
    execFileSync('python3', ['-m', 'compileall', '-q', join(out, 'python', 'src')], { stdio: ['ignore', 'pipe', 'pipe'] });
  });

  test('Java: Maven io.github.aurora-tls:aurora-tls, package io.github.aurora_tls, no cdktf dependency', () => {
    const pom = readFileSync(join(out, 'java', 'pom.xml'), 'utf8');
    expect(pom).toContain('<groupId>io.github.aurora-tls</groupId>');
    expect(pom).toContain('<artifactId>aurora-tls</artifactId>');
    expect(pom).not.toMatch(/cdktf|hashicorp/);
    expect(files(join(out, 'java', 'src'))).toContain('main/java/io/github/aurora_tls/TlsAuroraCluster.java');
  });

  test('.NET: package and namespace AuroraTls, no cdktf dependency', () => {
    const project = readFileSync(join(out, 'dotnet', 'AuroraTls', 'AuroraTls.csproj'), 'utf8');
    expect(project).toContain('<PackageId>AuroraTls</PackageId>');
    const references = project.match(/<PackageReference Include="[^"]+"/g) ?? [];
    expect(references.some((r) => r.includes('Amazon.CDK.Lib'))).toBe(true);
    expect(references.filter((r) => /cdktf|HashiCorp/i.test(r))).toEqual([]);
    expect(files(join(out, 'dotnet', 'AuroraTls'))).toContain('AuroraTls/TlsAuroraCluster.cs');
  });

  test('Go: module github.com/aurora-tls/aurora-tls-go/auroratls, no cdktf dependency', () => {
    const mod = readFileSync(join(out, 'go', 'auroratls', 'go.mod'), 'utf8');
    expect(mod.split('\n')[0]).toBe('module github.com/aurora-tls/aurora-tls-go/auroratls');
    expect(mod).not.toMatch(/cdktf|terraform/);
    expect(files(join(out, 'go', 'auroratls'))).toContain('TlsAuroraCluster.go');
  });
});
