import { CfnResource, Stack } from 'aws-cdk-lib';
import { IConstruct } from 'constructs';
import { nearestMetadata } from './nearest-metadata';

/** Metadata type that records, on a stack or construct, the regions its data may reach. */
export const RESIDENCY_METADATA = 'halo:residency';

/** What a scope's residency allows. */
export interface Residency {
  /** The residency zone, e.g. `EU`. */
  readonly zone: string;
  /** Region codes data of this scope may be stored in. */
  readonly regions: readonly string[];
}

/** Declares the regions a scope's data (and everything beneath it) may be stored in. */
export function declareResidency(scope: IConstruct, residency: Residency): void {
  scope.node.addMetadata(RESIDENCY_METADATA, residency);
}

/** The residency nearest a resource (on one scope, the last declared: a cell's stack narrows its region's); without one, only the resource's own region. */
export function residencyOf(node: CfnResource): Residency {
  return nearestMetadata<Residency>(node, RESIDENCY_METADATA, { latest: true })?.data ?? { zone: 'its own region', regions: [Stack.of(node).region] };
}

/** The region field of an ARN (`arn:partition:service:region:account:...`), if it is a literal one. */
export function regionOfArn(arn: unknown): string | undefined {
  const parts = typeof arn === 'string' ? arn.split(':') : [];
  return parts.length >= 6 && parts[0] === 'arn' && parts[3] ? parts[3] : undefined;
}
