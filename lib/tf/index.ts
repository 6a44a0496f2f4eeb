// aurora-tls for CDK for Terraform (the `tf` submodule): needs the optional peer dependencies cdktf and
// @cdktf/provider-aws. The package loads this submodule only when `tf` is first accessed (scripts/lazy-tf.ts).
export * from './tls-aurora-cluster';
export * from './trust-bundle';
