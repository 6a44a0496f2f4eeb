// Adapter between aws-cdk-lib's rds.IClusterEngine and core's TlsEnforcement inputs.
// Not exported from the package.

import { Token } from 'aws-cdk-lib';
import * as rds from 'aws-cdk-lib/aws-rds';
import { AuroraEngine } from '../../core';
import { AuroraEngineFacts } from '../../core/private/engine-facts';
import { describeValue } from '../../core/private/util';

/** What the TLS rules need to know about a cluster engine, read from aws-cdk-lib (or why it cannot be read). */
export interface EngineFacts {
  /** The core engine, when the engine type is an Aurora one. */
  readonly engine?: AuroraEngine;
  /**
   * The version to derive the TLS parameters from: the full version, or the major version when the full
   * version is a deploy-time value (token).
   */
  readonly version?: string;
  /** Whether `version` is only the major version because the full version is a token. */
  readonly fullVersionIsToken: boolean;
  /** The parameter group family aws-cdk-lib derives (used for the ParameterGroup). */
  readonly family?: string;
  /** Why the engine cannot be used; undefined when it can. */
  readonly problem?: string;
}

const VERSIONED_ENGINE_HINT =
  'use rds.DatabaseClusterEngine.auroraPostgres({ version: rds.AuroraPostgresEngineVersion.VER_16_4 }) ' +
  'or rds.DatabaseClusterEngine.auroraMysql({ version: rds.AuroraMysqlEngineVersion.VER_3_08_0 })';

/** Read the engine facts of a cluster engine. Never throws. */
export class EngineFactsReader {
  /** The core engine of an RDS engine type (`aurora-postgresql`, `aurora-mysql`, `aurora`), or undefined. */
  public static coreEngineOf(engineType: unknown): AuroraEngine | undefined {
    return AuroraEngineFacts.coreEngineOf(engineType);
  }

  public static read(engine: rds.IClusterEngine | undefined): EngineFacts {
    if (engine === undefined || engine === null || typeof engine !== 'object') {
      return { fullVersionIsToken: false, problem: `engine is required, got ${describeValue(engine)}; ${VERSIONED_ENGINE_HINT}` };
    }
    const engineType = engine.engineType;
    const kind = EngineFactsReader.coreEngineOf(engineType);
    if (kind === undefined) {
      return {
        fullVersionIsToken: false,
        problem: `engine ${describeValue(engineType)} is not an Aurora engine; TlsAuroraCluster supports aurora-postgresql and aurora-mysql: ${VERSIONED_ENGINE_HINT}`,
      };
    }
    const fullVersion = engine.engineVersion?.fullVersion;
    const majorVersion = engine.engineVersion?.majorVersion;
    if (fullVersion === undefined) {
      return {
        engine: kind,
        fullVersionIsToken: false,
        problem: `engine ${engineType} has no version, so the parameter group family and the TLS parameters cannot be derived; ${VERSIONED_ENGINE_HINT}`,
      };
    }
    if (!Token.isUnresolved(fullVersion)) {
      return { engine: kind, version: fullVersion, fullVersionIsToken: false, family: engine.parameterGroupFamily };
    }
    if (majorVersion === undefined || Token.isUnresolved(majorVersion)) {
      return {
        engine: kind,
        fullVersionIsToken: true,
        problem: `engine ${engineType} has a deploy-time version and no literal major version, so the parameter group family and the TLS parameters cannot be chosen; ` +
          'give the major version, e.g. rds.AuroraPostgresEngineVersion.of(version, \'16\')',
      };
    }
    return { engine: kind, version: majorVersion, fullVersionIsToken: true, family: engine.parameterGroupFamily };
  }
}
