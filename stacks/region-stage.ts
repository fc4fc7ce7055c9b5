import { Stage } from 'aws-cdk-lib';
import { Construct } from 'constructs';
import type { RegionConfig } from '../lib/config';
import { NetworkStack } from './network-stack';
import { SecurityStack } from './security-stack';

/** Properties of {@link RegionStage}. */
export interface RegionStageProps {
  readonly region: RegionConfig;
}

/** One region: `npx cdk deploy '<StageName>/*'` deploys exactly these stacks. */
export class RegionStage extends Stage {
  public readonly security: SecurityStack;
  public readonly network: NetworkStack;

  constructor(scope: Construct, props: RegionStageProps) {
    super(scope, props.region.stageName, { env: { account: props.region.account, region: props.region.code } });
    this.security = new SecurityStack(this, 'Security', { region: props.region });
    this.network = new NetworkStack(this, 'Network', { region: props.region, logsKey: this.security.keys.logs });
  }
}
