import { CrossStackReferences, ReferenceStrength, Stack } from 'aws-cdk-lib';
import { tagAll } from '../lib/tagging';
import { Construct, type IConstruct } from 'constructs';
import { declareResidency } from '../lib/compliance/residency';
import type { RegionConfig } from '../lib/config';
import { LAYER_TAG, stackNameOf } from '../lib/config/names';

/** Properties of {@link HaloStack}. */
export interface HaloStackProps {
  /** The validated region this stack deploys to. */
  readonly region: RegionConfig;
  /** Layer name; the stack is named `halo-<region slug>-<layer>`. */
  readonly layer: string;
  /** What the stack holds, shown in the CloudFormation console. */
  readonly description: string;
  /**
   * Refuse `cdk destroy` and console deletion until switched off.
   * @default true
   */
  readonly terminationProtection?: boolean;
}

/**
 * A deployment unit of one region: explicit account and region, a stable readable name, and the
 * region's availability zones from configuration so that synthesis asks AWS nothing.
 */
export class HaloStack extends Stack {
  public readonly regionConfig: RegionConfig;

  constructor(scope: Construct, id: string, props: HaloStackProps) {
    super(scope, id, {
      env: { account: props.region.account, region: props.region.code },
      stackName: stackNameOf(props.region.slug, props.layer),
      description: props.description,
      terminationProtection: props.terminationProtection ?? true,
    });
    this.regionConfig = props.region;
    Object.entries(props.region.tags).forEach(([key, value]) => tagAll(this, key, value));
    tagAll(this, LAYER_TAG, props.layer);
    // Region-level data may stay only where every zone of the region agrees; cells declare their own zone.
    declareResidency(this, { zone: props.region.residencyZones.join('+'), regions: props.region.residencyRegions });
  }

  /** The region's three configured zones; never the AZ context lookup, which needs credentials. */
  public get availabilityZones(): string[] {
    return [...this.regionConfig.availabilityZones];
  }

  /**
   * Other stacks reference these resources weakly (`Fn::GetStackOutput`) instead of the app's strong default: only for
   * resources CloudFormation cannot replace under the same logical id (test/stacks/cross-stack-references.test.ts).
   */
  protected referenceWeakly(...resources: IConstruct[]): void {
    resources.forEach((resource) => CrossStackReferences.of(resource).produce(ReferenceStrength.WEAK));
  }
}
