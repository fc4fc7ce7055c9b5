import type { DeclaredRegion } from '../lib/release/declared-regions';
import { productionCell, uatCell } from './cells';

export const sydney: DeclaredRegion = {
  code: 'ap-southeast-2',
  name: 'Sydney',
  availabilityZones: ['ap-southeast-2a', 'ap-southeast-2b', 'ap-southeast-2c'],
  optIn: false,
  services: {
    securityLake: true,
    securityHubStandards: ['aws-foundational-security-best-practices', 'cis-aws-foundations-benchmark-3.0.0', 'pci-dss-4.0.1', 'nist-800-53-r5'],
  },
  maintenanceWindow: { window: 'Sun:01:00-Sun:04:00', timeZone: 'Australia/Sydney' },
  network: { cidr: '10.60.0.0/16', flowLogRetentionDays: 365 },
  directory: { edition: 'Enterprise' },
  cells: [
    productionCell('prod-stable', 'stable', 'AU', {
      domainName: 'prod-stable.sydney.halo.example',
      certificateArn: 'arn:aws:acm:ap-southeast-2:111122223333:certificate/533f840f-683f-5d5a-8dfa-1df1820667b0',
    }),
    uatCell('AU', {
      domainName: 'uat.sydney.halo.example',
      certificateArn: 'arn:aws:acm:ap-southeast-2:111122223333:certificate/3fe179f3-644c-5ac5-96a2-c7f3397c67fa',
    }),
  ],
};
