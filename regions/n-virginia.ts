import type { RegionInput } from '../lib/config';
import { productionCell, uatCell } from './cells';

export const nVirginia: RegionInput = {
  code: 'us-east-1',
  name: 'N. Virginia',
  availabilityZones: ['us-east-1a', 'us-east-1b', 'us-east-1c'],
  optIn: false,
  services: { securityLake: true },
  maintenanceWindow: { window: 'Sun:01:00-Sun:04:00', timeZone: 'America/New_York' },
  network: { cidr: '10.30.0.0/16', flowLogRetentionDays: 365 },
  cells: [
    productionCell('prod-stable', 'stable', 'US'),
    productionCell('prod-beta', 'beta', 'US'),
    uatCell('US'),
  ],
};
