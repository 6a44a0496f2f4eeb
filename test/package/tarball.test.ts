// The npm tarball is complete, and works in a fresh AWS CDK project without cdktf: packed as npm would publish it
// (scripts/pack.ts; the prepack script refuses an incomplete package, scripts/check-package.ts), installed into a
// temporary project with aws-cdk-lib and constructs only, and a TlsAuroraCluster with its deploy-time check
// synthesized there, its handler asset staged from the package. Uses the npm registry through the local cache
// (`--prefer-offline`); about 30-60 s on 2 cores.
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import { HANDLER_ASSET_FILES, packageProblems, requiredPackageFiles } from '../../scripts/check-package';
import { ensureCompiled, installConsumer, pack, REPO_ROOT as ROOT, sh } from '../../scripts/pack';

const CDK_VERSION = '2.276.0';
let work: string;
let tarball: string;
let packed: string[];

beforeAll(() => {
  // GIVEN the compiled package (compiled now if dist/ is older than lib/)
  ensureCompiled(ROOT);
  // WHEN it is packed as npm would publish it
  work = mkdtempSync(join(tmpdir(), 'aurora-tls-tarball-'));
  const result = pack(ROOT, work);
  tarball = result.tarball;
  packed = result.files;
}, 300_000);

afterAll(() => {
  if (work) rmSync(work, { recursive: true, force: true });
});

describe('the tarball', () => {
  test('ships the compiled code, the assembly, the bundled handler with its trust store, the vendored data and the rosetta fixture', () => {
    expect(requiredPackageFiles().filter((f) => !packed.includes(f))).toEqual([]);
    expect(packed).toContain('rosetta/default.ts-fixture');
    expect(packed).toContain('README.md');
    expect(packed).toContain('LICENSE');
  });

  test('ships nothing of the repository\'s sources, tests or build leftovers', () => {
    expect(packed.filter((p) => /^(lib|test|examples|bench|scripts|cdk\.out|\.tmp|dist-packages|docs)\//.test(p))).toEqual([]);
    expect(packed.filter((p) => ['.jsii.tabl.json', 'tsconfig.json', '.projenrc.ts', 'cdk.json'].includes(p))).toEqual([]);
  });
});

describe('the prepack check (npm pack, npm publish and jsii-pacmak run it)', () => {
  test('is the package\'s prepack script, and runs scripts/check-package.ts', () => {
    const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8'));
    const tasks = JSON.parse(readFileSync(join(ROOT, '.projen', 'tasks.json'), 'utf8')).tasks;
    expect(pkg.scripts.prepack).toBe('npx projen check-package');
    expect(tasks['check-package'].steps).toEqual([{ exec: 'ts-node --transpile-only --project tsconfig.tools.json scripts/check-package.ts' }]);
  });

  test('refuses a package compiled without the handler bundle, naming each file and the command that makes it', () => {
    // GIVEN a package folder with everything but the handler asset (as `npx projen compile` alone used to leave it)
    const dir = join(work, 'incomplete');
    for (const file of requiredPackageFiles().filter((f) => !HANDLER_ASSET_FILES.includes(f))) {
      mkdirSync(join(dir, file, '..'), { recursive: true });
      writeFileSync(join(dir, file), '');
    }
    // WHEN / THEN
    expect(packageProblems(dir)).toEqual(HANDLER_ASSET_FILES.map((f) => `${f} is missing; run \`npx projen bundle\` (\`npx projen build\` makes everything)`));
  });

  test('the compile task bundles the handler first, so `npx projen compile && npm pack` is complete', () => {
    const tasks = JSON.parse(readFileSync(join(ROOT, '.projen', 'tasks.json'), 'utf8')).tasks;
    expect(tasks.compile.steps[0]).toEqual({ spawn: 'bundle' });
  });
});

test('a CDK-only project (no cdktf): the package installs, and a TlsAuroraCluster with its deploy-time check synthesizes', () => {
  // GIVEN a fresh project with the tarball, aws-cdk-lib and constructs
  const dir = installConsumer(work, 'cdk-only', [tarball, `aws-cdk-lib@${CDK_VERSION}`, 'constructs@^10.5.1']);
  expect(existsSync(join(dir, 'node_modules', 'cdktf'))).toBe(false);
  expect(existsSync(join(dir, 'node_modules', '@cdktf'))).toBe(false);

  // WHEN an app uses it
  writeFileSync(join(dir, 'app.js'), `
    const cdktfModules = () => Object.keys(require.cache).filter((k) => /node_modules[\\\\/](cdktf|@cdktf)[\\\\/]/.test(k)).length;
    const at = require('aurora-tls');
    const out = { regions: at.RegionCatalog.regions().length, exportsTf: Object.keys(at).includes('tf') };
    const { App, Stack } = require('aws-cdk-lib');
    const ec2 = require('aws-cdk-lib/aws-ec2');
    const rds = require('aws-cdk-lib/aws-rds');
    const app = new App({ outdir: require('path').join(__dirname, 'cdk.out') });
    const stack = new Stack(app, 'S', { env: { region: 'eu-central-2' } });
    const vpc = new ec2.Vpc(stack, 'Vpc', { maxAzs: 2 });
    const db = new at.TlsAuroraCluster(stack, 'Db', {
      engine: rds.DatabaseClusterEngine.auroraPostgres({ version: rds.AuroraPostgresEngineVersion.VER_16_4 }),
      writer: rds.ClusterInstance.provisioned('Writer'),
      vpc,
      certificateAuthority: at.CaSelection.preferred([at.CertificateAuthority.ECC384_G1, at.CertificateAuthority.RSA2048_G1]),
    });
    app.synth();
    out.ca = db.certificateAuthorityIdentifier;
    out.cdktfModules = cdktfModules();
    try { require('aurora-tls/dist/tf'); out.tf = 'loaded'; } catch (e) { out.tfError = e.message.split('\\n')[0]; }
    process.stdout.write(JSON.stringify(out));
  `);
  const out = JSON.parse(sh('node', ['app.js'], dir));

  // THEN it synthesized without cdktf, which only the Terraform layer needs
  expect(out).toEqual({
    regions: expect.any(Number),
    exportsTf: false,
    ca: 'rds-ca-rsa2048-g1',
    cdktfModules: 0,
    tfError: expect.stringMatching(/^Cannot find module '(cdktf|@cdktf\/provider-aws\/lib\/[a-z-]+)'$/),
  });
  // AND the check function's code was staged from the package: the bundled handler and the trust store beside it
  const template = JSON.parse(readFileSync(join(dir, 'cdk.out', 'S.template.json'), 'utf8'));
  const functions = Object.values(template.Resources as { [id: string]: any }).filter((r) => r.Type === 'AWS::Lambda::Function');
  expect(functions).toHaveLength(1);
  const assetId: string = functions[0].Properties.Code.S3Key.replace(/\.zip$/, '');
  const assets = JSON.parse(readFileSync(join(dir, 'cdk.out', 'S.assets.json'), 'utf8'));
  const staged = join(dir, 'cdk.out', assets.files[assetId].source.path);
  expect(readdirSync(staged).sort()).toEqual(['global-bundle.pem', 'govcloud-bundle.pem', 'index.js']);

  // AND a TypeScript app with the `cdk init` compiler settings (skipLibCheck) type-checks against the package
  writeFileSync(join(dir, 'app.ts'), "import { CaSelection, CertificateAuthority, RegionCatalog } from 'aurora-tls';\n" +
    'export const ca: string = CaSelection.preferred([CertificateAuthority.ECC384_G1]).resolve(RegionCatalog.regions()[0]).identifier;\n');
  sh(join(ROOT, 'node_modules', '.bin', 'tsc'), ['--noEmit', '--strict', '--skipLibCheck', '--module', 'node16', '--moduleResolution', 'node16',
    '--types', 'node', '--typeRoots', join(ROOT, 'node_modules', '@types'), 'app.ts'], dir);
}, 300_000);
