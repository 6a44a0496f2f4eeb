// The check-only custom resource of a TlsAuroraCluster: the same handler as the trust bundle, without publishing,
// given the engine and engine version so that RDS also says whether that version supports the CA
// (DescribeDBEngineVersions). One per stack and (CA, engine, engine version), shared by the clusters that have them.
// Not exported from the package.

import { CustomResource, Stack } from 'aws-cdk-lib';
import { TrustBundlePlan, TrustBundleSettings } from './trust-bundle-plan';
import { CaSelection } from '../../core';
import { CaCheckFunction } from '../ca-check-function';

/** What a check-only resource checks. */
export interface DeployTimeCheckProps {
  readonly selection: CaSelection;
  /** The stack's region, when it is concrete. */
  readonly region?: string;
  /** The CA identifier: a literal or a deploy-time token. */
  readonly identifier: string;
  /** `aurora-postgresql` or `aurora-mysql`. */
  readonly engine: string;
  /** The full engine version: a literal or a deploy-time token. */
  readonly engineVersion: string;
  /** The validity horizon, the same as the trust bundle of the CA. */
  readonly settings: TrustBundleSettings;
}

/** The stack's check-only resources. */
export class DeployTimeCheck {
  /** The stack's check-only resource for (CA, engine, engine version), created on first use (`Custom::AuroraTlsCaCheck`). */
  public static ensure(stack: Stack, props: DeployTimeCheckProps): CustomResource {
    const id = TrustBundlePlan.checkId(stack, props.selection, props.region, props.identifier, props.engine, props.engineVersion);
    const found = stack.node.tryFindChild(id);
    if (found instanceof CustomResource) return found;
    return new CustomResource(stack, id, {
      serviceToken: CaCheckFunction.of(stack).serviceToken,
      resourceType: 'Custom::AuroraTlsCaCheck',
      serviceTimeout: CaCheckFunction.SERVICE_TIMEOUT,
      properties: {
        CertificateAuthority: props.identifier,
        Engine: props.engine,
        EngineVersion: props.engineVersion,
        MinimumValidityDays: props.settings.minimumValidityDays,
        ExpiryBehavior: props.settings.expiryBehavior,
      },
    });
  }

  private constructor() {}
}
