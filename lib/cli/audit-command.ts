// The `audit` command of the CLI: its options and help, and the glue from parsed arguments to lib/cli/audit.ts.
import { auditFiles, AuditFormat, exitCodeOf, formatJson, formatSarif, formatText, packageVersion } from './audit';
import type { CliIo, CommandSpec } from './cli';

const FORMATS: AuditFormat[] = ['text', 'json', 'sarif'];

export const AUDIT_COMMAND: CommandSpec = {
  name: 'audit',
  summary: 'Audit CloudFormation templates and Terraform plans for Aurora TLS (CA per instance, TLS parameters)',
  usage: 'aurora-tls audit <file>... [--region <region>] [--format text|json|sarif] [--json] [--strict]',
  positionals: ['file'],
  variadic: true,
  options: [
    {
      name: 'region',
      value: 'region',
      help: 'Region the templates are deployed to (a template does not say); for a plan, only where its aws provider has no region',
    },
    { name: 'format', value: 'format', help: 'text (default), json, or sarif (SARIF 2.1.0 for code scanning)' },
    { name: 'json', help: 'Same as --format json' },
    { name: 'strict', help: 'Exit 1 on warnings too (e.g. a CA or parameter that cannot be told)' },
    { name: 'help', help: 'Show this help' },
  ],
  details: [
    '<file> is a CloudFormation template (JSON or YAML, e.g. cdk.out/MyStack.template.json) or a Terraform plan as JSON',
    '(terraform plan -out plan.out && terraform show -json plan.out > plan.json).',
    'Findings: aurora-tls:unpinned-ca, retired-ca, ca-unavailable, unknown-region, default-parameter-group, weak-tls,',
    'unverifiable-parameter-group, unverifiable-ca (the same ids as the AuroraTlsChecks aspect). Values the file does not',
    'state (template parameters, values known only after apply) are reported as such, never guessed.',
    'Exit codes: 0 no error-level finding, 1 error-level findings (or any finding with --strict), 2 bad input',
    '(a file that cannot be read, or is neither a template nor a plan; the other files are still audited).',
  ],
};

/** Run `aurora-tls audit`; positionals are the files, flags the parsed options. */
export function audit(io: CliIo, files: string[], flags: Map<string, string | true>): number {
  const formatFlag = flags.get('format');
  if (formatFlag !== undefined && flags.has('json') && formatFlag !== 'json') {
    throw new Error(`--json and --format ${formatFlag} contradict each other; give one`);
  }
  const format = (typeof formatFlag === 'string' ? formatFlag : flags.has('json') ? 'json' : 'text') as AuditFormat;
  if (!FORMATS.includes(format)) {
    throw new Error(`--format ${format} is not supported; use ${FORMATS.join(', ')}`);
  }
  const region = flags.get('region');
  const report = auditFiles(files, typeof region === 'string' ? region : undefined);
  if (format === 'json') {
    io.out(formatJson(report));
  } else if (format === 'sarif') {
    io.out(formatSarif(report, packageVersion()));
  } else {
    const { out, err } = formatText(report);
    io.out(out);
    if (err) io.err(err);
  }
  if (format !== 'text') {
    for (const f of report.files) if (f.error) io.err(`aurora-tls audit: ${f.error}\n`);
  }
  return exitCodeOf(report, flags.has('strict'));
}
