// The order of the test suites. CI starts from a fresh clone, with no jest cache of suite durations, and jest then
// runs the biggest files first. The suites that run real tools (terraform, npm installs, tsc, jsii-pacmak) take 30 to
// 120 s each, most others a few seconds, and these are small files: run last, they left one of the two workers idle
// for minutes at the end. They go first here, longest first; the others keep jest's order (by the durations the cache
// has recorded, else by size). Plain JavaScript: jest loads the sequencer without a transform.
const Sequencer = require('@jest/test-sequencer').default;

/** The slow suites, longest first, with what `npm test` measured on the 2-core machines. */
const SLOW_FIRST = [
  'test/tf/terraform-plan.test.ts', // ~120 s: terraform init, validate and plans, for cdktf and CDK Terrain
  'test/tf/consumers.test.ts', // ~80 s: npm pack, consumer installs, tsc
  'test/readme/readme-snippets.test.ts', // ~70 s: tsc and synth of every README snippet
  'test/cli/audit-terraform.test.ts', // ~45 s: terraform plans
  'test/package/tarball.test.ts', // ~40 s
  'test/security/public-cdk-api.test.ts', // ~33 s
  'test/support/terraform.test.ts', // ~32 s
  'test/package/jsii-targets.test.ts', // ~30 s: jsii-pacmak and rosetta
  'test/security/checkers.test.ts', // ~28 s: cdk-nag and cfn-guard
];

class SlowFirstSequencer extends Sequencer {
  sort(tests) {
    const rank = (test) => {
      const path = test.path.split('\\').join('/');
      const i = SLOW_FIRST.findIndex((suffix) => path.endsWith(`/${suffix}`));
      return i === -1 ? SLOW_FIRST.length : i;
    };
    // Array.prototype.sort is stable: jest's own order is kept within each rank.
    return [...super.sort(tests)].sort((a, b) => rank(a) - rank(b));
  }
}

module.exports = SlowFirstSequencer;
