import { App } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { validateConfig } from '../../lib/config';
import { BACKUP_POLICIES, BREAK_GLASS_ROLE_NAME, REGIONS, RESIDENCY_ZONES, SECURITY } from '../../regions';
import { RegionStage } from '../../stacks/region-stage';
import { cdkJsonContext } from '../helpers';

/** London with the prod-stable cell's blue/green setting changed. */
function londonWith(blue: object, green: object) {
  const regions = structuredClone([...REGIONS]);
  const london = regions.find((r) => r.code === 'eu-west-2')!;
  Object.assign(london.cells[0].app.blue, blue);
  Object.assign(london.cells[0].app.green, green);
  const config = validateConfig({ account: '111122223333', breakGlassRoleName: BREAK_GLASS_ROLE_NAME, security: SECURITY, zones: RESIDENCY_ZONES, backupPolicies: BACKUP_POLICIES, regions });
  const stage = new RegionStage(new App({ context: cdkJsonContext() }), { region: config.regions[0], config });
  return { app: Template.fromStack(stage.app['prod-stable']).toJSON(), data: Template.fromStack(stage.data['prod-stable']).toJSON() };
}

const weights = (template: any) => Object.entries(template.Resources as Record<string, any>)
  .find(([id]) => id.startsWith('ApplicationWebLoadBalancerHttps'))![1].Properties.DefaultActions[0].ForwardConfig.TargetGroups.map((t: any) => t.Weight);

describe('a blue/green release is a configuration change', () => {
  const before = londonWith({}, {});
  const canary = londonWith({ weight: 90 }, { version: '2.133.0', weight: 10, minCapacity: 3 });
  const flipped = londonWith({ weight: 0, minCapacity: 0 }, { version: '2.133.0', weight: 100, minCapacity: 3 });

  test('canary and flip change only the listener weights and the fleets of the App stack', () => {
    expect([weights(before.app), weights(canary.app), weights(flipped.app)]).toEqual([[100, 0], [90, 10], [0, 100]]);
  });

  test('never touch the Data stack', () => {
    expect(canary.data).toEqual(before.data);
    expect(flipped.data).toEqual(before.data);
  });

  test('the microservices follow the colour that takes most traffic', () => {
    const userData = (t: any) => JSON.stringify(Object.entries(t.Resources as Record<string, any>).find(([id, r]) => id.startsWith('ApplicationChatFleetLaunchTemplate') && r.Type === 'AWS::EC2::LaunchTemplate')![1].Properties.LaunchTemplateData.UserData);
    expect(userData(before.app)).toMatch(/2\.132\.8/);
    expect(userData(flipped.app)).toMatch(/2\.133\.0/);
  });
});
