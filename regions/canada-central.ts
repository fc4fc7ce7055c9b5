import type { RegionInput } from '../lib/config';
import { productionCell, uatCell } from './cells';

export const canadaCentral: RegionInput = {
  code: 'ca-central-1',
  name: 'Canada Central',
  availabilityZones: ['ca-central-1a', 'ca-central-1b', 'ca-central-1d'],
  optIn: false,
  services: { securityLake: true },
  maintenanceWindow: { window: 'Sun:01:00-Sun:04:00', timeZone: 'America/Toronto' },
  network: { cidr: '10.40.0.0/16', flowLogRetentionDays: 365 },
  cells: [
    productionCell('prod-stable', 'stable', 'CA'),
    uatCell('CA'),
  ],
};
