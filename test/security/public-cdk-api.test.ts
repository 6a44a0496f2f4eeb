// lib/ uses only the public API of aws-cdk-lib and constructs: no symbol documented @internal, no private or
// #private member. aws-cdk-lib changes its internals in minor releases (e.g. UnscopedValidationError's constructor
// between 2.220.0 and 2.276.0), which would break users inside the supported peer range.
//
// The check resolves every identifier and every element-access key of lib/ with the TypeScript checker, and reports
// each one whose declaration is in aws-cdk-lib or constructs and is @internal or private. A fixture with each kind of
// use proves the check finds them. (What a cast to an unrelated type reaches cannot be resolved; no cast in lib/ names
// a member of an aws-cdk-lib type, which the last test checks.)
import { readdirSync, readFileSync, statSync } from 'fs';
import { join, relative } from 'path';
import * as ts from 'typescript';

const ROOT = join(__dirname, '..', '..');
const FIXTURE = join(__dirname, 'fixtures', 'uses-cdk-internals.ts');
const CHECKED_PACKAGES = /[\\/]node_modules[\\/](aws-cdk-lib|constructs)[\\/]/;

function tsFilesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return tsFilesUnder(path);
    return path.endsWith('.ts') && !path.endsWith('.d.ts') ? [path] : [];
  });
}

/** Why `declaration` is not public API, or undefined when it is. */
function nonPublicReason(declaration: ts.Declaration): string | undefined {
  if (ts.getJSDocTags(declaration).some((tag) => tag.tagName.text === 'internal')) return '@internal';
  if (ts.getCombinedModifierFlags(declaration) & ts.ModifierFlags.Private) return 'private'; // eslint-disable-line no-bitwise
  const name = (declaration as { name?: ts.Node }).name;
  if (name && ts.isPrivateIdentifier(name)) return '#private';
  return undefined;
}

const LIB_FILES = tsFilesUnder(join(ROOT, 'lib'));
let program: ts.Program | undefined;

/** Every use of a non-public aws-cdk-lib or constructs symbol in `files` (of lib/ or the fixture): `path:line: name (reason)`. */
function nonPublicUses(files: string[]): string[] {
  // One program for lib/ and the fixture: building it is most of the cost.
  program ??= ts.createProgram([...LIB_FILES, FIXTURE], {
    target: ts.ScriptTarget.ES2022,
    module: ts.ModuleKind.CommonJS,
    moduleResolution: ts.ModuleResolutionKind.Node10,
    strict: true,
    skipLibCheck: true,
    noEmit: true,
  });
  const checker = program.getTypeChecker();
  const found = new Set<string>();
  for (const file of files) {
    const source = program.getSourceFile(file)!;
    const visit = (node: ts.Node): void => {
      const key = ts.isElementAccessExpression(node.parent ?? node) && (node.parent as ts.ElementAccessExpression).argumentExpression === node
        && ts.isStringLiteralLike(node);
      if (ts.isIdentifier(node) || ts.isPrivateIdentifier(node) || key) {
        let symbol = checker.getSymbolAtLocation(node);
        if (symbol && symbol.flags & ts.SymbolFlags.Alias) symbol = checker.getAliasedSymbol(symbol); // eslint-disable-line no-bitwise
        for (const declaration of symbol?.declarations ?? []) {
          if (!CHECKED_PACKAGES.test(declaration.getSourceFile().fileName)) continue;
          const reason = nonPublicReason(declaration);
          if (reason === undefined) continue;
          const line = source.getLineAndCharacterOfPosition(node.getStart(source)).line + 1;
          found.add(`${relative(ROOT, file)}:${line}: ${node.getText(source)} (${reason})`);
        }
      }
      ts.forEachChild(node, visit);
    };
    visit(source);
  }
  return [...found].sort();
}

test('lib/ uses no @internal or private member of aws-cdk-lib or constructs', () => {
  // GIVEN every source file of the library
  expect(LIB_FILES.length).toBeGreaterThan(30);
  // WHEN / THEN
  expect(nonPublicUses(LIB_FILES)).toEqual([]);
});

test('the check finds @internal classes, @internal methods and private fields (fixture)', () => {
  // GIVEN / WHEN
  const uses = nonPublicUses([FIXTURE]);
  // THEN
  expect(uses).toEqual([
    "test/security/fixtures/uses-cdk-internals.ts:16: 'props' (private)",
    'test/security/fixtures/uses-cdk-internals.ts:23: _createInstances (@internal)',
    'test/security/fixtures/uses-cdk-internals.ts:3: UnscopedValidationError (@internal)',
    'test/security/fixtures/uses-cdk-internals.ts:3: ValidationError (@internal)',
    'test/security/fixtures/uses-cdk-internals.ts:9: UnscopedValidationError (@internal)',
    'test/security/fixtures/uses-cdk-internals.ts:10: ValidationError (@internal)',
  ].sort());
});

test('no cast in lib/ reaches into an aws-cdk-lib object through an unrelated type', () => {
  // GIVEN the casts of lib/ through unknown (the only way to reach a member the types hide)
  const casts = LIB_FILES.flatMap((file) =>
    readFileSync(file, 'utf8').split('\n').flatMap((text, i) => (/as unknown as/.test(text) ? [`${relative(ROOT, file)}:${i + 1}: ${text.trim()}`] : [])));
  // THEN none of them is applied to an aws-cdk-lib construct (each is listed and reviewed here)
  expect(casts.map((c) => c.replace(/:\d+:/, ':'))).toEqual([
    'lib/cdk/private/tls-cluster-setup.ts: const cluster = createCluster({ ...clusterProps, parameterGroup } as unknown as P);',
    'lib/core/private/cluster-rules.ts: if (isDeployTimeValue(parameters as unknown as string)) {',
    'lib/handler/ca-check.lambda.ts: const raw = (event ?? {}) as unknown as Record<string, unknown>;',
  ]);
});
