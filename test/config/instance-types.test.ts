import { EC2_INSTANCE_TYPES_SOURCE, EC2_INSTANCE_TYPE_SIZES } from '../../lib/config/ec2-instance-types';
import { REGION_INSTANCE_FAMILIES } from '../../lib/config/instance-offerings';
import { sdkInstanceTypes } from '../../lib/config/instance-type-source';
import { instanceTypeProblem, knownInstanceTypes } from '../../lib/config/instance-types';
import { AWS_REGION_AZS } from '../../lib/config';
import { REGIONS } from '../../regions';

describe('the instance-type table', () => {
  test("is the installed @aws-sdk/client-ec2's _InstanceType enum, and names that version (regenerate after an upgrade: see instance-type-source.ts)", () => {
    const sdk = sdkInstanceTypes();
    expect(EC2_INSTANCE_TYPES_SOURCE.sdkVersion).toBe(sdk.version);
    expect(EC2_INSTANCE_TYPE_SIZES).toEqual(Object.fromEntries(Object.entries(sdk.byFamily).map(([family, sizes]) => [family, sizes.join(' ')])));
    expect(knownInstanceTypes().size).toBeGreaterThan(1000);
  });

  test('records the offerings of every region the app knows, with the date each was recorded', () => {
    expect(Object.keys(REGION_INSTANCE_FAMILIES).sort()).toEqual(Object.keys(AWS_REGION_AZS).sort());
    for (const row of Object.values(REGION_INSTANCE_FAMILIES)) expect(row.recordedOn).toMatch(/^20\d\d-\d\d-\d\d$/);
  });

  test('accepts every type the shipped catalogue uses in its region', () => {
    for (const region of REGIONS) {
      for (const cell of region.cells) {
        for (const type of Object.values(cell.sizing.instanceTypes))
          expect([region.code, type, instanceTypeProblem(type, region.code)]).toEqual([region.code, type, undefined]);
      }
    }
  });

  test('refuses a family a region does not offer, and knows it elsewhere', () => {
    expect(instanceTypeProblem('r7i.4xlarge', 'eu-west-2')).toBeUndefined();
    expect(instanceTypeProblem('r7i.4xlarge', 'me-south-1')).toMatch(/^a family me-south-1 offers .*: r7i is not offered there; offered alike: .*r6i/);
  });
});
