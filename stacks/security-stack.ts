import { Construct } from 'constructs';
import type { RegionConfig } from '../lib/config';
import { AccessLogsBucket } from '../lib/security/access-logs-bucket';
import { RegionKeys } from '../lib/security/region-keys';
import { HaloStack } from './halo-stack';

/** Properties of {@link SecurityStack}. */
export interface SecurityStackProps {
  readonly region: RegionConfig;
}

/** The region's keys (and, as later layers land, its audit and detection services). */
export class SecurityStack extends HaloStack {
  public readonly keys: RegionKeys;
  /** Target of every bucket's S3 server access logs in the region. */
  public readonly accessLogs: AccessLogsBucket;

  constructor(scope: Construct, id: string, props: SecurityStackProps) {
    super(scope, id, { region: props.region, layer: 'security', description: `Halo ${props.region.name}: KMS keys, access-log bucket and security services` });
    this.keys = new RegionKeys(this, 'Keys', { aliasPrefix: `alias/halo/${props.region.slug}` });
    this.accessLogs = new AccessLogsBucket(this, 'AccessLogs');
  }
}
