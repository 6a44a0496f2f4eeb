// One temporary folder for a whole jest run, removed by global-teardown.js. Every suite (and every tool it runs:
// terraform, npm, tsc) gets it as TMPDIR, so what cdktf's Testing apps, consumer installs and terraform folders leave
// in the system temp folder (some 600 folders a run) goes with it. Plain JavaScript: jest loads it without a transform.
const { mkdtempSync } = require('fs');
const { tmpdir } = require('os');
const { join } = require('path');

module.exports = async () => {
  const dir = mkdtempSync(join(tmpdir(), 'aurora-tls-test-'));
  process.env.AURORA_TLS_TEST_TMPDIR = dir;
  process.env.TMPDIR = dir; // os.tmpdir() of the workers, started after this
};
