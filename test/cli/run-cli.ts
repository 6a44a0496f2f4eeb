// Run the CLI in-process, as the tests of the commands do.
import { BufferedIo, Cli } from '../../lib/cli/cli';

export interface CliResult {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

/** `aurora-tls ...argv`: the exit code and what was written. */
export function run(...argv: string[]): CliResult {
  const io = new BufferedIo();
  const code = Cli.run(argv, io);
  return { code, stdout: io.stdout, stderr: io.stderr };
}
