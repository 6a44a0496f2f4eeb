// aurora-tls for Terraform: `aurora-tls/tf` (CDK for Terraform: cdktf, @cdktf/provider-aws) and `aurora-tls/cdktn`
// (CDK Terrain: cdktn, @cdktn/provider-aws), both built from this one source (scripts/build-tf.ts). Not part of the
// jsii assembly. The core API is re-exported, so a Terraform-only project imports everything from here and never
// loads aws-cdk-lib (which `aurora-tls` itself loads for the AWS CDK constructs).
export * from '../core';
export * from './tls-aurora-cluster';
export * from './trust-bundle';
