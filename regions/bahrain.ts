import type { DeclaredRegion } from '../lib/release/declared-regions';
import { OPT_IN_FAMILIES, productionCell, uatCell } from './cells';

export const bahrain: DeclaredRegion = {
  code: 'me-south-1',
  name: 'Bahrain',
  availabilityZones: ['me-south-1a', 'me-south-1b', 'me-south-1c'],
  optIn: true,
  services: {
    securityLake: false,
    securityHubStandards: ['aws-foundational-security-best-practices', 'cis-aws-foundations-benchmark-3.0.0', 'pci-dss-4.0.1', 'nist-800-53-r5'],
  },
  // The working week in Bahrain runs Sunday to Thursday.
  maintenanceWindow: { window: 'Fri:01:00-Fri:04:00', timeZone: 'Asia/Bahrain' },
  network: { cidr: '10.70.0.0/16', flowLogRetentionDays: 365 },
  directory: { edition: 'Enterprise' },
  cells: [
    productionCell(
      'prod-stable',
      'stable',
      'ME',
      {
        domainName: 'prod-stable.bahrain.halo.example',
        certificateArn: 'arn:aws:acm:me-south-1:111122223333:certificate/1bfacbc8-492f-5f1d-af02-86c7212b0a2e',
      },
      OPT_IN_FAMILIES,
    ),
    uatCell(
      'ME',
      { domainName: 'uat.bahrain.halo.example', certificateArn: 'arn:aws:acm:me-south-1:111122223333:certificate/88526a99-6714-5a13-b331-a9a7706694bb' },
      OPT_IN_FAMILIES,
    ),
  ],
};
