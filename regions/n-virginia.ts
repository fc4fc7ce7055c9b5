import type { DeclaredRegion } from '../lib/release/declared-regions';
import { productionCell, uatCell } from './cells';

export const nVirginia: DeclaredRegion = {
  code: 'us-east-1',
  name: 'N. Virginia',
  availabilityZones: ['us-east-1a', 'us-east-1b', 'us-east-1c'],
  optIn: false,
  services: {
    securityLake: true,
    securityHubStandards: ['aws-foundational-security-best-practices', 'cis-aws-foundations-benchmark-3.0.0', 'pci-dss-4.0.1', 'nist-800-53-r5'],
  },
  maintenanceWindow: { window: 'Sun:01:00-Sun:04:00', timeZone: 'America/New_York' },
  network: { cidr: '10.30.0.0/16', flowLogRetentionDays: 365 },
  directory: { edition: 'Enterprise' },
  cells: [
    productionCell('prod-stable', 'stable', 'US', {
      domainName: 'prod-stable.n-virginia.halo.example',
      certificateArn: 'arn:aws:acm:us-east-1:111122223333:certificate/784feae8-8335-52e7-8479-a5b9613becff',
    }),
    productionCell('prod-beta', 'beta', 'US', {
      domainName: 'prod-beta.n-virginia.halo.example',
      certificateArn: 'arn:aws:acm:us-east-1:111122223333:certificate/615e9261-6bc6-55b8-a3cb-15e099cbacf3',
    }),
    uatCell('US', {
      domainName: 'uat.n-virginia.halo.example',
      certificateArn: 'arn:aws:acm:us-east-1:111122223333:certificate/8baac55a-2ec0-5cff-be03-d3dfa4f45e69',
    }),
  ],
};
