import { DiffMethod, Toolkit } from '@aws-cdk/toolkit-lib';
import { DescribeStackResourcesCommand } from '@aws-sdk/client-cloudformation';
import { DescribeAlarmsCommand } from '@aws-sdk/client-cloudwatch';
import { DescribeTargetHealthCommand } from '@aws-sdk/client-elastic-load-balancing-v2';
import { mkdtempSync, readFileSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import { cellStackSelector, changesOf, printingIoHost, REGIONS_CONTEXT, ToolkitCellDeployer, type ToolkitLike } from '../../lib/release/cell-deployer';
import { AwsCellWatcher, TARGET_GROUP_LOGICAL_IDS, type WatcherClients } from '../../lib/release/cell-watcher';
import { CONTEXT } from '../../stacks/halo-app';
import { fixtureStage } from '../fixtures/assembly';
import { planCell } from './executor-fixtures';

const ROOT = join(__dirname, '..', '..');
const CELL = planCell('london/prod-stable');

describe('ToolkitCellDeployer: the AWS CDK Toolkit Library, one App stack', () => {
  test('the selection takes the App stack alone from an assembly where it has dependencies, as --exclusively does', async () => {
    const toolkit = new Toolkit({ ioHost: printingIoHost(() => undefined) });
    // The London Stage's nested assembly: written with the templates, before the whole synth is over.
    const source = await toolkit.fromAssemblyDirectory(fixtureStage('London').directory);
    const listed = await toolkit.list(source, { stacks: cellStackSelector('London/prod-stable-App') });
    expect(listed.map((s) => s.name)).toEqual(['halo-london-prod-stable-app']);
    // The stack does depend on others (Network, Security, its Data stack): they are left out, not absent.
    expect(listed[0].dependencies.length).toBeGreaterThan(0);
    await expect(toolkit.list(source, { stacks: { ...cellStackSelector('London/prod-stable-App'), expand: 'upstream' as never } })).rejects.toThrow(
      /ambiguous/,
    );
  });

  test("it synthesizes cdk.json's app for the cell's region only, with cdk.json's context and version reporting, and deploys the selection", async () => {
    const calls: { app: string; props: any; deploy?: any }[] = [];
    const printed: string[] = [];
    let host: any;
    const fake: ToolkitLike = {
      fromCdkApp: async (app: string, props: any) => {
        calls.push({ app, props });
        return Promise.resolve({ produce: async () => Promise.reject(new Error('not synthesized in a test')) });
      },
      deploy: async (_source: unknown, options: any) => {
        calls[calls.length - 1].deploy = options;
        await host.notify({ level: 'info', message: 'halo-london-prod-stable-app: deploying... [1/1]' });
        await host.notify({ level: 'debug', message: 'not shown' });
        return Promise.resolve({ stacks: [] } as never);
      },
      diff: async () => Promise.reject(new Error('not diffed here')),
    };
    await new ToolkitCellDeployer({ root: ROOT, print: (l) => printed.push(l), toolkit: (ioHost) => ((host = ioHost), fake) }).deploy(CELL);
    const cdkJson = JSON.parse(readFileSync(join(ROOT, 'cdk.json'), 'utf8'));
    const [call] = calls;
    expect(call.app).toBe(cdkJson.app);
    expect(call.props).toMatchObject({ workingDirectory: ROOT, lookups: false, disposeOutdir: true, synthOptions: { versionReporting: false } });
    const context = await call.props.contextStore.read();
    expect(context).toMatchObject({ [CONTEXT.regions]: 'london', 'halo:account': cdkJson.context['halo:account'] });
    expect(REGIONS_CONTEXT).toBe(CONTEXT.regions);
    expect(call.deploy).toEqual({ stacks: { strategy: 'pattern-must-match-single', patterns: ['London/prod-stable-App'], expand: 'none' } });
    expect(printed).toEqual(['[london/prod-stable] halo-london-prod-stable-app: deploying... [1/1]']);
  });

  test("a failed deployment rejects with the Toolkit's error", async () => {
    const fake: ToolkitLike = {
      fromCdkApp: async () => Promise.resolve({ produce: async () => Promise.reject(new Error('unused')) }),
      deploy: async () => Promise.reject(new Error('The stack named halo-london-prod-stable-app failed to deploy: UPDATE_ROLLBACK_COMPLETE')),
      diff: async () => Promise.reject(new Error('unused')),
    };
    await expect(new ToolkitCellDeployer({ root: ROOT, print: () => undefined, toolkit: () => fake }).deploy(CELL)).rejects.toThrow(/UPDATE_ROLLBACK_COMPLETE/);
  });
});

describe("ToolkitCellDeployer: the App stack's pending changes, with the Toolkit's diff", () => {
  test('the same synthesis as a deployment, diffed template-only (read-only) against the deployed template, the App stack alone', async () => {
    const calls: { app: string; props: any; diff?: any }[] = [];
    const fake: ToolkitLike = {
      fromCdkApp: async (app: string, props: any) => {
        calls.push({ app, props });
        return Promise.resolve({ produce: async () => Promise.reject(new Error('not synthesized in a test')) });
      },
      deploy: async () => Promise.reject(new Error('a comparison must not deploy')),
      diff: async (_source: unknown, options: any) => {
        calls[calls.length - 1].diff = options;
        return Promise.resolve({});
      },
    };
    expect(await new ToolkitCellDeployer({ root: ROOT, print: () => undefined, toolkit: () => fake }).pendingChanges(CELL)).toEqual([]);
    const [call] = calls;
    expect(call.props).toMatchObject({ workingDirectory: ROOT, lookups: false, synthOptions: { versionReporting: false } });
    expect(await call.props.contextStore.read()).toMatchObject({ [CONTEXT.regions]: 'london' });
    expect(call.diff).toEqual({ stacks: cellStackSelector('London/prod-stable-App'), method: DiffMethod.TemplateOnly() });
    expect(call.diff.method.method).toBe('template-only');
  });

  test("the Toolkit's own diff, offline against a template file: none when it is the synthesized one, one line per change otherwise", async () => {
    const toolkit = new Toolkit({ ioHost: printingIoHost(() => undefined) });
    const stage = fixtureStage('London');
    const source = await toolkit.fromAssemblyDirectory(stage.directory);
    const diffAgainst = async (template: unknown) => {
      const file = join(mkdtempSync(join(tmpdir(), 'deployed-')), 'template.json');
      writeFileSync(file, JSON.stringify(template));
      return changesOf(await toolkit.diff(source, { stacks: cellStackSelector('London/prod-stable-App'), method: DiffMethod.LocalFile(file) }));
    };
    const deployed = stage.templateJson('prod-stable-App');
    expect(await diffAgainst(deployed)).toEqual([]);
    const edited = JSON.parse(JSON.stringify(deployed));
    const [kept, removed] = Object.keys(edited.Resources).filter((id) => edited.Resources[id].Properties);
    edited.Resources[kept].Properties = { ...edited.Resources[kept].Properties, Edited: true };
    delete edited.Resources[removed];
    edited.Outputs = { ...edited.Outputs, Gone: { Value: 'x' } };
    expect((await diffAgainst(edited)).sort()).toEqual([`Outputs Gone removed`, `Resources ${kept} modified`, `Resources ${removed} added`].sort());
  });
});

describe('AwsCellWatcher: the alarm and the targets', () => {
  const clientsWith = (answers: { alarm?: unknown; resources?: unknown; health?: unknown }) => {
    const sent: unknown[] = [];
    const send = (answer: unknown) => async (command: unknown) => {
      sent.push(command);
      return Promise.resolve(answer);
    };
    const clients: WatcherClients = {
      cloudWatch: { send: send(answers.alarm) as never },
      cloudFormation: { send: send(answers.resources) as never },
      elb: { send: send(answers.health) as never },
    };
    return { clients, sent };
  };

  test('the composite alarm by its name; a missing alarm rejects', async () => {
    const { clients, sent } = clientsWith({ alarm: { CompositeAlarms: [{ AlarmName: CELL.alarmName, StateValue: 'ALARM' }] } });
    const regions: string[] = [];
    expect(await new AwsCellWatcher((r) => (regions.push(r), clients)).alarmState(CELL)).toBe('ALARM');
    expect(regions).toEqual(['eu-west-2']);
    expect(sent[0]).toBeInstanceOf(DescribeAlarmsCommand);
    expect((sent[0] as DescribeAlarmsCommand).input).toEqual({ AlarmNames: ['halo-london-prod-stable-unavailable'], AlarmTypes: ['CompositeAlarm'] });
    await expect(new AwsCellWatcher(() => clientsWith({ alarm: { CompositeAlarms: [] } }).clients).alarmState(CELL)).rejects.toThrow(
      "no composite alarm halo-london-prod-stable-unavailable in eu-west-2: deploy the cell's Monitoring stack first",
    );
  });

  test("a colour's targets: its target group from the App stack's resources (once), then its targets' health", async () => {
    const arn = 'arn:aws:elasticloadbalancing:eu-west-2:111122223333:targetgroup/green/0123456789abcdef';
    const { clients, sent } = clientsWith({
      resources: {
        StackResources: [
          { LogicalResourceId: TARGET_GROUP_LOGICAL_IDS.green, ResourceType: 'AWS::ElasticLoadBalancingV2::TargetGroup', PhysicalResourceId: arn },
        ],
      },
      health: { TargetHealthDescriptions: ['healthy', 'healthy', 'unhealthy', 'initial'].map((State) => ({ TargetHealth: { State } })) },
    });
    const watcher = new AwsCellWatcher(() => clients);
    expect(await watcher.targetHealth(CELL, 'green')).toEqual({ healthy: 2, unhealthy: 1, other: 1 });
    await watcher.targetHealth(CELL, 'green');
    expect(sent.map((c) => (c as object).constructor.name)).toEqual([
      'DescribeStackResourcesCommand',
      'DescribeTargetHealthCommand',
      'DescribeTargetHealthCommand',
    ]);
    expect((sent[0] as DescribeStackResourcesCommand).input).toEqual({
      StackName: 'halo-london-prod-stable-app',
      LogicalResourceId: 'ApplicationGreenTargetsAC4D26FE',
    });
    expect((sent[1] as DescribeTargetHealthCommand).input).toEqual({ TargetGroupArn: arn });
    const { clients: empty } = clientsWith({ resources: { StackResources: [] } });
    await expect(new AwsCellWatcher(() => empty).targetHealth(CELL, 'blue')).rejects.toThrow(
      'stack halo-london-prod-stable-app has no target group ApplicationBlueTargetsB7FD4641 (the blue web targets)',
    );
  });

  test("the logical ids are each colour's web target group in the synthesized App stack, the ones its listener weighs", () => {
    const template = fixtureStage('London').templateJson('prod-stable-App');
    for (const id of Object.values(TARGET_GROUP_LOGICAL_IDS)) expect(template.Resources[id]?.Type).toBe('AWS::ElasticLoadBalancingV2::TargetGroup');
    const forwards = Object.values(template.Resources as Record<string, any>)
      .filter((r) => r.Type === 'AWS::ElasticLoadBalancingV2::Listener')
      .flatMap((r) => r.Properties.DefaultActions.flatMap((a: any) => a.ForwardConfig?.TargetGroups ?? []))
      .map((g: any) => g.TargetGroupArn.Ref);
    expect(forwards).toEqual([TARGET_GROUP_LOGICAL_IDS.blue, TARGET_GROUP_LOGICAL_IDS.green]);
  });
});
