import type { DeclaredRegion } from '../lib/release/declared-regions';
import { OPT_IN_FAMILIES, productionCell, uatCell } from './cells';

export const capeTown: DeclaredRegion = {
  code: 'af-south-1',
  name: 'Cape Town',
  availabilityZones: ['af-south-1a', 'af-south-1b', 'af-south-1c'],
  optIn: true,
  services: {
    securityLake: false,
    securityHubStandards: ['aws-foundational-security-best-practices', 'cis-aws-foundations-benchmark-3.0.0', 'pci-dss-4.0.1', 'nist-800-53-r5'],
  },
  maintenanceWindow: { window: 'Sun:01:00-Sun:04:00', timeZone: 'Africa/Johannesburg' },
  network: { cidr: '10.50.0.0/16', flowLogRetentionDays: 365 },
  directory: { edition: 'Enterprise' },
  cells: [
    productionCell(
      'prod-stable',
      'stable',
      'ZA',
      {
        domainName: 'prod-stable.cape-town.halo.example',
        certificateArn: 'arn:aws:acm:af-south-1:111122223333:certificate/ad64b626-ca16-5f09-9f7c-593af2ad17bd',
      },
      OPT_IN_FAMILIES,
    ),
    uatCell(
      'ZA',
      { domainName: 'uat.cape-town.halo.example', certificateArn: 'arn:aws:acm:af-south-1:111122223333:certificate/57d97abd-1259-5402-a970-75c2de6d6714' },
      OPT_IN_FAMILIES,
    ),
  ],
};
