import { SQL_VOLUME_IOPS } from '../../lib/config/service-limits';
import { fixtureStage } from '../fixtures/assembly';

// Validation sizes volumes against the IOPS the constructs provision: those must be the IOPS they really provision.
describe('the IOPS validation assumes for each SQL Server volume', () => {
  test('are those of the synthesized volumes of every node of every London cell', () => {
    const london = fixtureStage('London');
    const purposeOf: Record<string, keyof typeof SQL_VOLUME_IOPS> = { Data: 'dataGiB', Log: 'logGiB', Tempdb: 'tempdbGiB', Backup: 'backupGiB' };
    let seen = 0;
    for (const stack of london.stacks.filter((s) => s.id.endsWith('-Data'))) {
      const resources = london.templateJson(stack.id).Resources as Record<string, { Type: string; Properties: { Iops: number } }>;
      for (const [id, volume] of Object.entries(resources).filter(([, r]) => r.Type === 'AWS::EC2::Volume')) {
        const purpose = purposeOf[/Node\d(Data|Log|Tempdb|Backup)Volume/.exec(id)![1]];
        expect([id, volume.Properties.Iops]).toEqual([id, SQL_VOLUME_IOPS[purpose]]);
        seen++;
      }
    }
    expect(seen).toBeGreaterThanOrEqual(12);
  });
});
