// `aurora-tls audit FILE...`: the Aurora TLS audit of CloudFormation templates (JSON or YAML, CDK-synthesized or
// hand-written) and Terraform plans (`terraform show -json plan.out`), with the rules of core (the same as the
// AuroraTlsChecks aspect). Output: text (default), --json, or --format sarif (SARIF 2.1.0, for code-scanning UIs).
// Exit codes: 0 no error-level finding, 1 error-level findings (or warnings with --strict), 2 bad input (a file that
// cannot be read or is neither a template nor a plan; the other files are still audited and reported).
import { closeSync, openSync, readFileSync, readSync, statSync } from 'fs';
import { join } from 'path';
// yaml is a devDependency: scripts/build-cli.ts inlines it into the executable (the package depends on nothing for it).
// eslint-disable-next-line import/no-extraneous-dependencies
import { LineCounter, parseDocument, isMap, isScalar, Scalar, YAMLMap, YAMLSeq, Tags } from 'yaml';
import { AuroraTlsCheckLevel } from '../core/audit-findings';
import { AuditFinding, AuditLevels, AuditModel, AuditValue, auroraEngineOf, AuroraAudit, Dialect, FINDING_SUMMARIES } from '../core/private/aurora-audit';
import { AuditInputError, CLOUDFORMATION_DIALECT, readCloudFormation } from '../core/private/cfn-audit-reader';
import { isTerraformPlan, readTerraformPlan, TERRAFORM_DIALECT } from '../core/private/tf-plan-audit-reader';

/** Files above this size are refused before they are read (a JavaScript string holds at most ~512 MB). */
export const MAX_FILE_BYTES = 256 * 1024 * 1024;
/** YAML above this size is refused: CloudFormation takes templates of 1 MB at most, and YAML parses ~50x slower than JSON. */
export const MAX_YAML_BYTES = 16 * 1024 * 1024;

/** The output formats. */
export type AuditFormat = 'text' | 'json' | 'sarif';

export interface AuditOptions {
  readonly files: string[];
  readonly region?: string;
  readonly format: AuditFormat;
  /** Warnings fail the audit too (exit 1). */
  readonly strict: boolean;
}

/** One finding, located. */
export interface LocatedFinding {
  readonly file: string;
  /** 1-based line of the resource in the file, when the file is a template. */
  readonly line?: number;
  readonly resource: string;
  readonly resourceType: string;
  readonly ruleId: string;
  readonly level: 'error' | 'warning';
  readonly message: string;
  readonly reason: string;
  readonly fix: string;
}

/** What was audited in one file, or why it could not be. */
export interface AuditedFile {
  readonly file: string;
  readonly kind?: 'cloudformation' | 'terraform-plan';
  readonly region?: string;
  readonly clusters?: number;
  readonly instances?: number;
  /** Why the file could not be audited (bad input). */
  readonly error?: string;
}

export interface AuditReport {
  readonly files: AuditedFile[];
  readonly findings: LocatedFinding[];
}

const LEVELS = new AuditLevels();

/** Audit files; never throws for bad files (they are reported in `files[].error`). */
export function auditFiles(files: string[], region: string | undefined): AuditReport {
  const audited: AuditedFile[] = [];
  const findings: LocatedFinding[] = [];
  for (const file of files) {
    try {
      const result = auditFile(file, region);
      audited.push(result.file);
      findings.push(...result.findings);
    } catch (e) {
      if (!(e instanceof AuditInputError)) throw e;
      audited.push({ file, error: e.message });
    }
  }
  return { files: audited, findings };
}

function auditFile(file: string, region: string | undefined): { file: AuditedFile; findings: LocatedFinding[] } {
  const { text, yaml } = readDocument(file);
  const document = yaml ? yaml.value : parseJson(file, text);
  let model: AuditModel;
  let dialect: Dialect;
  let kind: AuditedFile['kind'];
  if (isTerraformPlan(document)) {
    model = readTerraformPlan(document, region);
    dialect = TERRAFORM_DIALECT;
    kind = 'terraform-plan';
  } else if (isTemplate(document)) {
    const templateRegion: AuditValue = region ?? { unresolved: 'not known (a template does not say where it is deployed)' };
    model = readCloudFormation(document, templateRegion);
    dialect = CLOUDFORMATION_DIALECT;
    kind = 'cloudformation';
  } else {
    throw new AuditInputError(`${file} is neither a CloudFormation template nor a Terraform plan: ${whatItIs(document)}`);
  }
  const lineOf = kind === 'cloudformation' ? resourceLines(text, yaml) : () => undefined;
  const located = AuroraAudit.model(model, dialect).flatMap((f: AuditFinding): LocatedFinding[] => {
    const level = LEVELS.of(f.finding);
    if (level === AuroraTlsCheckLevel.OFF) return [];
    return [{
      file,
      line: lineOf(f.resource),
      resource: f.resource,
      resourceType: model.types[f.resource] ?? 'unknown',
      ruleId: f.finding,
      level: level === AuroraTlsCheckLevel.ERROR ? 'error' : 'warning',
      message: f.message,
      reason: f.reason,
      fix: f.fix,
    }];
  });
  if (kind === 'cloudformation') located.sort((a, b) => (a.line ?? 0) - (b.line ?? 0));
  const aurora = {
    clusters: model.clusters.filter((c) => auroraEngineOf(c.engine)),
    instances: model.instances.filter((i) => auroraEngineOf(i.engine)),
  };
  const regions = new Set([...aurora.instances.map((i) => i.region)].filter((r): r is string => typeof r === 'string'));
  return {
    file: {
      file,
      kind,
      region: regions.size === 1 ? [...regions][0] : kind === 'cloudformation' ? region : regions.size > 1 ? [...regions].sort().join(',') : undefined,
      clusters: aurora.clusters.length,
      instances: aurora.instances.length,
    },
    findings: located,
  };
}

function isTemplate(document: unknown): boolean {
  return document !== null && typeof document === 'object' && !Array.isArray(document) && 'Resources' in document;
}

/** What a parsed document that is neither a template nor a plan looks like, and what to audit instead. */
function whatItIs(document: any): string {
  if (document === null || typeof document !== 'object' || Array.isArray(document)) {
    return `its content is ${Array.isArray(document) ? 'a list' : document === null ? 'empty' : `a single ${typeof document}`}, ` +
      'not an object with Resources (a template) or planned_values (a plan)';
  }
  if (document.resource !== undefined || document.terraform !== undefined) {
    return 'it is Terraform configuration, not a plan; audit the plan: terraform plan -out plan.out && terraform show -json plan.out > plan.json';
  }
  if (typeof document.format_version === 'string' && document.values !== undefined) {
    return 'it is Terraform state (terraform show -json without a plan file); audit a plan: terraform show -json plan.out';
  }
  const keys = Object.keys(document).slice(0, 5).map((k) => `'${k.length > 40 ? `${k.slice(0, 40)}...` : k}'`);
  return `it has no Resources section (a template) and no format_version and planned_values (a plan)${keys.length ? `; its top-level keys are ${keys.join(', ')}` : ''}`;
}

interface YamlDocument {
  readonly value: unknown;
  readonly contents: unknown;
  readonly lines: LineCounter;
}

function readDocument(file: string): { text: string; yaml?: YamlDocument } {
  let size: number;
  try {
    const stat = statSync(file);
    if (stat.isDirectory()) throw new AuditInputError(`${file} is a directory; pass the template or plan files in it`);
    size = stat.size;
  } catch (e) {
    if (e instanceof AuditInputError) throw e;
    throw new AuditInputError(`cannot read ${file}: ${(e as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (e as Error).message}`);
  }
  if (size > MAX_FILE_BYTES) {
    throw new AuditInputError(`${file} is ${mb(size)}; aurora-tls audits files up to ${mb(MAX_FILE_BYTES)} (CloudFormation itself takes templates of 1 MB at most)`);
  }
  if (size === 0) throw new AuditInputError(`${file} is empty; pass a CloudFormation template or a Terraform plan (terraform show -json plan.out)`);
  const json = startsLikeJson(file);
  if (!json && size > MAX_YAML_BYTES) {
    throw new AuditInputError(`${file} is ${mb(size)} of YAML; aurora-tls reads YAML up to ${mb(MAX_YAML_BYTES)} ` +
      '(CloudFormation takes templates of 1 MB at most); convert it to JSON (e.g. cfn-flip) to audit it');
  }
  const text = readFileSync(file, 'utf8').replace(/^\uFEFF/, '');
  if (text.includes('\u0000')) throw new AuditInputError(`${file} is a binary file, not a template or a plan`);
  return json ? { text } : { text, yaml: parseYaml(file, text) };
}

/** Whether the first non-blank character of the file is `{` or `[` (read without loading the whole file). */
function startsLikeJson(file: string): boolean {
  const fd = openSync(file, 'r');
  try {
    const buffer = Buffer.alloc(4096);
    const read = readSync(fd, buffer, 0, buffer.length, 0);
    const head = buffer.subarray(0, read).toString('utf8').replace(/^\uFEFF/, '').trimStart();
    return head.startsWith('{') || head.startsWith('[');
  } finally {
    closeSync(fd);
  }
}

function parseJson(file: string, text: string): unknown {
  try {
    return JSON.parse(text);
  } catch (e) {
    const message = (e as Error).message;
    // The parser stopped at the end of the text: the file was cut short (an interrupted download or redirect).
    const position = Number(/at position (\d+)/.exec(message)?.[1] ?? -1);
    const atEnd = /end of (JSON )?input|Unterminated/i.test(message) || position >= text.trimEnd().length;
    const truncated = atEnd ? ' (the file ends early: is it truncated?)' : '';
    throw new AuditInputError(`${file} is not valid JSON: ${message}${truncated}`);
  }
}

/** CloudFormation's YAML short forms, as the long forms the readers understand. */
const SHORT_FORMS = ['Ref', 'Condition', ...['Base64', 'Cidr', 'FindInMap', 'GetAtt', 'GetAZs', 'ImportValue', 'Join', 'Select', 'Split',
  'Sub', 'Transform', 'And', 'Equals', 'If', 'Not', 'Or', 'Length', 'ToJsonString'].map((f) => `Fn::${f}`)];

function cloudFormationTags(): Tags {
  const tags: Tags = [];
  for (const long of SHORT_FORMS) {
    const tag = `!${long.replace(/^Fn::/, '')}`;
    const wrap = (value: unknown) => {
      if (long === 'Fn::GetAtt' && typeof value === 'string') {
        const dot = value.indexOf('.');
        return { [long]: dot === -1 ? [value] : [value.slice(0, dot), value.slice(dot + 1)] };
      }
      return { [long]: value };
    };
    tags.push({ tag, resolve: (value: string) => wrap(value) });
    tags.push({ tag, collection: 'seq', resolve: (seq: YAMLMap.Parsed | YAMLSeq.Parsed) => wrap(seq.toJSON()) });
    tags.push({ tag, collection: 'map', resolve: (map: YAMLMap.Parsed | YAMLSeq.Parsed) => wrap(map.toJSON()) });
  }
  return tags;
}

const TAGS = cloudFormationTags();

function parseYaml(file: string, text: string): YamlDocument {
  const lines = new LineCounter();
  // uniqueKeys compares every key of a map with every other (quadratic: half the parse time of a template of 5,000
  // resources); duplicate logical ids are checked below in linear time instead.
  const doc = parseDocument(text, { customTags: TAGS, lineCounter: lines, prettyErrors: false, uniqueKeys: false, keepSourceTokens: false });
  const error = doc.errors[0];
  if (error) {
    const at = error.linePos?.[0] ?? (error.pos ? lines.linePos(error.pos[0]) : undefined);
    const where = at ? ` (line ${at.line}, column ${at.col})` : '';
    const truncated = /end of|unexpected end|missing/i.test(error.message) ? ' (is the file truncated?)' : '';
    throw new AuditInputError(`${file} is not valid JSON or YAML${where}: ${error.message.split('\n')[0]}${truncated}`);
  }
  const resources = isMap(doc.contents) ? doc.contents.get('Resources', true) : undefined;
  if (isMap(resources)) {
    const seen = new Set<unknown>();
    for (const pair of (resources as YAMLMap).items) {
      const id = isScalar(pair.key) ? (pair.key as Scalar).value : pair.key;
      if (seen.has(id)) {
        const at = isScalar(pair.key) && (pair.key as Scalar).range ? ` (line ${lines.linePos((pair.key as Scalar).range![0]).line})` : '';
        throw new AuditInputError(`${file} defines the resource ${String(id)} twice${at}; logical ids must be unique: rename or remove one`);
      }
      seen.add(id);
    }
  }
  return { value: doc.toJS({ maxAliasCount: 100 }), contents: doc.contents, lines };
}

/** The 1-based line of each resource's logical id in a template (a YAML node's position, or one scan of the JSON text). */
function resourceLines(text: string, yaml: YamlDocument | undefined): (resource: string) => number | undefined {
  if (yaml) {
    const offsets = new Map<unknown, number>();
    const resources = isMap(yaml.contents) ? yaml.contents.get('Resources', true) : undefined;
    if (isMap(resources)) {
      for (const pair of (resources as YAMLMap).items) {
        const offset = isScalar(pair.key) ? (pair.key as Scalar).range?.[0] : undefined;
        if (offset !== undefined) offsets.set((pair.key as Scalar).value, offset);
      }
    }
    return (resource) => {
      const offset = offsets.get(resource);
      return offset === undefined ? undefined : yaml.lines.linePos(offset).line;
    };
  }
  // JSON: the first `"<key>": {` after "Resources" is the resource (its properties come after it).
  const offsets = new Map<string, number>();
  const start = text.search(/"Resources"\s*:/);
  if (start !== -1) {
    const key = /"((?:[^"\\]|\\.)*)"\s*:\s*\{/g;
    key.lastIndex = start;
    for (let m = key.exec(text); m !== null; m = key.exec(text)) {
      if (!offsets.has(m[1])) offsets.set(m[1], m.index);
    }
  }
  let newlines: number[] | undefined;
  return (resource) => {
    const offset = offsets.get(resource);
    if (offset === undefined) return undefined;
    newlines ??= lineStarts(text);
    // Binary search: the number of line breaks before the offset, plus one.
    let lo = 0;
    let hi = newlines.length;
    while (lo < hi) {
      const mid = Math.floor((lo + hi) / 2);
      if (newlines[mid] < offset) lo = mid + 1;
      else hi = mid;
    }
    return lo + 1;
  };
}

function lineStarts(text: string): number[] {
  const breaks: number[] = [];
  for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) breaks.push(i);
  return breaks;
}

function mb(bytes: number): string {
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}

// ---------------------------------------------------------------- output

/** The exit code of a report: 2 if a file could not be audited, else 1 for error findings (or any, when strict), else 0. */
export function exitCodeOf(report: AuditReport, strict: boolean): number {
  if (report.files.some((f) => f.error !== undefined)) return 2;
  return report.findings.some((f) => f.level === 'error' || strict) ? 1 : 0;
}

/** Text: one line per finding (`file:line: level resource (type): message [rule]`), then a summary. */
export function formatText(report: AuditReport): { out: string; err: string } {
  const lines = report.findings.map((f) =>
    `${f.file}${f.line ? `:${f.line}` : ''}: ${f.level} ${f.resource} (${f.resourceType}): ${f.message} [${f.ruleId}]`);
  const errors = report.findings.filter((f) => f.level === 'error').length;
  const warnings = report.findings.length - errors;
  const audited = report.files.filter((f) => f.error === undefined);
  const clusters = audited.reduce((n, f) => n + (f.clusters ?? 0), 0);
  const instances = audited.reduce((n, f) => n + (f.instances ?? 0), 0);
  const bad = report.files.length - audited.length;
  lines.push(
    `aurora-tls audit: ${plural(errors, 'error')}, ${plural(warnings, 'warning')} in ${plural(audited.length, 'file')} ` +
      `(${plural(clusters, 'Aurora cluster')}, ${plural(instances, 'DB instance')})${bad ? `; ${plural(bad, 'file')} could not be audited` : ''}`,
  );
  const err = report.files.filter((f) => f.error !== undefined).map((f) => `aurora-tls audit: ${f.error}\n`).join('');
  return { out: `${lines.join('\n')}\n`, err };
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

/** JSON: the files, the findings and a summary. */
export function formatJson(report: AuditReport): string {
  const errors = report.findings.filter((f) => f.level === 'error').length;
  return `${JSON.stringify({
    files: report.files,
    findings: report.findings,
    summary: { errors, warnings: report.findings.length - errors, filesNotAudited: report.files.filter((f) => f.error).length },
  }, undefined, 2)}\n`;
}

/** SARIF 2.1.0: one run, the aurora-tls rules, one result per finding located in its file (line) and resource. */
export function formatSarif(report: AuditReport, version: string): string {
  const ids = AuditLevels.ids();
  const rules = ids.map((id) => ({
    id,
    name: id.replace(/^aurora-tls:/, '').replace(/(^|-)([a-z])/g, (_m, _d, c: string) => c.toUpperCase()),
    shortDescription: { text: FINDING_SUMMARIES[id] },
    helpUri: 'https://github.com/aurora-tls/aurora-tls#auditing-existing-code',
    defaultConfiguration: { level: AuditLevels.defaultLevel(id) === AuroraTlsCheckLevel.ERROR ? 'error' : 'warning' },
  }));
  const results = report.findings.map((f) => ({
    ruleId: f.ruleId,
    ruleIndex: ids.indexOf(f.ruleId),
    level: f.level,
    message: { text: `${f.resource}: ${f.message}` },
    locations: [{
      physicalLocation: {
        artifactLocation: { uri: toUri(f.file) },
        ...(f.line ? { region: { startLine: f.line } } : {}),
      },
      logicalLocations: [{ fullyQualifiedName: f.resource, kind: 'resource' }],
    }],
    properties: { resourceType: f.resourceType, reason: f.reason, fix: f.fix },
  }));
  const sarif = {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [{
      tool: { driver: { name: 'aurora-tls', version, informationUri: 'https://github.com/aurora-tls/aurora-tls', rules } },
      results,
      invocations: [{
        executionSuccessful: report.files.every((f) => f.error === undefined),
        toolExecutionNotifications: report.files.filter((f) => f.error).map((f) => ({
          level: 'error',
          message: { text: f.error },
          locations: [{ physicalLocation: { artifactLocation: { uri: toUri(f.file) } } }],
        })),
      }],
    }],
  };
  return `${JSON.stringify(sarif, undefined, 2)}\n`;
}

/** A file path as a relative URI reference (forward slashes, percent-encoded). */
function toUri(file: string): string {
  return file.split(/[\\/]/).map(encodeURIComponent).join('/');
}

/** The package version, for SARIF's tool.driver.version. */
export function packageVersion(): string {
  return (JSON.parse(readFileSync(join(__dirname, '..', '..', 'package.json'), 'utf8')) as { version: string }).version;
}
