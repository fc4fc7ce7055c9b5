import { GetCallerIdentityCommand } from '@aws-sdk/client-sts';
import { AwsClient, NotChecked, read } from './aws-call';

/**
 * Whose credentials the run has, asked once per account before any check: for each region of `account`, undefined
 * when its checks may run, or why none of them can (no or expired credentials, another account's, region not enabled).
 * STS is asked in the regions in order until one answers: a region not enabled for the account (an opt-in region)
 * says so for itself and the next is tried, so one such region does not stop the others.
 */
export async function accountAccess(
  account: string,
  regions: readonly string[],
  stsOf: (region: string) => AwsClient,
): Promise<Map<string, NotChecked | undefined>> {
  const access = new Map<string, NotChecked | undefined>();
  for (const [i, region] of regions.entries()) {
    let answered: string;
    try {
      answered = await read(stsOf(region), new GetCallerIdentityCommand({}), 'Account');
    } catch (error) {
      if (!(error instanceof NotChecked)) throw error;
      if (error.kind === 'region-not-enabled') {
        access.set(region, error);
        continue;
      }
      regions.slice(i).forEach((r) => access.set(r, error));
      return access;
    }
    const problem =
      answered === account
        ? undefined
        : new NotChecked(
            'wrong-account',
            `The credentials are for account ${answered}, but these regions deploy to ${account}. Fix: use a profile or role of account ${account}.`,
          );
    regions.slice(i).forEach((r) => access.set(r, problem));
    return access;
  }
  return access;
}
