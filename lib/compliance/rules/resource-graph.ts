import { CfnResource, Reference, Stack, Tokenization } from 'aws-cdk-lib';
import { CfnInstance, CfnNetworkInterface, CfnSubnet } from 'aws-cdk-lib/aws-ec2';

/** Helpers the rules share to follow references between resources, across stacks too. */

/** The resource a token (Ref or GetAtt, local or cross-stack) points at, if any. */
export function referencedResource(value: unknown): CfnResource | undefined {
  if (value === undefined || value === null) return undefined;
  const token = Tokenization.reverse(value, { failConcat: false });
  return token instanceof Reference && CfnResource.isCfnResource(token.target) ? token.target : undefined;
}

/** A literal value, or the value behind a token where it is known at synth. */
function literal(node: CfnResource, value: unknown): unknown {
  const resolved = Stack.of(node).resolve(value);
  return typeof resolved === 'string' ? resolved : undefined;
}

/** AZ of the subnet a subnet-id value refers to. */
export function subnetAvailabilityZone(value: unknown): string | undefined {
  const subnet = referencedResource(value);
  return subnet instanceof CfnSubnet ? (literal(subnet, subnet.availabilityZone) as string | undefined) : undefined;
}

/** The subnets an instance lives in: its SubnetId, or the subnets of its network interfaces. */
export function instanceSubnets(instance: CfnInstance): CfnSubnet[] {
  const ids: unknown[] = [instance.subnetId];
  // Read the unresolved property: its tokens still lead to the resources they reference.
  const interfaces = Array.isArray(instance.networkInterfaces) ? (instance.networkInterfaces as { networkInterfaceId?: unknown; subnetId?: unknown }[]) : [];
  for (const ni of interfaces) {
    ids.push(ni.subnetId);
    const eni = referencedResource(ni.networkInterfaceId);
    if (eni instanceof CfnNetworkInterface) ids.push(eni.subnetId);
  }
  return ids.map(referencedResource).filter((s): s is CfnSubnet => s instanceof CfnSubnet);
}

/** AZ of an instance: its AvailabilityZone, else that of its subnet. */
export function instanceAvailabilityZone(instance: CfnInstance): string | undefined {
  const explicit = literal(instance, instance.availabilityZone) as string | undefined;
  return (
    explicit ??
    instanceSubnets(instance)
      .map((s) => literal(s, s.availabilityZone) as string | undefined)
      .find(Boolean)
  );
}

/** A tag's value on a taggable L1 resource. */
export function tagValue(node: CfnResource, key: string): string | undefined {
  const tags = (node as unknown as { tags?: { tagValues(): Record<string, string> } }).tags;
  return typeof tags?.tagValues === 'function' ? tags.tagValues()[key] : undefined;
}
