import type { DeclaredRegion } from '../lib/release/declared-regions';
import { productionCell, uatCell } from './cells';

export const canadaCentral: DeclaredRegion = {
  code: 'ca-central-1',
  name: 'Canada Central',
  availabilityZones: ['ca-central-1a', 'ca-central-1b', 'ca-central-1d'],
  optIn: false,
  services: {
    securityLake: true,
    securityHubStandards: ['aws-foundational-security-best-practices', 'cis-aws-foundations-benchmark-3.0.0', 'pci-dss-4.0.1', 'nist-800-53-r5'],
  },
  maintenanceWindow: { window: 'Sun:01:00-Sun:04:00', timeZone: 'America/Toronto' },
  network: { cidr: '10.40.0.0/16', flowLogRetentionDays: 365 },
  directory: { edition: 'Enterprise' },
  cells: [
    productionCell('prod-stable', 'stable', 'CA', {
      domainName: 'prod-stable.canada-central.halo.example',
      certificateArn: 'arn:aws:acm:ca-central-1:111122223333:certificate/6390f00f-7384-5356-9084-0fdf9446b83b',
    }),
    uatCell('CA', {
      domainName: 'uat.canada-central.halo.example',
      certificateArn: 'arn:aws:acm:ca-central-1:111122223333:certificate/ed923713-8173-5645-9664-b2eb444dd3f4',
    }),
  ],
};
