// Every TypeScript snippet of README.md type-checks against the library, and runs as pasted: each one is a program of
// its own against the compiled package, and a snippet that builds a CDK app is synthesized offline (the App
// synthesizes when the program ends, as under `cdk synth`), with no context lookup left (the CLI would need an AWS
// account for one). docs/TERRAFORM.md's snippet is type-checked (it needs cdktf; examples/cdktf runs the same code).
//
// Type-check: each ```ts block is written to .tmp/readme/snippet-<n>.ts (a module of its own), with a generated
// tsconfig.json that extends the project's compiler options and maps the package name 'aurora-tls' to lib/index.ts.
// All snippets are then checked in one TypeScript program, in-process. To see the errors: `npx tsc -p .tmp/readme`.
// Run: each block is transpiled to .tmp/readme-run/snippet-<n>.js, where node_modules/aurora-tls links to this
// repository (the compiled dist/, as a user who installed the package gets it), and run with node.
import { spawnSync } from 'child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'fs';
import { join, relative, resolve } from 'path';
import * as ts from 'typescript';
import { ensureCompiled } from '../../scripts/pack';

const ROOT = join(__dirname, '..', '..');
const README = join(ROOT, 'README.md');
const TERRAFORM = join(ROOT, 'docs', 'TERRAFORM.md');
const OUTDIR = join(ROOT, '.tmp', 'readme');
const RUNDIR = join(ROOT, '.tmp', 'readme-run');

/** A ```ts block of the README: its code and the README line of its first code line (1-based). */
interface Snippet {
  readonly code: string;
  readonly line: number;
}

/** The ```ts and ```typescript blocks of a Markdown text, in order. */
function typescriptBlocks(markdown: string): Snippet[] {
  const snippets: Snippet[] = [];
  const lines = markdown.split('\n');
  let open: { fence: string; line: number; code: string[] } | undefined;
  lines.forEach((text, index) => {
    if (open === undefined) {
      const start = /^(\s*)(`{3,}|~{3,})\s*(ts|typescript)\s*$/.exec(text);
      if (start) open = { fence: start[2], line: index + 2, code: [] };
    } else if (text.trim() === open.fence) {
      snippets.push({ code: open.code.join('\n'), line: open.line });
      open = undefined;
    } else {
      open.code.push(text);
    }
  });
  if (open !== undefined) throw new Error(`README.md:${open.line - 1}: the code block is never closed`);
  return snippets;
}

/** Write the snippets and their tsconfig.json into `dir`; return the snippet files (index = snippet number - 1). */
function writeSnippets(dir: string, snippets: Snippet[]): string[] {
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  const files = snippets.map((snippet, i) => {
    const file = join(dir, `snippet-${i + 1}.ts`);
    // `export {}` makes every snippet a module, so that two snippets may declare the same names.
    writeFileSync(file, `${snippet.code}\nexport {};\n`);
    return file;
  });
  writeFileSync(join(dir, 'tsconfig.json'), JSON.stringify({
    extends: relative(dir, join(ROOT, 'tsconfig.json')),
    compilerOptions: {
      rootDir: relative(dir, ROOT),
      noEmit: true,
      // aurora-tls/tf and aurora-tls/cdktn are one source (lib/tf); the cdktn build only renames its framework modules.
      paths: {
        'aurora-tls': [relative(dir, join(ROOT, 'lib', 'index.ts'))],
        'aurora-tls/tf': [relative(dir, join(ROOT, 'lib', 'tf', 'index.ts'))],
        'aurora-tls/cdktn': [relative(dir, join(ROOT, 'lib', 'tf', 'index.ts'))],
      },
    },
    include: ['snippet-*.ts'],
  }, null, 2));
  return files;
}

/** Type-check the snippets in one program; every diagnostic of a snippet, located in README.md. */
function typeCheck(dir: string, files: string[], snippets: Snippet[]): string[] {
  const parsed = ts.getParsedCommandLineOfConfigFile(join(dir, 'tsconfig.json'), {}, {
    ...ts.sys,
    onUnRecoverableConfigFileDiagnostic: (d) => {
      throw new Error(ts.flattenDiagnosticMessageText(d.messageText, '\n'));
    },
  })!;
  const program = ts.createProgram({ rootNames: files, options: parsed.options });
  const diagnostics = [
    ...parsed.errors,
    ...program.getOptionsDiagnostics(),
    ...program.getGlobalDiagnostics(),
    ...files.flatMap((file) => ts.getPreEmitDiagnostics(program, program.getSourceFile(file))),
  ];
  return diagnostics.map((d) => {
    const message = ts.flattenDiagnosticMessageText(d.messageText, '\n');
    if (d.file === undefined || d.start === undefined) return `TS${d.code}: ${message}`;
    const { line, character } = d.file.getLineAndCharacterOfPosition(d.start);
    const index = files.indexOf(resolve(d.file.fileName));
    const where = index >= 0
      ? `README.md:${snippets[index].line + line}:${character + 1} (snippet ${index + 1})`
      : `${relative(ROOT, d.file.fileName)}:${line + 1}:${character + 1}`;
    return `${where} TS${d.code}: ${message}`;
  });
}


/** What running one snippet gave: its exit, its output, and the CDK apps it synthesized. */
interface SnippetRun {
  readonly code: number | null;
  readonly output: string;
  /** Stacks in the cloud assembly, when the snippet built an App; undefined when it did not. */
  readonly stacks?: string[];
  /** Context the synthesis could not resolve offline (what `cdk synth` would look up in an AWS account). */
  readonly missingContext?: string[];
}

/** Transpile `snippet` to CommonJS and run it with node in `dir`, with CDK_OUTDIR set so that an App synthesizes. */
function runSnippet(dir: string, name: string, snippet: Snippet): SnippetRun {
  const js = ts.transpileModule(snippet.code, {
    compilerOptions: { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2022, esModuleInterop: true },
  }).outputText;
  const file = join(dir, `${name}.js`);
  writeFileSync(file, js);
  const outdir = join(dir, `${name}.cdk.out`);
  rmSync(outdir, { recursive: true, force: true });
  const env: NodeJS.ProcessEnv = { ...process.env, CDK_OUTDIR: outdir, JSII_SILENCE_WARNING_END_OF_LIFE_NODE_VERSION: '20' };
  const child = spawnSync(process.execPath, [file], { cwd: dir, env, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  const output = `${child.stdout ?? ''}${child.stderr ?? ''}${child.error ? String(child.error) : ''}`;
  if (!existsSync(join(outdir, 'manifest.json'))) return { code: child.status, output };
  const manifest = JSON.parse(readFileSync(join(outdir, 'manifest.json'), 'utf8'));
  const stacks = Object.entries(manifest.artifacts ?? {})
    .filter(([, a]) => (a as { type: string }).type === 'aws:cloudformation:stack')
    .map(([id]) => id);
  const missingContext = (manifest.missing ?? []).map((m: { key: string }) => m.key);
  return { code: child.status, output, stacks, missingContext };
}

/** A folder where `require('aurora-tls')` finds this repository, as an installed package. */
function runDirectory(dir: string): string {
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(join(dir, 'node_modules'), { recursive: true });
  symlinkSync(ROOT, join(dir, 'node_modules', 'aurora-tls'), 'dir');
  return dir;
}

/** A snippet that builds an AWS CDK app. */
function isCdkApp(snippet: Snippet): boolean {
  return /from 'aws-cdk-lib'/.test(snippet.code) && /new App\(/.test(snippet.code);
}

describe('README.md', () => {
  const snippets = typescriptBlocks(readFileSync(README, 'utf8'));

  test('has TypeScript snippets, and imports the package as users do', () => {
    expect(snippets.length).toBeGreaterThanOrEqual(4);
    expect(snippets.some((s) => s.code.includes("from 'aurora-tls'"))).toBe(true);
    // No snippet reaches into the repository: the package name is the only way in.
    expect(snippets.filter((s) => /from '\.{1,2}\//.test(s.code)).map((s) => `README.md:${s.line}`)).toEqual([]);
  });

  test('every ```ts snippet type-checks (one program, project compiler options, aurora-tls mapped to lib/), docs/TERRAFORM.md\'s too', () => {
    const terraform = typescriptBlocks(readFileSync(TERRAFORM, 'utf8'));
    expect(terraform.length).toBeGreaterThanOrEqual(1);
    const all = [...snippets, ...terraform];
    const files = writeSnippets(OUTDIR, all);
    const diagnostics = typeCheck(OUTDIR, files, all);
    if (diagnostics.length > 0) {
      process.stderr.write(`README snippets do not type-check:\n${diagnostics.join('\n')}\n`);
    }
    expect(diagnostics).toEqual([]);
  }, 60_000);

  describe('every ```ts snippet runs as pasted; a CDK app synthesizes offline', () => {
    let dir: string;
    beforeAll(() => {
      ensureCompiled(ROOT);
      dir = runDirectory(RUNDIR);
    }, 300_000);

    test('the README has CDK apps among its snippets, the quick start first', () => {
      expect(snippets.filter(isCdkApp).length).toBeGreaterThanOrEqual(1);
      expect(isCdkApp(snippets[0])).toBe(true);
    });

    test.each(snippets.map((snippet, i) => [`snippet ${i + 1} (README.md:${snippet.line})`, i] as const))('%s', (_, i) => {
      // WHEN
      const result = runSnippet(dir, `snippet-${i + 1}`, snippets[i]);

      // THEN it ran, and an App synthesized every stack with nothing left to look up
      if (result.code !== 0) throw new Error(`README.md:${snippets[i].line}: the snippet failed (exit ${result.code}):\n${result.output}`);
      if (isCdkApp(snippets[i])) {
        expect(result.stacks).toBeDefined(); // a cloud assembly was written (an App with only an aspect has no stack)
        expect(result.missingContext).toEqual([]);
      }
      if (i === 0) expect(result.stacks).toEqual(['Database']); // the quick start
    }, 120_000);
  });

  test('(control) a snippet that needs a context lookup is reported with the context it misses', () => {
    // GIVEN a VPC in a stack with an account and only maxAzs: the availability zones are looked up in the account
    const dir = runDirectory(join(ROOT, '.tmp', 'readme-run-control'));
    const [snippet] = typescriptBlocks([
      '```ts',
      "import { App, Stack, aws_ec2 as ec2 } from 'aws-cdk-lib';",
      'const app = new App();',
      "const stack = new Stack(app, 'S', { env: { account: '111111111111', region: 'us-east-1' } });",
      "new ec2.Vpc(stack, 'Vpc', { maxAzs: 2 });",
      '```',
    ].join('\n'));

    // WHEN
    const result = runSnippet(dir, 'lookup', snippet);

    // THEN
    expect(result.code).toBe(0);
    expect(result.stacks).toEqual(['S']);
    expect(result.missingContext).toEqual(['availability-zones:account=111111111111:region=us-east-1']);
    expect(readdirSync(dir)).toContain('lookup.cdk.out');
  }, 120_000);

  test('(control) a snippet with a type error is reported at its README line', () => {
    // GIVEN a README with a good snippet, a shell block and a bad snippet
    const markdown = [
      '# t', '', '```ts', 'const n: number = 1;', 'console.log(n);', '```', '', '```sh', 'echo not checked', '```', '',
      '```ts', 'const s: number = \'not a number\';', 'console.log(s);', '```', '',
    ].join('\n');
    const blocks = typescriptBlocks(markdown);
    const dir = join(ROOT, '.tmp', 'readme-control');

    // WHEN
    const diagnostics = typeCheck(dir, writeSnippets(dir, blocks), blocks);

    // THEN
    expect(blocks.map((b) => b.line)).toEqual([4, 13]);
    expect(diagnostics).toEqual([
      "README.md:13:7 (snippet 2) TS2322: Type 'string' is not assignable to type 'number'.",
    ]);
  }, 60_000);
});
