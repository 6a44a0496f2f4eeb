// Every TypeScript snippet of README.md type-checks against the library as it is now.
//
// Each ```ts block is written to .tmp/readme/snippet-<n>.ts (a module of its own), with a generated tsconfig.json
// that extends the project's compiler options and maps the package name 'aurora-tls' to lib/index.ts. All snippets
// are then checked in one TypeScript program, in-process. To see the errors with tsc: `npx tsc -p .tmp/readme`.
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'fs';
import { join, relative, resolve } from 'path';
import * as ts from 'typescript';

const ROOT = join(__dirname, '..', '..');
const README = join(ROOT, 'README.md');
const OUTDIR = join(ROOT, '.tmp', 'readme');

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

describe('README.md', () => {
  const snippets = typescriptBlocks(readFileSync(README, 'utf8'));

  test('has TypeScript snippets, and imports the package as users do', () => {
    expect(snippets.length).toBeGreaterThanOrEqual(5);
    expect(snippets.some((s) => s.code.includes("from 'aurora-tls'"))).toBe(true);
    // No snippet reaches into the repository: the package name is the only way in.
    expect(snippets.filter((s) => /from '\.{1,2}\//.test(s.code)).map((s) => `README.md:${s.line}`)).toEqual([]);
  });

  test('every ```ts snippet type-checks (one program, project compiler options, aurora-tls mapped to lib/)', () => {
    const files = writeSnippets(OUTDIR, snippets);
    const diagnostics = typeCheck(OUTDIR, files, snippets);
    if (diagnostics.length > 0) {
      process.stderr.write(`README snippets do not type-check:\n${diagnostics.join('\n')}\n`);
    }
    expect(diagnostics).toEqual([]);
  }, 60_000);

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
