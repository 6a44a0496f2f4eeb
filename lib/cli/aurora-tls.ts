#!/usr/bin/env node
// The `aurora-tls` executable (package.json "bin" -> dist/cli/aurora-tls.js). All logic lives in ./cli.
import { Cli } from './cli';

// exitCode, not exit(): let a large stdout (a PEM bundle into a pipe) drain before the process ends.
process.exitCode = Cli.run(process.argv.slice(2), {
  out: (text) => process.stdout.write(text),
  err: (text) => process.stderr.write(text),
});
