import type { RegionInput } from '../lib/config';
import { productionCell, uatCell } from './cells';

export const london: RegionInput = {
  code: 'eu-west-2',
  name: 'London',
  availabilityZones: ['eu-west-2a', 'eu-west-2b', 'eu-west-2c'],
  optIn: false,
  services: { securityLake: true },
  maintenanceWindow: { window: 'Sun:01:00-Sun:04:00', timeZone: 'Europe/London' },
  network: { cidr: '10.10.0.0/16', flowLogRetentionDays: 365 },
  cells: [
    productionCell('prod-stable', 'stable', 'UK'),
    productionCell('prod-beta', 'beta', 'UK'),
    uatCell('UK'),
  ],
};
