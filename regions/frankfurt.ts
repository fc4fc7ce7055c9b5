import type { RegionInput } from '../lib/config';
import { productionCell, uatCell } from './cells';

export const frankfurt: RegionInput = {
  code: 'eu-central-1',
  name: 'Frankfurt',
  availabilityZones: ['eu-central-1a', 'eu-central-1b', 'eu-central-1c'],
  optIn: false,
  services: { securityLake: true },
  maintenanceWindow: { window: 'Sun:01:00-Sun:04:00', timeZone: 'Europe/Berlin' },
  network: { cidr: '10.20.0.0/16', flowLogRetentionDays: 365 },
  cells: [
    // EU customers' recovery points are also copied to London, inside the EU zone.
    { ...productionCell('prod-stable', 'stable', 'EU'), backupCopyRegion: 'eu-west-2' },
    uatCell('EU'),
  ],
};
