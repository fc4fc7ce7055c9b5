import type { AwsClient } from './aws-call';
import { accountAccess } from './identity';
import type { CheckResult, ExpectedPosture, RegionClients } from './types';
import { CHECKS, regionNotChecked, verifyRegion, VerifyOptions } from './verify-region';

/** Options of {@link verifyAll}. */
export interface VerifyAllOptions extends VerifyOptions {
  /** Told as a region's checks start, e.g. to log it. */
  readonly onRegionStart?: (expected: ExpectedPosture) => void;
  /** Told when a region's checks cannot start, with the number of checks skipped (progress). */
  readonly onRegionSkipped?: (expected: ExpectedPosture, checks: number) => void;
}

/**
 * Verifies each region: first one identity check per account (identity.ts); a region whose account's credentials
 * are missing, expired or another account's has every check "not checked" for that one reason. Regions run one after
 * another (API rate limits are per region); each runs its checks concurrently.
 */
export async function verifyAll(
  postures: readonly ExpectedPosture[],
  clientsOf: (region: string) => RegionClients & { readonly sts: AwsClient },
  options: VerifyAllOptions = {},
): Promise<CheckResult[]> {
  const clients = new Map(postures.map((p) => [p.region, clientsOf(p.region)]));
  const accounts = [...new Set(postures.map((p) => p.account))];
  const access = new Map<string, Awaited<ReturnType<typeof accountAccess>>>();
  for (const account of accounts) {
    access.set(
      account,
      await accountAccess(
        account,
        postures.filter((p) => p.account === account).map((p) => p.region),
        (region) => clients.get(region)!.sts,
      ),
    );
  }
  const results: CheckResult[] = [];
  for (const posture of postures) {
    const problem = access.get(posture.account)!.get(posture.region);
    if (problem) {
      results.push(...regionNotChecked(posture, problem));
      options.onRegionSkipped?.(posture, CHECKS.length);
      continue;
    }
    options.onRegionStart?.(posture);
    results.push(...(await verifyRegion(posture, clients.get(posture.region)!, options)));
  }
  return results;
}
