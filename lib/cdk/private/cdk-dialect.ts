// How the AWS CDK layer (the AuroraTlsChecks aspect and the AuroraTlsValidationPlugin) words audit findings: construct
// and aws-cdk-lib terms. Not exported from the package.
import { Dialect } from '../../core/private/aurora-audit';

export const CDK_DIALECT: Dialect = {
  scope: 'stack',
  caProperty: 'CACertificateIdentifier',
  groupProperty: 'DBClusterParameterGroupName',
  pinExample: 'caCertificate: rds.CaCertificate.RDS_CA_RSA2048_G1, or use TlsAuroraCluster',
  ownGroupHint: ' (TlsAuroraCluster does)',
  externalGroupFix: 'define the group in the same stack as the cluster (or use TlsAuroraCluster), or check it with the deploy-time check',
  unresolvedParameterFix: 'give it a literal value, or check it with the deploy-time check',
  unresolvedCaFix: 'give it a literal value such as rds-ca-rsa2048-g1, or use TlsAuroraCluster',
  missingRegionFix: 'give the stack an explicit env.region',
};

