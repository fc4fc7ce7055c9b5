import { statSync } from 'fs';
import { join } from 'path';
import { nVirginiaCells, regionOf } from './fixtures/config';
import { SynthesizedStage } from './fixtures/assembly';
import { buildTestApp, fixtureStage } from './helpers';

/** Half of CloudFormation's quotas per stack: room for the stacks to grow before a deployment would fail. */
const HALF_OF_CLOUDFORMATION_LIMITS = { resources: 250, templateBytes: 500_000, outputs: 100, parameters: 100 };

/** The region-level stacks: they hold what the region's cells share, and so must not grow with the cells. */
const REGION_STACKS = ['Security', 'Network', 'Directory', 'Backup', 'Monitoring'];

/**
 * A region grows by adding cells (README, "Add a region or a cell"). The fixture's N. Virginia with ten production
 * cells, synthesized once, against the fixture's N. Virginia with one (the run's assembly).
 */
describe('a region of ten production cells', () => {
  const { app, stages } = buildTestApp({ regions: 'n-virginia' }, (input) => {
    regionOf(input, 'us-east-1').cells = nVirginiaCells(10);
  });
  app.synth();
  const ten = new SynthesizedStage(join(app.outdir, stages[0].artifactId), 'NVirginia');
  const one = fixtureStage('NVirginia');
  const size = (stage: SynthesizedStage, id: string) => {
    const template = stage.templateJson(id);
    return {
      resources: Object.keys(template.Resources ?? {}).length,
      templateBytes: statSync(stage.stack(id).templateFile).size,
      outputs: Object.keys(template.Outputs ?? {}).length,
      parameters: Object.keys(template.Parameters ?? {}).length,
    };
  };

  test("has its region's stacks and three per cell", () => {
    expect(
      one.stacks
        .map((s) => s.id)
        .filter((id) => !id.startsWith('prod-'))
        .sort(),
    ).toEqual([...REGION_STACKS].sort());
    expect(ten.stacks.map((s) => s.id).sort()).toEqual(
      [...REGION_STACKS, ...nVirginiaCells(10).flatMap((c) => [`${c.id}-Data`, `${c.id}-App`, `${c.id}-Monitoring`])].sort(),
    );
  });

  test.each([
    'Security',
    'Network',
    'Directory',
    'Backup',
    'Monitoring',
    'prod-1-Data',
    'prod-1-App',
    'prod-1-Monitoring',
    'prod-10-Data',
    'prod-10-App',
    'prod-10-Monitoring',
  ])("keeps %s under half of CloudFormation's limits", (id) => {
    const actual = size(ten, id);
    for (const [limit, max] of Object.entries(HALF_OF_CLOUDFORMATION_LIMITS)) {
      expect([id, limit, actual[limit as keyof typeof actual] < max]).toEqual([id, limit, true]);
    }
  });

  test("keeps every stack under half of CloudFormation's limits", () => {
    const over = ten.stacks
      .map((s) => ({ id: s.id, ...size(ten, s.id) }))
      .filter((s) => s.resources >= 250 || s.templateBytes >= 500_000 || s.outputs >= 100 || s.parameters >= 100);
    expect(over).toEqual([]);
  });

  test("gives every cell's stacks the same resources and outputs as the cell of the one-cell region", () => {
    for (const cell of nVirginiaCells(10)) {
      for (const layer of ['Data', 'App', 'Monitoring']) {
        const types = (stage: SynthesizedStage, id: string) =>
          Object.values(stage.templateJson(id).Resources as Record<string, { Type: string }>)
            .map((r) => r.Type)
            .sort();
        expect([cell.id, layer, types(ten, `${cell.id}-${layer}`)]).toEqual([cell.id, layer, types(one, `prod-1-${layer}`)]);
      }
    }
  });

  test('leaves the region-level stacks as they are with one cell: same resources, outputs and parameters', () => {
    for (const id of REGION_STACKS) {
      const [a, b] = [size(one, id), size(ten, id)];
      expect([id, b.resources, b.outputs, b.parameters]).toEqual([id, a.resources, a.outputs, a.parameters]);
      // The same resources: same logical ids and types.
      const resources = (stage: SynthesizedStage) =>
        Object.entries(stage.templateJson(id).Resources as Record<string, { Type: string }>).map(([logicalId, r]) => `${r.Type} ${logicalId}`);
      expect(resources(ten)).toEqual(resources(one));
      // Byte for byte, but for the Security stack's trail selector below.
      if (id !== 'Security') expect([id, ten.templateJson(id)]).toEqual([id, one.templateJson(id)]);
    }
  });

  describe("grows by bytes only in the Security stack's trail", () => {
    type Resources = Record<string, { Type: string; Properties: any }>;
    const security = (stage: SynthesizedStage) => structuredClone(stage.templateJson('Security')) as { Resources: Resources };
    const trail = (t: { Resources: Resources }) => Object.values(t.Resources).find((r) => r.Type === 'AWS::CloudTrail::Trail')!;
    const accessLogsPolicy = (t: { Resources: Resources }) =>
      Object.entries(t.Resources).find(([id, r]) => r.Type === 'AWS::S3::BucketPolicy' && id.startsWith('AccessLogsBucketPolicy'))![1];
    const bucketPrefixes = (t: { Resources: Resources }) =>
      trail(t)
        .Properties.AdvancedEventSelectors.flatMap((s: any) => s.FieldSelectors)
        .filter((f: any) => f.Field === 'resources.ARN')
        .flatMap((f: any) => f.StartsWith);
    const cellIds = nVirginiaCells(10).map((c) => c.id);

    test("the trail records the data events of each cell's backup bucket: one prefix per cell", () => {
      expect(bucketPrefixes(security(one))).toEqual(['arn:aws:s3:::halo-111122223333-us-east-1-prod-1-sql-']);
      expect(bucketPrefixes(security(ten))).toEqual(cellIds.map((c) => `arn:aws:s3:::halo-111122223333-us-east-1-${c}-sql-`));
    });

    test("the access-log bucket admits the load balancers' delivery once for the region, whatever the cells: the same policy, under S3's 20 KB limit", () => {
      expect(accessLogsPolicy(security(ten))).toEqual(accessLogsPolicy(security(one)));
      // One statement: N. Virginia's ELB account writes every load balancer's logs under elb/.
      const writers = accessLogsPolicy(security(ten))
        .Properties.PolicyDocument.Statement.filter((st: any) => JSON.stringify(st.Resource).includes('AWSLogs'))
        .map((st: any) => [JSON.stringify(st.Principal), JSON.stringify(st.Resource)]);
      expect(writers).toEqual([['{"AWS":"arn:aws:iam::127311923021:root"}', expect.stringContaining('"/elb/*/AWSLogs/111122223333/*"')]]);
      // As S3 measures it, deployed: each bucket's ARN in place of its reference (a name of 63 characters at most).
      const deployed = (value: any): any => {
        if (Array.isArray(value)) return value.map(deployed);
        if (value === null || typeof value !== 'object') return value;
        if (value['Fn::GetAtt']?.[1] === 'Arn') return `arn:aws:s3:::${'x'.repeat(63)}`;
        if (value['Fn::Join']) return value['Fn::Join'][1].map(deployed).join(value['Fn::Join'][0]);
        return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, deployed(v)]));
      };
      const policy = JSON.stringify(deployed(accessLogsPolicy(security(ten)).Properties.PolicyDocument));
      expect(policy).not.toMatch(/Fn::|"Ref"/);
      expect(Buffer.byteLength(policy)).toBeLessThan(20 * 1024);
    });

    test('and in nothing else', () => {
      const without = (stage: SynthesizedStage) => {
        const t = security(stage);
        delete trail(t).Properties.AdvancedEventSelectors;
        return t;
      };
      expect(without(ten)).toEqual(without(one));
    });
  });
});
