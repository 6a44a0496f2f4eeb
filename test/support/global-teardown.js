// Remove the run's temporary folder (see global-setup.js).
const { rmSync } = require('fs');

module.exports = async () => {
  const dir = process.env.AURORA_TLS_TEST_TMPDIR;
  if (dir) rmSync(dir, { recursive: true, force: true });
};
