// Props validation shared by every construct: rules as data, every failure reported in one error, in aws-cdk-lib's
// words. Not exported from the package.

/** One validation rule: when `condition` holds, `message` is reported. */
export interface ValidationRule {
  readonly condition: boolean;
  readonly message: string;
}

/**
 * The problems a core call reports: none when it returns, else its message. A core error that lists several problems
 * (a header line, then one `- ` line per problem) gives one problem per line, so that every problem of every rule
 * is reported once, at the same level.
 */
export function problemsOf(check: () => unknown): string[] {
  try {
    check();
    return [];
  } catch (e) {
    const message = e instanceof Error ? e.message : String(e);
    const [header, ...lines] = message.split('\n');
    if (/ \(\d+ problems\):$/.test(header) && lines.length > 0 && lines.every((l) => l.startsWith('- '))) {
      return lines.map((l) => l.slice(2));
    }
    return [message];
  }
}

/** Rules from a list of messages (each already a failure). */
export function failures(messages: string[]): ValidationRule[] {
  return messages.map((message) => ({ condition: true, message }));
}

/** The messages of the rules that failed, in rule order. */
export function failedMessages(rules: ValidationRule[]): string[] {
  return rules.filter((r) => r.condition).map((r) => r.message);
}

/** The message of a failed props validation, as aws-cdk-lib words it: a header, then one `- ` line per failure. */
export function validationErrorMessage(className: string, messages: string[]): string {
  return `${className} initialization failed due to the following validation error(s):\n${messages.map((m) => `- ${m}`).join('\n')}`;
}
