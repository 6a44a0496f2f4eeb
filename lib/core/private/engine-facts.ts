// Facts about Aurora engines and their version strings that both layers need. Not exported from the package.
import { AuroraEngine } from '../tls-enforcement';
import { describeValue } from './util';

/** RDS engine types to the core engine. `aurora` is Aurora MySQL version 1. */
const ENGINE_TYPES: { [engineType: string]: AuroraEngine } = {
  'aurora-postgresql': AuroraEngine.AURORA_POSTGRESQL,
  'aurora-mysql': AuroraEngine.AURORA_MYSQL,
  'aurora': AuroraEngine.AURORA_MYSQL,
};

/** The MySQL version each Aurora MySQL major release is compatible with. */
const MYSQL_OF_AURORA_RELEASE: { [major: string]: string } = { 2: '5.7', 3: '8.0' };

/** The full RDS engine version of a cluster, per engine: what `aws_rds_cluster.engine_version` takes. */
const FULL_VERSION: { [engine: string]: { readonly pattern: RegExp; readonly example: string } } = {
  [AuroraEngine.AURORA_POSTGRESQL]: { pattern: /^\d+\.\d+$/, example: "'16.4'" },
  [AuroraEngine.AURORA_MYSQL]: { pattern: /^\d+\.\d+\.mysql_aurora\.\d+\.\d+\.\d+$/, example: "'8.0.mysql_aurora.3.08.0'" },
};

export class AuroraEngineFacts {
  /** The core engine of an RDS engine type (`aurora-postgresql`, `aurora-mysql`, `aurora`), or undefined. */
  public static coreEngineOf(engineType: unknown): AuroraEngine | undefined {
    return typeof engineType === 'string' && Object.prototype.hasOwnProperty.call(ENGINE_TYPES, engineType)
      ? ENGINE_TYPES[engineType]
      : undefined;
  }

  /**
   * Why `version` is not a full RDS engine version of `engine` (undefined when it is, or when the engine is not an
   * Aurora engine: that is reported on its own). Aurora MySQL: `8.0.mysql_aurora.3.08.0`; Aurora PostgreSQL: `16.4`.
   * The message names the value and, when it can tell, the exact version to use.
   */
  public static fullVersionProblem(engine: unknown, version: unknown): string | undefined {
    const form = typeof engine === 'string' ? FULL_VERSION[engine] : undefined;
    if (form === undefined || (typeof version === 'string' && form.pattern.test(version))) return undefined;
    if (typeof version !== 'string') {
      return `engineVersion must be a string such as ${form.example}, got ${describeValue(version)}`;
    }
    let fix = `use a full version such as ${form.example}`;
    const release = /^(\d+)\.\d+\.\d+$/.exec(version);
    if (engine === AuroraEngine.AURORA_MYSQL && release && MYSQL_OF_AURORA_RELEASE[release[1]]) {
      fix = `use '${MYSQL_OF_AURORA_RELEASE[release[1]]}.mysql_aurora.${version}'`;
    }
    return `engineVersion ${describeValue(version)} is not a full ${engine} engine version: the cluster takes the version as RDS names it, ` +
      `such as ${form.example} (see \`aws rds describe-db-engine-versions --engine ${engine}\`); ${fix}`;
  }

  private constructor() {}
}
