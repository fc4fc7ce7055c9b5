import type { RegionInput } from '../lib/config';
import { productionCell, uatCell } from './cells';

export const sydney: RegionInput = {
  code: 'ap-southeast-2',
  name: 'Sydney',
  availabilityZones: ['ap-southeast-2a', 'ap-southeast-2b', 'ap-southeast-2c'],
  optIn: false,
  services: { securityLake: true },
  maintenanceWindow: { window: 'Sun:01:00-Sun:04:00', timeZone: 'Australia/Sydney' },
  network: { cidr: '10.60.0.0/16', flowLogRetentionDays: 365 },
  cells: [
    productionCell('prod-stable', 'stable', 'AU'),
    uatCell('AU'),
  ],
};
