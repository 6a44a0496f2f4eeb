// The benchmark (bench/run.ts, never run by CI) compares apps built with aurora-tls against the same apps written by
// hand. This test keeps that comparison fair as the code evolves: the apps of each pair must hold the same databases
// (DB instances, CAs, TLS parameters) and, where the benchmark calls them equivalent, the same resources.
// No timings here.
import { mkdtempSync, readFileSync, rmSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import { Stack } from 'aws-cdk-lib';
import { benchSelection, buildCdkApp, caByRegion, CdkVariant } from '../../bench/apps/cdk-apps';
import { HAND_WRITTEN_FAMILY, HAND_WRITTEN_TLS_PARAMETERS } from '../../bench/apps/hand-written';
import { buildTfApp, TfVariant } from '../../bench/apps/tf-apps';
import * as lib from '../../lib';
import * as tfLib from '../../lib/tf';

let outdir: string;
beforeAll(() => {
  outdir = mkdtempSync(join(tmpdir(), 'aurora-tls-bench-test-'));
});
afterAll(() => {
  rmSync(outdir, { recursive: true, force: true });
});

test('the hand-written TLS parameters are the ones aurora-tls derives for the benchmark engine', () => {
  // WHEN
  const spec = lib.TlsEnforcement.parametersFor({
    engine: lib.AuroraEngine.AURORA_POSTGRESQL,
    engineVersion: '16.4',
    minimumTlsVersion: lib.TlsVersion.TLS_1_2,
  });

  // THEN
  expect(HAND_WRITTEN_TLS_PARAMETERS).toEqual(spec.parameters);
  expect(HAND_WRITTEN_FAMILY).toBe(spec.family);
});

describe('AWS CDK apps', () => {
  // ap-south-1 does not offer rds-ca-ecc384-g1, so the two stacks get different CAs.
  const REGIONS = ['us-east-1', 'ap-south-1'];
  const CLUSTERS = 2;

  interface StackFacts {
    readonly types: { [type: string]: number };
    readonly caIdentifiers: string[];
    readonly clusterParameterGroups: Array<{ family: string; parameters: unknown }>;
  }

  function synth(variant: CdkVariant): { [stackName: string]: StackFacts } {
    const app = buildCdkApp({
      variant,
      clusters: CLUSTERS,
      regions: REGIONS,
      caByRegion: caByRegion(lib, REGIONS),
      outdir: join(outdir, `cdk-${variant}`),
      lib,
      builtinValidation: false,
    });
    const facts: { [stackName: string]: StackFacts } = {};
    for (const stack of app.synth().stacks) {
      const resources = Object.values(stack.template.Resources as { [id: string]: { Type: string; Properties?: any } });
      const types: { [type: string]: number } = {};
      for (const r of resources) types[r.Type] = (types[r.Type] ?? 0) + 1;
      const groups = stack.template.Resources as { [id: string]: { Type: string; Properties?: any } };
      facts[stack.stackName] = {
        types,
        caIdentifiers: resources.filter((r) => r.Type === 'AWS::RDS::DBInstance').map((r) => r.Properties.CACertificateIdentifier).sort(),
        clusterParameterGroups: resources
          .filter((r) => r.Type === 'AWS::RDS::DBCluster')
          .map((r) => groups[r.Properties.DBClusterParameterGroupName.Ref].Properties)
          .map((p) => ({ family: p.Family, parameters: p.Parameters })),
      };
    }
    return facts;
  }

  let hand: { [stackName: string]: StackFacts };
  let noCheck: { [stackName: string]: StackFacts };
  let defaults: { [stackName: string]: StackFacts };
  beforeAll(() => {
    hand = synth(CdkVariant.HAND);
    noCheck = synth(CdkVariant.LIB_NO_CHECK);
    defaults = synth(CdkVariant.LIB);
  });

  test('one stack per region, in every variant', () => {
    expect(Object.keys(hand).sort()).toEqual(['Bench-ap-south-1', 'Bench-us-east-1']);
    expect(Object.keys(noCheck).sort()).toEqual(Object.keys(hand).sort());
    expect(Object.keys(defaults).sort()).toEqual(Object.keys(hand).sort());
  });

  test.each(REGIONS)('in %s, every variant pins the same CA on the same number of DB instances', (region) => {
    const stack = `Bench-${region}`;
    const expected = benchSelection(lib).resolve(region).identifier;
    expect(hand[stack].caIdentifiers).toEqual(Array(CLUSTERS * 2).fill(expected));
    expect(noCheck[stack].caIdentifiers).toEqual(hand[stack].caIdentifiers);
    expect(defaults[stack].caIdentifiers).toEqual(hand[stack].caIdentifiers);
  });

  test.each(REGIONS)('in %s, every cluster of every variant has a parameter group with the same family and TLS parameters', (region) => {
    const stack = `Bench-${region}`;
    expect(hand[stack].clusterParameterGroups).toEqual(
      Array(CLUSTERS).fill({ family: 'aurora-postgresql16', parameters: HAND_WRITTEN_TLS_PARAMETERS }),
    );
    expect(noCheck[stack].clusterParameterGroups).toEqual(hand[stack].clusterParameterGroups);
    expect(defaults[stack].clusterParameterGroups).toEqual(hand[stack].clusterParameterGroups);
  });

  test('`deployTimeCheck: false` adds no resource to the hand-written app (the pure-overhead comparison)', () => {
    for (const stack of Object.keys(hand)) {
      expect(noCheck[stack].types).toEqual(hand[stack].types);
    }
  });

  test('the defaults keep every resource of the hand-written app (and may add the deploy-time check)', () => {
    for (const stack of Object.keys(hand)) {
      for (const [type, count] of Object.entries(hand[stack].types)) {
        expect({ type, count: defaults[stack].types[type] }).toEqual({ type, count });
      }
    }
  });

  test('the multi-region app: one stack per commercial region, each with the CA the hand-written app is given', () => {
    // GIVEN
    const regions = lib.RegionCatalog.regionsIn(lib.Partition.AWS);
    const table = caByRegion(lib, regions);

    // WHEN
    const app = buildCdkApp({ variant: CdkVariant.LIB_NO_CHECK, clusters: 1, regions, caByRegion: table, outdir: join(outdir, 'regions'), lib });

    // THEN
    expect(regions.length).toBeGreaterThanOrEqual(30);
    const stacks = app.node.children.filter((c): c is Stack => Stack.isStack(c));
    expect(stacks.map((s) => s.region)).toEqual(regions);
    for (const stack of stacks) {
      const cluster = stack.node.findAll().find((c): c is lib.TlsAuroraCluster => c instanceof lib.TlsAuroraCluster)!;
      expect({ region: stack.region, ca: cluster.certificateAuthorityIdentifier }).toEqual({ region: stack.region, ca: table[stack.region] });
    }
  });
});

describe('CDK for Terraform apps', () => {
  const REGION = 'us-east-1';
  const CLUSTERS = 2;
  const ca = benchSelection(lib).resolve(REGION);
  const thumbprint = lib.TrustStore.bundled().root(REGION, ca).thumbprint;

  interface Config {
    resource: { [type: string]: { [name: string]: any } };
    data?: { [type: string]: { [name: string]: any } };
  }

  function synth(variant: TfVariant): Config {
    const dir = join(outdir, `tf-${variant}`);
    buildTfApp({ variant, clusters: CLUSTERS, region: REGION, caIdentifier: ca.identifier, thumbprint, outdir: dir, lib: tfLib }).synth();
    return JSON.parse(readFileSync(join(dir, 'stacks', 'Bench', 'cdk.tf.json'), 'utf8'));
  }

  const counts = (blocks: Config['resource'] | undefined) =>
    Object.fromEntries(Object.entries(blocks ?? {}).map(([type, byName]) => [type, Object.keys(byName).length]));
  const instances = (c: Config) => Object.values(c.resource.aws_rds_cluster_instance);
  const groups = (c: Config) => Object.values(c.resource.aws_rds_cluster_parameter_group)
    .map((g) => ({ family: g.family, parameter: g.parameter }));
  const preconditions = (c: Config) => Object.values(c.resource.aws_rds_cluster).map((r) => (r.lifecycle?.precondition ?? []).length);

  /**
   * Every resource body without its construct metadata, with the resource names replaced by their order within the
   * type (references and depends_on too), so that apps that differ only in names compare equal.
   */
  function bodies(c: Config): unknown {
    const rename = new Map<string, string>();
    for (const [type, byName] of Object.entries(c.resource)) {
      Object.keys(byName).forEach((name, i) => rename.set(`${type}.${name}`, `${type}.#${i}`));
    }
    const text = JSON.stringify(Object.fromEntries(Object.entries(c.resource).map(([type, byName]) =>
      [type, Object.values(byName).map(({ '//': _metadata, ...body }) => body)])));
    return JSON.parse(text.replace(/\b(aws_[a-z0-9_]+)\.([A-Za-z0-9_-]+)/g, (whole, type: string, name: string) => rename.get(`${type}.${name}`) ?? whole));
  }

  let hand: Config;
  let handCheck: Config;
  let handConstruct: Config;
  let noCheck: Config;
  let defaults: Config;
  beforeAll(() => {
    hand = synth(TfVariant.HAND);
    handCheck = synth(TfVariant.HAND_CHECK);
    handConstruct = synth(TfVariant.HAND_CONSTRUCT);
    noCheck = synth(TfVariant.LIB_NO_CHECK);
    defaults = synth(TfVariant.LIB);
  });

  test('`deployTimeCheck: false`, the hand-written app and the hand-written Construct synthesize the same resource bodies', () => {
    expect(bodies(noCheck)).toEqual(bodies(hand));
    expect(bodies(handConstruct)).toEqual(bodies(hand));
    // Only the names differ: flat in the stack, or hashed under one construct per cluster (cdktf drops the id `Resource`).
    expect(Object.keys(hand.resource.aws_rds_cluster)).toEqual(['Db1', 'Db2']);
    expect(Object.keys(handConstruct.resource.aws_rds_cluster)).toEqual([expect.stringMatching(/^Db1_[0-9A-F]{8}$/), expect.stringMatching(/^Db2_[0-9A-F]{8}$/)]);
    expect(Object.keys(noCheck.resource.aws_rds_cluster)).toEqual(Object.keys(handConstruct.resource.aws_rds_cluster));
  });

  test('every variant has the same DB instances with the same ca_cert_identifier and instance class', () => {
    const shape = (c: Config) => instances(c).map((i) => ({ ca: i.ca_cert_identifier, instanceClass: i.instance_class, engine: i.engine }));
    expect(shape(hand)).toEqual(Array(CLUSTERS * 2).fill({ ca: ca.identifier, instanceClass: 'db.r6g.large', engine: 'aurora-postgresql' }));
    expect(shape(handCheck)).toEqual(shape(hand));
    expect(shape(noCheck)).toEqual(shape(hand));
    expect(shape(defaults)).toEqual(shape(hand));
  });

  test('every variant has one parameter group per cluster with the same family and TLS parameters', () => {
    const expected = {
      family: HAND_WRITTEN_FAMILY,
      parameter: Object.entries(HAND_WRITTEN_TLS_PARAMETERS).map(([name, value]) => ({ name, value, apply_method: 'pending-reboot' })),
    };
    expect(groups(hand)).toEqual(Array(CLUSTERS).fill(expected));
    expect(groups(handCheck)).toEqual(groups(hand));
    expect(groups(noCheck)).toEqual(groups(hand));
    expect(groups(defaults)).toEqual(groups(hand));
  });

  test('`deployTimeCheck: false` has exactly the resources of the hand-written app (like for like)', () => {
    expect(counts(noCheck.resource)).toEqual(counts(hand.resource));
    expect(counts(noCheck.data)).toEqual({});
    expect(counts(hand.data)).toEqual({});
    expect(preconditions(noCheck)).toEqual(preconditions(hand));
    const dependsOn = (c: Config) => instances(c).map((i) => (i.depends_on ?? []).length);
    expect(dependsOn(noCheck)).toEqual(dependsOn(hand));
  });

  test('the hand-written check has the CA check TlsAuroraCluster adds by default (data source, thumbprint and validity preconditions)', () => {
    expect(counts(handCheck.data)).toEqual({ aws_rds_certificate: CLUSTERS });
    expect(counts(defaults.data)).toEqual({ aws_rds_certificate: CLUSTERS, aws_rds_engine_version: 2 * CLUSTERS });
    expect(preconditions(handCheck)).toEqual(Array(CLUSTERS).fill(2));
    expect(preconditions(defaults)).toEqual(Array(CLUSTERS).fill(3));
    const thumbprintCheck = (c: Config) => Object.values(c.resource.aws_rds_cluster).map((r) => r.lifecycle.precondition[0].condition);
    for (const condition of [...thumbprintCheck(handCheck), ...thumbprintCheck(defaults)]) {
      expect(condition).toContain(`"${thumbprint}"`);
    }
  });
});
