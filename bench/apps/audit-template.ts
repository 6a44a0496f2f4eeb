// A large CloudFormation template for the audit benchmark: `clusters` Aurora clusters, each with its own cluster
// parameter group and three DB instances (5 resources a cluster), with the mistakes aurora-tls audits spread over them
// (weak TLS, an unpinned instance, rds-ca-2019, a template parameter), as JSON and as YAML with short forms.

/** The template as a JSON value: 5 resources per cluster. */
export function auditTemplate(clusters: number): Record<string, any> {
  const resources: Record<string, any> = {};
  for (let i = 0; i < clusters; i++) {
    const postgres = i % 2 === 0;
    resources[`Params${i}`] = {
      Type: 'AWS::RDS::DBClusterParameterGroup',
      Properties: postgres
        ? { Family: 'aurora-postgresql16', Description: `cluster ${i}`, Parameters: { 'rds.force_ssl': i % 3 === 0 ? '0' : '1', 'ssl_min_protocol_version': 'TLSv1.2' } }
        : { Family: 'aurora-mysql8.0', Description: `cluster ${i}`, Parameters: { require_secure_transport: 'ON', tls_version: 'TLSv1.2' } },
    };
    resources[`Cluster${i}`] = {
      Type: 'AWS::RDS::DBCluster',
      Properties: {
        Engine: postgres ? 'aurora-postgresql' : 'aurora-mysql',
        EngineVersion: postgres ? '16.4' : '8.0.mysql_aurora.3.08.0',
        DBClusterParameterGroupName: { Ref: `Params${i}` },
        MasterUsername: 'app',
        ManageMasterUserPassword: true,
      },
    };
    const cas = [i % 5 === 0 ? undefined : 'rds-ca-rsa2048-g1', i % 7 === 0 ? 'rds-ca-2019' : 'rds-ca-rsa4096-g1', i % 11 === 0 ? { Ref: 'ReaderCa' } : 'rds-ca-ecc384-g1'];
    cas.forEach((ca, n) => {
      resources[`Cluster${i}Instance${n}`] = {
        Type: 'AWS::RDS::DBInstance',
        Properties: {
          Engine: postgres ? 'aurora-postgresql' : 'aurora-mysql',
          DBClusterIdentifier: { Ref: `Cluster${i}` },
          DBInstanceClass: 'db.r6g.large',
          ...(ca === undefined ? {} : { CACertificateIdentifier: ca }),
        },
      };
    });
  }
  return { AWSTemplateFormatVersion: '2010-09-09', Parameters: { ReaderCa: { Type: 'String' } }, Resources: resources };
}

/** The same template as YAML, with `!Ref` short forms (as hand-written templates use them). */
export function auditTemplateYaml(clusters: number): string {
  const lines = ['AWSTemplateFormatVersion: "2010-09-09"', 'Parameters:', '  ReaderCa:', '    Type: String', 'Resources:'];
  const scalar = (v: unknown): string => (typeof v === 'string' ? JSON.stringify(v) : String(v));
  const value = (v: any): string => (v !== null && typeof v === 'object' && 'Ref' in v ? `!Ref ${v.Ref}` : scalar(v));
  for (const [id, resource] of Object.entries(auditTemplate(clusters).Resources as Record<string, any>)) {
    lines.push(`  ${id}:`, `    Type: ${resource.Type}`, '    Properties:');
    for (const [key, v] of Object.entries(resource.Properties as Record<string, any>)) {
      if (v !== null && typeof v === 'object' && !('Ref' in v)) {
        lines.push(`      ${key}:`, ...Object.entries(v).map(([k, x]) => `        ${k}: ${value(x)}`));
      } else {
        lines.push(`      ${key}: ${value(v)}`);
      }
    }
  }
  return `${lines.join('\n')}\n`;
}
