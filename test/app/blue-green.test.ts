import type { AppConfig } from '../../lib/config';
import { buildTestApp, fixtureStage, templateOf } from '../helpers';
import { cellApplicationTemplate } from './cell-application.fixture';

type Colour = Partial<AppConfig['blue']>;
const release =
  (blue: Colour, green: Colour) =>
  (app: AppConfig): AppConfig => ({ ...app, blue: { ...app.blue, ...blue }, green: { ...app.green, ...green } });
const CANARY = release({ weight: 90 }, { version: '2.133.0', weight: 10, minCapacity: 3 });
const FLIPPED = release({ weight: 0, minCapacity: 0 }, { version: '2.133.0', weight: 100, minCapacity: 3 });

const weights = (template: any) =>
  Object.entries(template.Resources as Record<string, any>)
    .find(([id]) => id.startsWith('ApplicationWebLoadBalancerHttps'))![1]
    .Properties.DefaultActions[0].ForwardConfig.TargetGroups.map((t: any) => t.Weight);

describe('a blue/green release is a configuration change', () => {
  // The cell's application layer alone, before and during a release.
  const before = cellApplicationTemplate().toJSON();
  const canary = cellApplicationTemplate(CANARY).toJSON();
  const flipped = cellApplicationTemplate(FLIPPED).toJSON();

  test('canary and flip change only the listener weights and the fleets of the App stack', () => {
    expect([weights(before), weights(canary), weights(flipped)]).toEqual([
      [100, 0],
      [90, 10],
      [0, 100],
    ]);
  });

  test('never touch the Data stack', () => {
    // London with the release configured in its prod-stable cell, against the fixture's London.
    const unchanged = fixtureStage('London').templateJson('prod-stable-Data');
    for (const change of [CANARY, FLIPPED]) {
      const { stages } = buildTestApp({ regions: 'london' }, (input) => {
        const london = input.regions.find((r) => r.code === 'eu-west-2')!;
        london.cells = london.cells.filter((c) => c.id === 'prod-stable');
        london.cells[0].app = change(london.cells[0].app);
      });
      expect(templateOf(stages[0].data['prod-stable']).toJSON()).toEqual(unchanged);
    }
  });

  test('the microservices follow the colour that takes most traffic', () => {
    const userData = (t: any) =>
      JSON.stringify(
        Object.entries(t.Resources as Record<string, any>).find(
          ([id, r]) => id.startsWith('ApplicationChatFleetLaunchTemplate') && r.Type === 'AWS::EC2::LaunchTemplate',
        )![1].Properties.LaunchTemplateData.UserData,
      );
    expect(userData(before)).toMatch(/2\.132\.8/);
    expect(userData(flipped)).toMatch(/2\.133\.0/);
  });
});
