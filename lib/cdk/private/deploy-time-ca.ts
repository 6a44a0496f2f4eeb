// Deploy-time resolution and guarding of a CaSelection for stacks whose region is a token (env-agnostic).
// Not exported from the package: TlsAuroraCluster is the public face.

import { Aws, CfnMapping, CfnRule, CfnRuleAssertion, Fn, Stack } from 'aws-cdk-lib';
import { CaSelection } from '../../core';
import { ClusterRules } from '../../core/private/cluster-rules';

/** Second-level key of the region mapping. */
const MAPPING_KEY = 'CaIdentifier';

/** What a stack without a concrete region needs to use a CaSelection. */
export interface DeployTimeCa {
  /** The CA identifier: a literal when every region resolves to the same CA, else a `Fn::FindInMap` token. */
  readonly identifier: string;
  /** The Rule that blocks regions where the selection cannot be used (undefined when no region needs blocking). */
  readonly rule?: CfnRule;
  /** The region mapping (undefined when every region resolves to the same CA). */
  readonly mapping?: CfnMapping;
}

/**
 * The Rule and mapping of one CaSelection in one stack, created once and shared by every cluster of the stack
 * that uses an equal selection (same candidates, same kind).
 */
export class DeployTimeCaGuard {
  /** The construct ids (stack level, so also the logical ids) used for a selection: `AuroraTlsCa<Kind><Candidates>`. */
  public static idFor(selection: CaSelection): string {
    const kind = selection.isPreference ? 'Preferred' : 'Exactly';
    const cas = selection.candidates.map((ca) => pascal(ca.identifier.replace(/^rds-ca-/, ''))).join('');
    return `AuroraTlsCa${kind}${cas}`;
  }

  /**
   * The assertions that keep `selection` out of regions where it cannot be used, with descriptions naming
   * the CA, the regions and the fix. Exact selections block the regions the catalog lists without the CA
   * (unknown regions are left to RDS, which refuses an unavailable CA when it creates the instance);
   * a preference that resolves to different CAs in different regions also blocks regions unknown to the
   * catalog, because the region mapping has no entry for them.
   */
  public static assertionsFor(selection: CaSelection): CfnRuleAssertion[] {
    const assertions: CfnRuleAssertion[] = [];
    const unsupported = ClusterRules.unsupportedRegionsMessage(selection);
    if (unsupported !== undefined) {
      assertions.push({
        assert: Fn.conditionNot(Fn.conditionContains(selection.unsupportedRegions(), Aws.REGION)),
        assertDescription: unsupported,
      });
    }
    if (DeployTimeCaGuard.needsMapping(selection)) {
      assertions.push({
        assert: Fn.conditionContains(Object.keys(selection.resolutionTable()), Aws.REGION),
        assertDescription: ClusterRules.unknownRegionMessage(selection, 'give the stack an explicit env.region'),
      });
    }
    return assertions;
  }

  /** The CA identifier for `selection` in `stack` at deploy time, creating the stack's Rule and mapping once. */
  public static ensure(stack: Stack, selection: CaSelection): DeployTimeCa {
    const id = DeployTimeCaGuard.idFor(selection);
    const ruleId = `${id}Rule`;
    const mapId = `${id}Map`;

    const assertions = DeployTimeCaGuard.assertionsFor(selection);
    let rule = stack.node.tryFindChild(ruleId) as CfnRule | undefined;
    if (!rule && assertions.length > 0) {
      rule = new CfnRule(stack, ruleId, { assertions });
    }

    const literal = DeployTimeCaGuard.literalIdentifier(selection);
    if (literal !== undefined) {
      return { identifier: literal, rule };
    }
    const table = selection.resolutionTable();
    let mapping = stack.node.tryFindChild(mapId) as CfnMapping | undefined;
    if (!mapping) {
      const entries: { [region: string]: { [key: string]: string } } = {};
      for (const [region, ca] of Object.entries(table)) entries[region] = { [MAPPING_KEY]: ca };
      mapping = new CfnMapping(stack, mapId, { mapping: entries });
    }
    // No `defaultValue`: it would silently add the AWS::LanguageExtensions transform to the whole stack.
    // The Rule refuses every region missing from the mapping before any resource is created.
    return { identifier: mapping.findInMap(Aws.REGION, MAPPING_KEY), rule, mapping };
  }

  /**
   * The CA identifier when the selection resolves to the same CA in every region where it can be used
   * (no mapping needed), else undefined. Creates nothing.
   */
  public static literalIdentifier(selection: CaSelection): string | undefined {
    if (DeployTimeCaGuard.needsMapping(selection)) return undefined;
    return Object.values(selection.resolutionTable())[0] ?? selection.candidates[0].identifier;
  }

  /** Whether the selection resolves to different CAs in different regions (so a region mapping is needed). */
  private static needsMapping(selection: CaSelection): boolean {
    return new Set(Object.values(selection.resolutionTable())).size > 1;
  }
}

function pascal(text: string): string {
  return text.split(/[^a-zA-Z0-9]+/).filter(Boolean).map((w) => w[0].toUpperCase() + w.slice(1)).join('');
}
