import { CertificateAuthority } from '../../lib/core/certificate-authority';
import { SslMode } from '../../lib/core/ssl-mode';
import { TrustBundleLayout } from '../../lib/core/trust-bundle-layout';

describe('TrustBundleLayout', () => {
  test('default prefix is /aurora-tls/<stack-name>/<ca-identifier>: unique per stack', () => {
    expect(TrustBundleLayout.parameterPrefix('Database', CertificateAuthority.ECC384_G1)).toBe('/aurora-tls/Database/rds-ca-ecc384-g1');
    expect(TrustBundleLayout.parameterPrefix('Database-dev', CertificateAuthority.ECC384_G1))
      .not.toBe(TrustBundleLayout.parameterPrefix('Database-prod', CertificateAuthority.ECC384_G1));
  });

  test.each([
    ['', "Stack name '' cannot be a level of the default parameter prefix and object key (1 to 128 letters, digits, '-', '_' and '.'); rename the stack, or give the trust bundle a parameterPrefix"],
    ['a/b', "Stack name 'a/b' cannot be a level of the default parameter prefix and object key (1 to 128 letters, digits, '-', '_' and '.'); rename the stack, or give the trust bundle a parameterPrefix"],
    ['my stack', "Stack name 'my stack' cannot be a level of the default parameter prefix and object key (1 to 128 letters, digits, '-', '_' and '.'); rename the stack, or give the trust bundle a parameterPrefix"],
    ['x'.repeat(129), `Stack name '${'x'.repeat(64)}... (129 characters)' cannot be a level of the default parameter prefix and object key (1 to 128 letters, digits, '-', '_' and '.'); rename the stack, or give the trust bundle a parameterPrefix`],
  ])('a stack name that cannot be a level of the names (%j) is refused with the fix', (name, message) => {
    expect(TrustBundleLayout.checkStackName(name)).toEqual([message]);
    expect(() => TrustBundleLayout.parameterPrefix(name, CertificateAuthority.RSA2048_G1)).toThrow(message);
    expect(() => TrustBundleLayout.objectKey(name, 'us-east-1', CertificateAuthority.RSA2048_G1)).toThrow(message);
  });

  test('every CloudFormation stack name is a valid level', () => {
    expect(TrustBundleLayout.checkStackName('A-Stack-With-128-chars'.padEnd(128, 'x'))).toEqual([]);
  });

  test('parameter names under a prefix', () => {
    expect(TrustBundleLayout.parameterNames('/aurora-tls/rds-ca-rsa2048-g1')).toEqual({
      caIdentifier: '/aurora-tls/rds-ca-rsa2048-g1/ca-identifier',
      rootPem: '/aurora-tls/rds-ca-rsa2048-g1/root-pem',
      bundleS3Uri: '/aurora-tls/rds-ca-rsa2048-g1/bundle-s3-uri',
      bundleSha256: '/aurora-tls/rds-ca-rsa2048-g1/bundle-sha256',
      validTill: '/aurora-tls/rds-ca-rsa2048-g1/valid-till',
      sslMode: '/aurora-tls/rds-ca-rsa2048-g1/sslmode',
    });
  });

  test('a trailing slash on the prefix is ignored', () => {
    expect(TrustBundleLayout.parameterNames('/app/tls/').rootPem).toBe('/app/tls/root-pem');
  });

  test('a token prefix is kept as it is', () => {
    expect(TrustBundleLayout.parameterNames('${TfToken[TOKEN.1]}').sslMode).toBe('${TfToken[TOKEN.1]}/sslmode');
  });

  test('object key of a region bundle', () => {
    expect(TrustBundleLayout.objectKey('Database', 'ap-south-1', CertificateAuthority.RSA2048_G1))
      .toBe('aurora-tls/Database/ap-south-1/rds-ca-rsa2048-g1/ap-south-1-bundle.pem');
  });

  test('bundle S3 URI', () => {
    expect(TrustBundleLayout.bundleS3Uri('my-bucket', 'a/b.pem')).toBe('s3://my-bucket/a/b.pem');
  });

  test('recommended SSL mode is verify-full', () => {
    expect(TrustBundleLayout.recommendedSslMode()).toBe(SslMode.VERIFY_FULL);
    expect(TrustBundleLayout.recommendedSslMode().value).toBe('verify-full');
  });

  test('bundle content type', () => {
    expect(TrustBundleLayout.bundleContentType()).toBe('application/x-pem-file');
  });

  test('a valid prefix has no problems', () => {
    expect(TrustBundleLayout.checkParameterPrefix('/aurora-tls/rds-ca-rsa2048-g1')).toEqual([]);
  });

  test.each([
    ['aurora-tls', ["Parameter prefix 'aurora-tls' must start with '/', e.g. '/aurora-tls'"]],
    ['/a b', ["Parameter prefix '/a b' may only contain letters, digits, '.', '-', '_' and '/' (AWS Systems Manager rules)"]],
    ['/a//b', ["Parameter prefix '/a//b' contains an empty level ('//'); remove the extra '/'"]],
    ['/aws/x', ["Parameter prefix '/aws/x' starts with a name AWS reserves ('aws' or 'ssm'); choose another, e.g. '/aurora-tls/...'"]],
    ['/a/b/c/d/e/f/g/h/i/j/k/l/m/n/o', [
      "Parameter prefix '/a/b/c/d/e/f/g/h/i/j/k/l/m/n/o' has more than 14 levels (SSM allows 15 including the parameter name); flatten it",
    ]],
    ['x y', [
      "Parameter prefix 'x y' must start with '/', e.g. '/x y'",
      "Parameter prefix 'x y' may only contain letters, digits, '.', '-', '_' and '/' (AWS Systems Manager rules)",
    ]],
  ])('prefix %p is refused with every problem', (prefix, messages) => {
    expect(TrustBundleLayout.checkParameterPrefix(prefix)).toEqual(messages);
  });

  test('a too long prefix is refused', () => {
    const prefix = `/${'a'.repeat(1000)}`;
    expect(TrustBundleLayout.checkParameterPrefix(prefix)).toEqual([
      `Parameter prefix '/${'a'.repeat(63)}... (1001 characters)' is longer than 997 characters; shorten it`,
    ]);
  });

  test('a CA given as a string is refused with the fix', () => {
    expect(() => TrustBundleLayout.parameterPrefix('Database', 'rds-ca-rsa2048-g1' as any)).toThrow(
      "Expected a CertificateAuthority such as CertificateAuthority.RSA2048_G1, got 'rds-ca-rsa2048-g1'; use CertificateAuthority.of('rds-ca-rsa2048-g1')",
    );
  });

  test('an empty region is refused in the object key', () => {
    expect(() => TrustBundleLayout.objectKey('Database', '', CertificateAuthority.RSA2048_G1)).toThrow(
      "Region must be a non-empty string such as 'us-east-1', got ''",
    );
  });
});

describe('TrustBundleLayout.formatValidTill', () => {
  test('ISO 8601 UTC with milliseconds, as the CDK handler writes it', () => {
    expect(TrustBundleLayout.formatValidTill(new Date(Date.UTC(2061, 4, 21, 22, 8, 48)))).toBe('2061-05-21T22:08:48.000Z');
  });

  test('an invalid date is refused', () => {
    expect(() => TrustBundleLayout.formatValidTill(new Date('nope'))).toThrow('valid-till must be a valid Date, got an invalid Date');
  });
});
