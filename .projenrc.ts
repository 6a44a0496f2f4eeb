import { awscdk, javascript } from 'projen';

// Versions verified to work together on Node 20 (see README "Development").
const CDK_VERSION = '2.276.0';
// CDK Terrain needs constructs >=10.6.0 <10.8.0 (aws-cdk-lib and cdktf accept it too).
const CONSTRUCTS_VERSION = '10.7.0';
// The oldest versions the AWS CDK constructs support (the peer-dependency minimums, README "Supported versions"),
// proven by `npx projen test:compat`, which runs the CDK construct tests against exactly these.
const CDK_MIN_VERSION = '2.220.0';
const CONSTRUCTS_MIN_VERSION = '10.0.0';
const CDKTF_VERSION = '0.21.0';
const PROVIDER_AWS_VERSION = '21.22.1';
// CDK Terrain, the community fork of cdktf (same API, packages renamed): lib/tf is mapped onto it at build time.
const CDKTN_VERSION = '0.24.0';
const CDKTN_PROVIDER_AWS_VERSION = '25.7.0';
const AWS_SDK_VERSION = '^3.1169.0';

const project = new awscdk.AwsCdkConstructLibrary({
  name: 'aurora-tls',
  description:
    'Amazon Aurora TLS done right: pick the server CA per region, enforce TLS in the parameter group, publish the matching trust bundle, and verify it all with RDS at deploy time. AWS CDK, CDK Terrain and CDK for Terraform.',
  author: 'aurora-tls maintainers',
  authorAddress: 'aurora-tls@users.noreply.github.com',
  repositoryUrl: 'https://github.com/aurora-tls/aurora-tls.git',
  keywords: ['awscdk', 'aws', 'aurora', 'rds', 'tls', 'ssl', 'cdk', 'cdktf', 'postgresql', 'mysql', 'certificate-authority'],
  license: 'Apache-2.0',
  defaultReleaseBranch: 'main',
  projenrcTs: true,
  packageManager: javascript.NodePackageManager.NPM,
  bundlerOptions: { esbuildVersion: '^0.28.2' },

  // Layout: lib/ is the TypeScript source tree, compiled by jsii into dist/.
  srcdir: 'lib',
  libdir: 'dist',
  entrypoint: 'dist/index.js',
  testdir: 'test',
  artifactsDirectory: 'dist-packages',

  // Peer ranges from the minimums; development (devDependencies) on the current versions, added below.
  cdkVersion: CDK_MIN_VERSION,
  constructsVersion: CONSTRUCTS_MIN_VERSION,
  peerDependencyOptions: { pinnedDevDependency: false },
  jsiiVersion: '~6.0.13',
  typescriptVersion: '~6.0.3',
  // Package size (measured in bench/): a gzip-compressed .jsii (~650 KB -> ~70 KB) and no inline source maps
  // (~770 KB of dist/); stack traces still name the compiled files and lines.
  compressAssembly: true,

  // Bindings for the other CDK languages (the CDK constructs and the core; the Terraform layer is TypeScript-only).
  // Names follow the npm name `aurora-tls` and the repository github.com/aurora-tls/aurora-tls.
  publishToPypi: { distName: 'aurora-tls', module: 'aurora_tls' },
  publishToMaven: { javaPackage: 'io.github.aurora_tls', mavenGroupId: 'io.github.aurora-tls', mavenArtifactId: 'aurora-tls' },
  publishToNuget: { dotNetNamespace: 'AuroraTls', packageId: 'AuroraTls' },
  publishToGo: { moduleName: 'github.com/aurora-tls/aurora-tls-go' },
  tsconfig: { compilerOptions: { inlineSourceMap: false, inlineSources: false } },

  // No network-dependent automation: no GitHub workflows, no release pipeline, no dependency bot.
  github: false,
  release: false,
  depsUpgrade: false,
  buildWorkflow: false,
  pullRequestTemplate: false,
  autoApproveUpgrades: false,

  // The CDK Lambda handler is bundled with esbuild at build time (see lib/handler).
  lambdaAutoDiscover: false,

  // The Terraform constructs (subpaths aurora-tls/tf and aurora-tls/cdktn) are not part of the jsii assembly: other
  // jsii languages get only core and the AWS CDK constructs, and the assembly never depends on cdktf or cdktn.
  // Nor is the `aurora-tls` executable: lib/cli is bundled with esbuild (scripts/build-cli.ts), with the YAML parser
  // `aurora-tls audit` reads CloudFormation templates with (yaml, a devDependency), so the package depends on nothing
  // for it.
  // The deploy-time handler runs from its esbuild bundle (assets/), so lib/handler is not compiled into dist/ either.
  excludeTypescript: ['lib/tf/**', 'lib/cli/**', 'lib/handler/**'],
  // cdktf, cdktn and their AWS providers are NOT peer dependencies, not even optional ones: jsii lists every peer
  // dependency in the assembly, and the Python, Java, .NET and Go packages would then require (and the Python module
  // import) them. A Terraform user installs the framework they write their app with (README, Install).
  devDeps: [
    `aws-cdk-lib@${CDK_VERSION}`,
    `cdktf@${CDKTF_VERSION}`,
    `@cdktf/provider-aws@${PROVIDER_AWS_VERSION}`,
    `cdktn@${CDKTN_VERSION}`,
    `@cdktn/provider-aws@${CDKTN_PROVIDER_AWS_VERSION}`,
    `@aws-sdk/client-rds@${AWS_SDK_VERSION}`,
    `@aws-sdk/client-s3@${AWS_SDK_VERSION}`,
    `@aws-sdk/client-ssm@${AWS_SDK_VERSION}`,
    '@types/aws-lambda@^8.10.150',
    '@types/node@^20',
    'aws-cdk@2.1148.1',
    'cdk-nag@^3.0.2',
    '@cdklabs/cdk-validator-cfnguard@^0.0.62',
    'ts-node@^10.9.2',
    // Inlined into dist/cli/aurora-tls.js by scripts/build-cli.ts (not a runtime dependency).
    'yaml@^2.9.1',
  ],

  jestOptions: {
    // jest 30 resolves modules with unrs-resolver, whose non-Linux bindings this registry does not serve, so npm
    // cannot record them and `npm ci` refuses the lock file. jest 29 (with ts-jest 29) has no native bindings.
    jestVersion: '^29',
    updateSnapshot: javascript.UpdateSnapshot.NEVER,
    jestConfig: {
      testMatch: ['<rootDir>/test/**/*.test.ts'],
      // Type-checking is done once by the jsii compile; tests only transpile (fast on 2 cores).
      maxWorkers: 2,
      // The scratch installs of test:compat (scripts/test-compat.ts) are not part of the project.
      modulePathIgnorePatterns: ['<rootDir>/.tmp/'],
      // The suites that run real tools first (a fresh clone has no jest cache of durations to order by).
      testSequencer: '<rootDir>/test/support/slow-first-sequencer.js',
      // One temporary folder per run (TMPDIR of every suite), removed at the end.
      globalSetup: '<rootDir>/test/support/global-setup.js',
      globalTeardown: '<rootDir>/test/support/global-teardown.js',
    },
  },
  tsJestOptions: {
    transformOptions: { isolatedModules: true },
  },
  gitignore: ['/cdk.out', '/examples/cdktf.out', '/examples/cdktn.out', '/.tmp', '/.jsii.gz', '/.jsii.tabl.json'],
  npmignoreEnabled: true,
  npmIgnoreOptions: { ignorePatterns: ['/examples', '/bench', '/scripts', '/test', '/.ci', '/data/fixtures'] },
});

// 3.6 resolves with enhanced-resolve; 4.x pulls unrs-resolver, whose platform bindings npm cannot record in
// package-lock.json on these machines (so `npm ci` refuses the lock file).
project.deps.removeDependency('eslint-import-resolver-typescript');
project.addDevDeps('eslint-import-resolver-typescript@3.6.3');
// Development on the current constructs (the peer range starts at CONSTRUCTS_MIN_VERSION; projen's own handling of
// `constructs` drops a devDependency passed in the options).
project.addDevDeps(`constructs@${CONSTRUCTS_VERSION}`);
// ts-jest requires jest-util, an optional peer that npm 11 does not hoist on its own.
project.addDevDeps('jest-util@^29');
// The base class of test/support/slow-first-sequencer.js (a jest dependency; named so that it is not left to hoisting).
project.addDevDeps('@jest/test-sequencer@^29');

// dist/ is the compiled library: projen's jsii default ignores 'dist' (the pacmak output folder), so put it back.
project.npmignore?.removePatterns('dist');
project.addPackageIgnore('/cdk.out');
project.addPackageIgnore('/.tmp');
// jsii-pacmak's output folder (it appends this line itself when it is missing).
project.addPackageIgnore('dist-packages');
project.addPackageIgnore('/cdk.json');
// The tablet that the rosetta check of the test task writes beside the assembly (the rosetta/ fixtures are shipped,
// so that Construct Hub can compile the samples).
project.addPackageIgnore('/.jsii.tabl.json');
project.addPackageIgnore('/docs');
project.addPackageIgnore('/SECURITY.md');

// aws-cdk-lib is an optional peer: a Terraform-only consumer (cdktf or CDK Terrain) does not install it.
project.package.addField('peerDependenciesMeta', {
  'aws-cdk-lib': { optional: true },
});

// The custom-resource handler, bundled once per build into assets/ and shipped in the package, so consumers
// need neither esbuild nor Docker. The function's runtime (nodejs24.x, see lib/cdk/ca-check-function.ts) ships AWS SDK v3,
// so the SDK stays external (measured in bench/).
const handlerBundle = project.bundler.addBundle('lib/handler/ca-check.lambda.ts', {
  platform: 'node',
  target: 'node24', // the function's runtime (lib/cdk/ca-check-function.ts)
  externals: ['@aws-sdk/*'],
  minify: true,
  sourcemap: false,
  outfile: 'index.js',
});
// The handler derives each region's bundle from the vendored trust store, shipped beside it in the asset.
handlerBundle.bundleTask.exec(
  'cp data/rds-truststore/global-bundle.pem data/rds-truststore/govcloud-bundle.pem assets/lib/handler/ca-check.lambda/',
);

// The jsii compile, with every warning an error (projen's default silences the reserved-word warning, which would
// hide a name that Python, Java, C# or Go cannot use as is).
// jsii also warns that a peer range ^X wants a devDependency on exactly X; development is on newer aws-cdk-lib and
// constructs on purpose, and the minimums are proven by test:compat instead: that one warning is silenced.
project.compileTask.reset('jsii --compress-assembly --fail-on-warnings --silence-warnings=metadata/missing-dev-dependency');
// Every way of producing the package has the handler bundle: `npx projen compile && npm pack` too (not only build).
project.compileTask.prependSpawn(project.bundler.bundleTask);
// `npm pack` / `npm publish` (and jsii-pacmak's js target, which runs npm pack) refuse an incomplete package: no
// compiled code, no assembly, no handler asset or no vendored trust store (scripts/check-package.ts).
const checkPackage = project.addTask('check-package', {
  description: 'Fail unless the package is complete: dist/, .jsii, the bundled handler asset (assets/) and the vendored data/',
  exec: 'ts-node --transpile-only --project tsconfig.tools.json scripts/check-package.ts',
});
project.package.setScript('prepack', `npx projen ${checkPackage.name}`);
// `npx projen package` makes the npm tarball (dist-packages/js). The other languages need their toolchains (Python
// build, Maven, dotnet, Go): `npx projen package-all` on a release machine. The test task checks the generated code
// of all four offline (test/package/jsii-targets.test.ts).
project.packageTask.reset();
project.packageTask.spawn(project.tasks.tryFind('package:js')!);

// The Terraform constructs: lib/tf compiled with tsc into dist/tf (cdktf), then mapped onto CDK Terrain into dist/cdktn
// (module specifiers only). Consumers import them as `aurora-tls/tf` and `aurora-tls/cdktn` (tf/ and cdktn/ hold a
// package.json pointing into dist/).
new javascript.TypescriptConfig(project, {
  fileName: 'tsconfig.tf.json',
  extends: javascript.TypescriptConfigExtends.fromPaths(['./tsconfig.json']),
  compilerOptions: { rootDir: 'lib', outDir: '.tmp/tf-build', declaration: true, noEmit: false },
  include: ['lib/tf/**/*.ts'],
});
project.compileTask.exec('ts-node --transpile-only --project tsconfig.tools.json scripts/build-tf.ts');
project.compileTask.exec('ts-node --transpile-only --project tsconfig.tools.json scripts/build-cli.ts');
// lib/tf is outside the jsii tsconfig.json: eslint's project service takes the nearest tsconfig.json, so give it one.
new javascript.TypescriptConfig(project, {
  fileName: 'lib/tf/tsconfig.json',
  extends: javascript.TypescriptConfigExtends.fromPaths(['../../tsconfig.json']),
  compilerOptions: { rootDir: '..', noEmit: true },
  include: ['**/*.ts'],
});
// lib/cli and lib/handler are outside the jsii tsconfig.json too (both are bundled with esbuild): the same for eslint.
for (const dir of ['lib/cli', 'lib/handler']) {
  new javascript.TypescriptConfig(project, {
    fileName: `${dir}/tsconfig.json`,
    extends: javascript.TypescriptConfigExtends.fromPaths(['../../tsconfig.json']),
    compilerOptions: { rootDir: '..', noEmit: true },
    include: ['**/*.ts'],
  });
}
// API.md (jsii-docgen) is the repository's reference page; the package has the same in .jsii and the .d.ts files.
project.npmignore?.exclude('/API.md');
// The one source type-checked against CDK Terrain's typings too (cdktn, @cdktn/provider-aws 25.x = AWS provider 6).
new javascript.TypescriptConfig(project, {
  fileName: 'tsconfig.tf-cdktn.json',
  extends: javascript.TypescriptConfigExtends.fromPaths(['./tsconfig.json']),
  compilerOptions: {
    rootDir: '.',
    noEmit: true,
    paths: {
      'cdktf': ['./node_modules/cdktn'],
      '@cdktf/provider-aws/*': ['./node_modules/@cdktn/provider-aws/*'],
    },
  },
  include: ['lib/tf/**/*.ts', 'examples/cdktn/**/*.ts'],
});

// Scripts, examples and benchmarks are type-checked against the library but not compiled by jsii.
new javascript.TypescriptConfig(project, {
  fileName: 'tsconfig.tools.json',
  extends: javascript.TypescriptConfigExtends.fromPaths(['./tsconfig.json']),
  compilerOptions: { rootDir: '.', noEmit: true },
  include: ['lib/**/*.ts', 'examples/**/*.ts', 'scripts/**/*.ts', 'bench/**/*.ts'],
});

// The CLI (`npx aurora-tls ...`): compiled by jsii into dist/, not part of the jsii API.
project.addBins({ 'aurora-tls': 'dist/cli/aurora-tls.js' });

// The handler imports the AWS SDK from devDependencies: esbuild bundles the handler (the SDK itself stays external and
// comes from the Lambda runtime), so consumers of the library never install it.
project.eslint?.addOverride({
  files: ['lib/handler/**/*.ts'],
  rules: { 'import/no-extraneous-dependencies': ['error', { devDependencies: true, optionalDependencies: false, peerDependencies: true }] },
});

// The Terraform layer (TypeScript-only, not in the jsii assembly) imports cdktf and provider-aws, which its users install
// themselves: they are devDependencies only, because jsii copies every dependency and peer into the assembly.
project.eslint?.addOverride({
  files: ['lib/tf/**/*.ts'],
  rules: { 'import/no-extraneous-dependencies': ['error', { devDependencies: true, optionalDependencies: false, peerDependencies: true }] },
});

// Benchmarks: not a timed test, never run by CI; writes bench/RESULTS.md.
project.addTask('bench', {
  description: 'Run the benchmarks (synth overhead, deploy-time and install footprint, catalog) and write bench/RESULTS.md',
  exec: 'ts-node --transpile-only --project tsconfig.tools.json bench/run.ts',
  receiveArgs: true, // npx projen bench --quick --only=tf --out=/tmp/x.md
});

// Tests use the bundled handler asset: bundle before testing so `npm test` works from a clean clone.
// jest only transpiles, so the test task also type-checks the library, examples, scripts and benchmarks.
const typecheck = project.addTask('typecheck', {
  description: 'Type-check lib/, examples/, scripts/ and bench/ (jest only transpiles)',
  exec: 'tsc --noEmit -p tsconfig.tools.json',
});
// The suites that use the compiled package (tarball, jsii targets, README snippets) need dist/ and .jsii: compile once,
// before jest, when lib/ is newer (a no-op in `npx projen build`, which has just compiled).
project.testTask.prependExec('ts-node --transpile-only --project tsconfig.tools.json scripts/pack.ts ensure-compiled');
typecheck.exec('tsc --noEmit -p tsconfig.tf-cdktn.json');
project.testTask.prependSpawn(typecheck);
project.testTask.prependSpawn(project.bundler.bundleTask);

// The supported range, proven: the CDK construct tests again, against the oldest aws-cdk-lib and constructs of the
// peer ranges, installed into a scratch folder (.tmp/compat-*, reused by later runs). Part of the test task.
const compat = project.addTask('test:compat', {
  description: `Run the CDK construct tests against the peer minimums (aws-cdk-lib ${CDK_MIN_VERSION}, constructs ${CONSTRUCTS_MIN_VERSION}) installed into .tmp/`,
  exec: 'ts-node --transpile-only --project tsconfig.tools.json scripts/test-compat.ts',
  receiveArgs: true,
});
compat.prependSpawn(project.bundler.bundleTask); // the tests use the bundled handler asset
project.testTask.spawn(compat);

// Trust-store snapshot: regenerate the manifest from the vendored files and fail on any mismatch.
project.addTask('truststore:update', {
  description: 'Copy the RDS trust-store files and their test fixtures from the collection (../shared/data/rds-truststore or $AURORA_TLS_TRUSTSTORE_SOURCE) into data/ and test/fixtures/, and rewrite the manifest',
  exec: 'ts-node --transpile-only --project tsconfig.tools.json scripts/truststore.ts update',
});
project.addTask('truststore:verify', {
  description: 'Check every vendored trust-store file against data/rds-truststore/manifest.json and the test fixtures against their pins; compare with the collection when it is present',
  exec: 'ts-node --transpile-only --project tsconfig.tools.json scripts/truststore.ts verify',
});
project.addTask('truststore:thumbprints', {
  description: 'Regenerate lib/core/private/root-thumbprints.ts (the vendored roots\' SHA-1 per region and CA) from data/rds-truststore',
  exec: 'ts-node --transpile-only --project tsconfig.tools.json scripts/root-thumbprints.ts',
});
project.addTask('docs:regions', {
  description: 'Regenerate docs/REGIONS.md (region x CA availability) from the catalog',
  exec: 'ts-node --transpile-only --project tsconfig.tools.json scripts/region-table.ts',
});

// The main job: synthesize every example app (CloudFormation and Terraform JSON) offline.
const examples = project.addTask('examples', {
  description: 'Synthesize every example app offline (CloudFormation into cdk.out/, Terraform JSON into examples/cdktf.out/)',
});
examples.spawn(project.bundler.bundleTask);
examples.exec('ts-node --transpile-only --project tsconfig.tools.json examples/synth-all.ts');

// The Terraform constructs' unit tests run twice: against cdktf, and against CDK Terrain through the same module
// mapping as the build (scripts/tf-frameworks.ts); jest projects keep the two module registries apart.
const jestTransform = { '^.+\\.[t]sx?$': ['ts-jest', { tsconfig: 'test/tsconfig.json', isolatedModules: true }] };
project.tryFindObjectFile('package.json')?.addOverride('jest.projects', [
  {
    displayName: 'cdktf',
    testMatch: ['<rootDir>/test/**/*.test.ts'],
    testPathIgnorePatterns: ['/node_modules/'],
    transform: jestTransform,
  },
  {
    displayName: 'cdktn',
    testMatch: ['<rootDir>/test/tf/**/*.framework.test.ts'],
    testPathIgnorePatterns: ['/node_modules/'],
    transform: jestTransform,
    moduleNameMapper: { '^cdktf$': 'cdktn', '^cdktf/(.*)$': 'cdktn/$1', '^@cdktf/provider-aws/(.*)$': '@cdktn/provider-aws/$1' },
  },
]);

project.synth();
