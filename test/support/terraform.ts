// Real Terraform for the tests: `terraform init`, `validate` and `plan` on synthesized (or hand-written) configuration,
// offline, with the hashicorp/aws provider taken from a filesystem mirror found on this machine at run time.
//
// Nothing here is skipped quietly: a missing terraform binary or provider mirror is an error that says what to install.
//
//   const tf = TerraformDir.fromJson(synthesizedJson, { rdsEndpoint: fake.url });
//   tf.init(); tf.validate(); const plan = tf.plan();
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';

/** The folder holding the mirrored providers is the parent of this one (`<mirror>/registry.terraform.io/hashicorp/aws`). */
const REGISTRY_FOLDER = 'registry.terraform.io';

let cachedMirror: string | undefined;

/**
 * The filesystem mirror of Terraform providers on this machine: the parent of the first `registry.terraform.io` folder
 * that holds `hashicorp/aws`. `AURORA_TLS_TF_MIRROR` overrides the search.
 * @throws when there is none, saying how to provide one
 */
export function findProviderMirror(): string {
  if (cachedMirror) return cachedMirror;
  const fromEnv = process.env.AURORA_TLS_TF_MIRROR;
  if (fromEnv) {
    if (!existsSync(join(fromEnv, REGISTRY_FOLDER, 'hashicorp', 'aws'))) {
      throw new Error(`AURORA_TLS_TF_MIRROR=${fromEnv} has no ${REGISTRY_FOLDER}/hashicorp/aws folder`);
    }
    return (cachedMirror = fromEnv);
  }
  const found = spawnSync(
    'find',
    ['/', '-maxdepth', '6', '(', '-path', '/proc', '-o', '-path', '/sys', '-o', '-name', 'node_modules', ')', '-prune',
      '-o', '-type', 'd', '-name', REGISTRY_FOLDER, '-print'],
    { encoding: 'utf8' },
  );
  const candidates = (found.stdout ?? '').split('\n').filter(Boolean).sort();
  const mirror = candidates.map(dirname).find((parent) => existsSync(join(parent, REGISTRY_FOLDER, 'hashicorp', 'aws')));
  if (!mirror) {
    throw new Error(
      'No filesystem mirror of the hashicorp/aws Terraform provider was found (a folder registry.terraform.io/hashicorp/aws ' +
        'within 6 levels of /). The real-Terraform tests need one: unpack the provider there, or set AURORA_TLS_TF_MIRROR.',
    );
  }
  return (cachedMirror = mirror);
}

/** The versions of hashicorp/aws in the mirror, e.g. ['5.100.0']. */
export function mirroredAwsVersions(): string[] {
  return readdirSync(join(findProviderMirror(), REGISTRY_FOLDER, 'hashicorp', 'aws')).sort();
}

/** `terraform version`, or an error saying terraform is missing (never a silent skip). */
export function terraformVersion(): string {
  try {
    return execFileSync('terraform', ['version', '-json'], { encoding: 'utf8', env: quietEnv() }).trim();
  } catch (e) {
    throw new Error(`terraform is not on PATH or does not run (${(e as Error).message}); the real-Terraform tests need terraform >= 1.5`);
  }
}

function quietEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  return { ...process.env, TF_IN_AUTOMATION: '1', CHECKPOINT_DISABLE: '1', TF_INPUT: '0', ...extra };
}

export interface TerraformResult {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
  /** stdout and stderr with terraform's box-drawing and colour stripped, for message assertions. */
  readonly output: string;
}

export interface OfflineProviderOptions {
  /** Region of the provider. @default 'us-east-1' */
  readonly region?: string;
  /** Leave the region out of the provider block (terraform then takes it from AWS_REGION: pass it to `planJson`). */
  readonly omitRegion?: boolean;
  /** Base URL of a local server answering the RDS Query API (DescribeCertificates, DescribeDBEngineVersions, ...). */
  readonly rdsEndpoint?: string;
  /** Other service endpoints, e.g. `{ s3: 'http://127.0.0.1:1234' }`. */
  readonly endpoints?: Record<string, string>;
}

/** An `aws` provider block that never reaches AWS: dummy keys, no credential/account/metadata look-ups, local endpoints. */
export function offlineAwsProvider(options: OfflineProviderOptions = {}): Record<string, unknown> {
  const endpoints = { ...(options.endpoints ?? {}), ...(options.rdsEndpoint ? { rds: options.rdsEndpoint } : {}) };
  return {
    ...(options.omitRegion ? {} : { region: options.region ?? 'us-east-1' }),
    access_key: 'AKIAIOSFODNN7EXAMPLE',
    secret_key: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY',
    skip_credentials_validation: true,
    skip_requesting_account_id: true,
    skip_metadata_api_check: true,
    skip_region_validation: true,
    ...(Object.keys(endpoints).length > 0 ? { endpoints: [endpoints] } : {}),
  };
}

/** `offlineAwsProvider` as an HCL `provider "aws"` block, for hand-written configurations. */
export function offlineAwsProviderHcl(options: OfflineProviderOptions = {}): string {
  const lines = Object.entries(offlineAwsProvider(options)).map(([key, value]) =>
    (key === 'endpoints'
      ? `  endpoints {\n${Object.entries((value as Array<Record<string, string>>)[0]).map(([k, v]) => `    ${k} = ${JSON.stringify(v)}`).join('\n')}\n  }`
      : `  ${key} = ${JSON.stringify(value)}`));
  return `provider "aws" {\n${lines.join('\n')}\n}\n`;
}

/**
 * A Terraform working folder in the system temp folder, with a CLI config pointing at the provider mirror.
 * Call `dispose()` when done (the tests do it in afterAll).
 */
export class TerraformDir {
  /**
   * Write synthesized Terraform JSON (cdktf/cdktn `cdk.tf.json`) for an offline run: the `aws` provider version
   * constraint relaxed to the mirrored version, and every `aws` provider block made offline (its alias and region kept).
   */
  public static fromJson(config: string | Record<string, any>, options: OfflineProviderOptions = {}): TerraformDir {
    const dir = new TerraformDir();
    dir.rewrite(config, options);
    return dir;
  }

  /** Write hand-written HCL files (name -> content). */
  public static fromFiles(files: Record<string, string>): TerraformDir {
    const dir = new TerraformDir();
    for (const [name, content] of Object.entries(files)) writeFileSync(join(dir.path, name), content);
    return dir;
  }

  public readonly path: string;
  private readonly cliConfig: string;

  private constructor() {
    this.path = mkdtempSync(join(tmpdir(), 'aurora-tls-tf-'));
    this.cliConfig = join(this.path, '.terraformrc');
    writeFileSync(
      this.cliConfig,
      `provider_installation {\n  filesystem_mirror {\n    path = ${JSON.stringify(findProviderMirror())}\n  }\n}\n`,
    );
  }

  /** Run terraform with the given arguments (and extra environment variables) in this folder. */
  public run(args: string[], env: Record<string, string> = {}): TerraformResult {
    terraformVersion();
    const result = spawnSync('terraform', args, {
      cwd: this.path,
      encoding: 'utf8',
      env: quietEnv({ ...env, TF_CLI_CONFIG_FILE: this.cliConfig, TF_DATA_DIR: join(this.path, '.terraform') }),
      maxBuffer: 64 * 1024 * 1024,
    });
    if (result.error) throw result.error;
    const stdout = result.stdout ?? '';
    const stderr = result.stderr ?? '';
    return { code: result.status ?? -1, stdout, stderr, output: plain(`${stdout}\n${stderr}`) };
  }

  /**
   * Run terraform without blocking this process: needed when terraform talks to a server of this same process (such as
   * test/handler/fake-aws.ts), which `run()` (synchronous) would keep from answering.
   */
  public runAsync(args: string[]): Promise<TerraformResult> {
    terraformVersion();
    return new Promise((resolve, reject) => {
      const child = spawn('terraform', args, {
        cwd: this.path,
        env: quietEnv({ TF_CLI_CONFIG_FILE: this.cliConfig, TF_DATA_DIR: join(this.path, '.terraform') }),
      });
      let stdout = '';
      let stderr = '';
      child.stdout.on('data', (d) => { stdout += d; });
      child.stderr.on('data', (d) => { stderr += d; });
      child.on('error', reject);
      child.on('close', (code) => resolve({ code: code ?? -1, stdout, stderr, output: plain(`${stdout}\n${stderr}`) }));
    });
  }

  /** `terraform plan` without blocking this process (see `runAsync`), whatever its outcome. */
  public planAsync(extra: string[] = []): Promise<TerraformResult> {
    return this.runAsync(['plan', '-input=false', '-no-color', '-lock=false', '-refresh=false', ...extra]);
  }

  /** Replace the configuration of an initialized folder (same providers): no second `init`. */
  public rewrite(config: string | Record<string, any>, options: OfflineProviderOptions = {}): void {
    writeFileSync(join(this.path, 'main.tf.json'), JSON.stringify(offlineJson(config, options), null, 2));
  }

  /** `terraform init` (offline, from the mirror); throws with terraform's output when it fails. */
  public init(): TerraformResult {
    return this.expectSuccess(['init', '-input=false', '-no-color', '-backend=false']);
  }

  /** `terraform validate`; throws with terraform's output when it fails. */
  public validate(): TerraformResult {
    return this.expectSuccess(['validate', '-no-color']);
  }

  /** `terraform plan`, whatever its outcome (assert on `code` and `output`). */
  public plan(extra: string[] = []): TerraformResult {
    return this.run(['plan', '-input=false', '-no-color', '-lock=false', '-refresh=false', ...extra]);
  }

  /**
   * `terraform plan -out` then `terraform show -json`: the plan as JSON; throws when the plan fails.
   * @param env extra environment variables for the plan, e.g. `{ AWS_REGION: 'eu-west-1' }`
   */
  public planJson(env: Record<string, string> = {}): Record<string, any> {
    this.expectSuccess(['plan', '-input=false', '-no-color', '-lock=false', '-out=plan.out'], env);
    return JSON.parse(this.expectSuccess(['show', '-json', '-no-color', 'plan.out']).stdout);
  }

  /** Remove the folder. */
  public dispose(): void {
    rmSync(this.path, { recursive: true, force: true });
  }

  private expectSuccess(args: string[], env: Record<string, string> = {}): TerraformResult {
    const result = this.run(args, env);
    if (result.code !== 0) {
      throw new Error(`terraform ${args[0]} failed (exit ${result.code}) in ${this.path}:\n${result.output}`);
    }
    return result;
  }
}

/** Synthesized Terraform JSON made offline (see `TerraformDir.fromJson`). */
function offlineJson(config: string | Record<string, any>, options: OfflineProviderOptions): Record<string, any> {
  const json = typeof config === 'string' ? JSON.parse(config) : structuredClone(config);
  const aws = json.terraform?.required_providers?.aws;
  if (aws) aws.version = mirroredAwsVersions().at(-1);
  delete json.terraform?.backend;
  const providers = json.provider?.aws;
  if (providers) {
    const blocks: Array<Record<string, unknown>> = Array.isArray(providers) ? providers : [providers];
    json.provider.aws = blocks.map((block) => ({
      ...offlineAwsProvider({ ...options, region: (block.region as string | undefined) ?? options.region }),
      ...(block.alias ? { alias: block.alias } : {}),
    }));
  }
  return json;
}

/** Terraform's diagnostics without the box-drawing gutter, on one line per sentence, for `toContain` assertions. */
function plain(text: string): string {
  return text
    .replace(/\u001b\[[0-9;]*m/g, '')
    .split('\n')
    .map((line) => line.replace(/^[│╷╵]\s?/, '').trimEnd())
    .join('\n');
}
