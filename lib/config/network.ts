import * as ipaddr from 'ipaddr.js';
import type { Path, Report } from './problems';

/**
 * The VPC prefixes RegionNetwork's subnets fit in: three AZs of a public /24, an app /20 and a data /24, which
 * aws-cdk-lib lays out up to x.x.66.255 (test/config/network.test.ts builds the network at both ends of the range).
 */
export const VPC_PREFIX = { longest: 17, shortest: 16 } as const;

/** Private address ranges a VPC block must lie in (RFC 1918), so the platform never routes someone else's addresses. */
export const PRIVATE_RANGES = ['10.0.0.0/8', '172.16.0.0/12', '192.168.0.0/16'] as const;

/** A block read by ipaddr.js: network address, prefix length, and the text as written. */
export interface CidrBlock {
  readonly network: ipaddr.IPv4;
  readonly prefix: number;
  readonly text: string;
}

/**
 * Reads a VPC block, reporting what is wrong with it: not IPv4 CIDR notation, host bits set (naming the network
 * that was probably meant), outside the private ranges, or a size the subnets do not fit.
 */
export function checkVpcCidr(text: string, path: Path, report: Report): CidrBlock | undefined {
  const allowed = `an IPv4 CIDR block /${VPC_PREFIX.shortest} or /${VPC_PREFIX.longest} in ${PRIVATE_RANGES.join(', ')}, e.g. "10.10.0.0/16"`;
  const [addressText, prefixText] = text.split('/');
  // ipaddr.js also reads "10.0.0/16" and hexadecimal parts; EC2 takes four decimal parts only.
  if (!ipaddr.IPv4.isValidCIDR(text) || !ipaddr.IPv4.isValidFourPartDecimal(addressText) || !/^(0|[1-9]\d?)$/.test(prefixText ?? '')) {
    report(path, allowed);
    return undefined;
  }
  const [address, prefix] = ipaddr.IPv4.parseCIDR(text);
  const network = ipaddr.IPv4.networkAddressFromCIDR(text);
  const meant = `${network.toString()}/${prefix}`;
  if (network.toString() !== address.toString()) {
    report(
      path,
      `a block whose host bits are zero: "${text}" has host bits set, so the VPC would be built on ${meant} while rules use "${text}"; write "${meant}"`,
    );
    return undefined;
  }
  if (!PRIVATE_RANGES.some((range) => network.match(ipaddr.IPv4.parseCIDR(range)))) {
    report(path, allowed);
    return undefined;
  }
  if (prefix < VPC_PREFIX.shortest || prefix > VPC_PREFIX.longest) {
    report(
      path,
      `a /${VPC_PREFIX.shortest} or /${VPC_PREFIX.longest} block (a VPC is at most /16; the three AZs' public /24, app /20 and data /24 subnets need a /17)`,
    );
    return undefined;
  }
  return { network, prefix, text: meant };
}

/** True when two blocks share any address (equal, overlapping, or one inside the other). */
export function overlaps(a: CidrBlock, b: CidrBlock): boolean {
  return a.network.match(b.network, b.prefix) || b.network.match(a.network, a.prefix);
}
