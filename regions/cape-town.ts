import type { RegionInput } from '../lib/config';
import { OPT_IN_FAMILIES, productionCell, uatCell } from './cells';

export const capeTown: RegionInput = {
  code: 'af-south-1',
  name: 'Cape Town',
  availabilityZones: ['af-south-1a', 'af-south-1b', 'af-south-1c'],
  optIn: true,
  services: { securityLake: false },
  maintenanceWindow: { window: 'Sun:01:00-Sun:04:00', timeZone: 'Africa/Johannesburg' },
  network: { cidr: '10.50.0.0/16', flowLogRetentionDays: 365 },
  cells: [
    productionCell('prod-stable', 'stable', 'ZA', OPT_IN_FAMILIES),
    uatCell('ZA', OPT_IN_FAMILIES),
  ],
};
