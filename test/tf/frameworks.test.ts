// The module mapping from cdktf to CDK Terrain (scripts/tf-frameworks.ts), used by the build, the CDK Terrain example
// and the bench, and the jest project `cdktn` (package.json) that runs the construct suites on CDK Terrain.
import { readFileSync } from 'fs';
import { join } from 'path';
import { CDKTF, CDKTN, mapSource, mapSpecifier } from '../../scripts/tf-frameworks';

test.each([
  ['cdktf', 'cdktn'],
  ['cdktf/lib/terraform-stack', 'cdktn/lib/terraform-stack'],
  ['@cdktf/provider-aws/lib/rds-cluster', '@cdktn/provider-aws/lib/rds-cluster'],
  ['@cdktf/provider-aws', '@cdktn/provider-aws'],
])('%s maps to %s', (from, to) => {
  expect(mapSpecifier(from, CDKTN)).toBe(to);
  expect(mapSpecifier(from, CDKTF)).toBe(from);
});

test.each(['constructs', './trust-bundle', '../core/ca-selection', 'cdktf-extra', '@cdktf/provider-awsx'])('%s is not a framework module', (specifier) => {
  expect(mapSpecifier(specifier, CDKTN)).toBeUndefined();
});

test('emitted JavaScript and declarations: every specifier form is mapped, nothing else', () => {
  const source = [
    'const cdktf_1 = require("cdktf");',
    'const rds_1 = require("@cdktf/provider-aws/lib/rds-cluster");',
    "import { RdsCluster } from '@cdktf/provider-aws/lib/rds-cluster';",
    'export { Fn } from "cdktf";',
    'type T = import("cdktf").TerraformProvider;',
    'const text = "cdktf is mentioned in a string";',
  ].join('\n');
  expect(mapSource(source, CDKTN)).toBe([
    'const cdktf_1 = require("cdktn");',
    'const rds_1 = require("@cdktn/provider-aws/lib/rds-cluster");',
    "import { RdsCluster } from '@cdktn/provider-aws/lib/rds-cluster';",
    'export { Fn } from "cdktn";',
    'type T = import("cdktn").TerraformProvider;',
    'const text = "cdktf is mentioned in a string";',
  ].join('\n'));
});

test('a specifier form the mapping does not know fails the build instead of shipping a cdktf import', () => {
  expect(() => mapSource('const m = requireLazy("cdktf");', CDKTN)).toThrow(
    'tf-frameworks: a cdktf module specifier is left after mapping to cdktn; extend mapSource()');
});

test('the jest project cdktn maps the same modules', () => {
  const projects = JSON.parse(readFileSync(join(__dirname, '..', '..', 'package.json'), 'utf8')).jest.projects;
  const mapper: { [pattern: string]: string } = projects.find((p: { displayName: string }) => p.displayName === 'cdktn').moduleNameMapper;
  for (const specifier of ['cdktf', 'cdktf/lib/x', '@cdktf/provider-aws/lib/rds-cluster']) {
    const [pattern, replacement] = Object.entries(mapper).find(([p]) => new RegExp(p).test(specifier))!;
    expect(specifier.replace(new RegExp(pattern), replacement)).toBe(mapSpecifier(specifier, CDKTN));
  }
});
