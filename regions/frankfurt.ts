import type { DeclaredRegion } from '../lib/release/declared-regions';
import { productionCell, uatCell } from './cells';

export const frankfurt: DeclaredRegion = {
  code: 'eu-central-1',
  name: 'Frankfurt',
  availabilityZones: ['eu-central-1a', 'eu-central-1b', 'eu-central-1c'],
  optIn: false,
  services: {
    securityLake: true,
    securityHubStandards: ['aws-foundational-security-best-practices', 'cis-aws-foundations-benchmark-3.0.0', 'pci-dss-4.0.1', 'nist-800-53-r5'],
  },
  maintenanceWindow: { window: 'Sun:01:00-Sun:04:00', timeZone: 'Europe/Berlin' },
  network: { cidr: '10.20.0.0/16', flowLogRetentionDays: 365 },
  directory: { edition: 'Enterprise' },
  cells: [
    // EU customers' recovery points are also copied to London, inside the EU zone.
    {
      ...productionCell('prod-stable', 'stable', 'EU', {
        domainName: 'prod-stable.frankfurt.halo.example',
        certificateArn: 'arn:aws:acm:eu-central-1:111122223333:certificate/33f1f1e3-b5f5-52c2-903c-45a3ffb176e9',
      }),
      backupCopyRegion: 'eu-west-2',
    },
    uatCell('EU', {
      domainName: 'uat.frankfurt.halo.example',
      certificateArn: 'arn:aws:acm:eu-central-1:111122223333:certificate/b38c93fa-29a9-56bb-a057-182a8939cea0',
    }),
  ],
};
