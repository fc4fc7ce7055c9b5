import type { DeclaredRegion } from '../lib/release/declared-regions';
import { productionCell, uatCell } from './cells';

export const london: DeclaredRegion = {
  code: 'eu-west-2',
  name: 'London',
  availabilityZones: ['eu-west-2a', 'eu-west-2b', 'eu-west-2c'],
  optIn: false,
  services: {
    securityLake: true,
    securityHubStandards: ['aws-foundational-security-best-practices', 'cis-aws-foundations-benchmark-3.0.0', 'pci-dss-4.0.1', 'nist-800-53-r5'],
  },
  maintenanceWindow: { window: 'Sun:01:00-Sun:04:00', timeZone: 'Europe/London' },
  network: { cidr: '10.10.0.0/16', flowLogRetentionDays: 365 },
  directory: { edition: 'Enterprise' },
  cells: [
    productionCell('prod-stable', 'stable', 'UK', {
      domainName: 'prod-stable.london.halo.example',
      certificateArn: 'arn:aws:acm:eu-west-2:111122223333:certificate/4f42749e-f8dd-5a19-a650-c7f15599cc01',
    }),
    productionCell('prod-beta', 'beta', 'UK', {
      domainName: 'prod-beta.london.halo.example',
      certificateArn: 'arn:aws:acm:eu-west-2:111122223333:certificate/00b6af2e-36d6-5556-8719-eb80b75618e1',
    }),
    uatCell('UK', {
      domainName: 'uat.london.halo.example',
      certificateArn: 'arn:aws:acm:eu-west-2:111122223333:certificate/eb08b5b3-7194-5c89-ab4b-cf6f2cf473c3',
    }),
  ],
};
