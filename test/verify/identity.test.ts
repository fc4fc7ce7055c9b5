import * as s3 from '@aws-sdk/client-s3';
import * as sts from '@aws-sdk/client-sts';
import { NO_CREDENTIALS } from '../../lib/verify/aws-call';
import { regionClients } from '../../lib/verify/clients';
import { exitCodeOf, renderResults } from '../../lib/verify/report';
import { verifyAll } from '../../lib/verify/run';
import type { ExpectedPosture } from '../../lib/verify/types';
import { CHECKS } from '../../lib/verify/verify-region';
import { compliantAccount, EXPECTED, mockAccount, NOW } from './live-account.fixture';

let mocks: ReturnType<typeof mockAccount>;
beforeEach(() => {
  mocks = mockAccount(compliantAccount());
});
afterEach(() => Object.values(mocks).forEach((m) => m.restore()));

// Three regions of one account: London as the fixture declares it, and two more alike.
const region = (code: string, name: string): ExpectedPosture => ({ ...EXPECTED, region: code, regionName: name, stage: name });
const REGIONS = [EXPECTED, region('eu-central-1', 'Frankfurt'), region('af-south-1', 'CapeTown')];
const verify = (postures: readonly ExpectedPosture[] = REGIONS) => verifyAll(postures, (r) => regionClients(r), { now: NOW });
const resultsPerRegion = CHECKS.flatMap((c) => c.results(EXPECTED)).length;

describe('one identity check per account, before any check', () => {
  test('without credentials: one STS call, no other call, every check "not checked", and the reason printed once', async () => {
    mocks.sts
      .on(sts.GetCallerIdentityCommand)
      .rejects(Object.assign(new Error('Could not load credentials from any providers'), { name: 'CredentialsProviderError' }));
    const results = await verify();
    expect(mocks.sts.commandCalls(sts.GetCallerIdentityCommand)).toHaveLength(1);
    expect(mocks.s3.commandCalls(s3.ListBucketsCommand)).toHaveLength(0);
    expect(results).toHaveLength(3 * resultsPerRegion);
    expect(new Set(results.map((r) => `${r.status} ${r.errorKind} ${r.found}`))).toEqual(new Set([`not-checked no-credentials ${NO_CREDENTIALS}`]));
    expect(exitCodeOf(results)).toBe(2);
    const { table, problems } = renderResults(results);
    expect(table).toEqual([
      `NOT CHECKED eu-west-2      all ${resultsPerRegion} checks: not checked, see [1]`,
      `NOT CHECKED eu-central-1   all ${resultsPerRegion} checks: not checked, see [1]`,
      `NOT CHECKED af-south-1     all ${resultsPerRegion} checks: not checked, see [1]`,
    ]);
    expect(problems).toEqual([`[1] ${3 * resultsPerRegion} check(s) in eu-west-2, eu-central-1, af-south-1: ${NO_CREDENTIALS}`]);
  });

  test('expired credentials say so, once', async () => {
    mocks.sts
      .on(sts.GetCallerIdentityCommand)
      .rejects(Object.assign(new Error('The security token included in the request is expired'), { name: 'ExpiredToken' }));
    const { problems } = renderResults(await verify());
    expect(problems).toEqual([expect.stringMatching(/: The AWS credentials have expired \(ExpiredToken\)\. Fix: sign in again/)]);
    expect(mocks.sts.commandCalls(sts.GetCallerIdentityCommand)).toHaveLength(1);
  });

  test('credentials of another account: nothing is checked, one message names both accounts', async () => {
    mocks.sts.on(sts.GetCallerIdentityCommand).resolves({ Account: '999999999999' });
    const results = await verify();
    expect(results.every((r) => r.status === 'not-checked' && r.errorKind === 'wrong-account')).toBe(true);
    expect(renderResults(results).problems).toEqual([
      expect.stringMatching(/credentials are for account 999999999999, but these regions deploy to 111122223333/),
    ]);
  });

  test('an identity answer without the account ({}) checks nothing', async () => {
    mocks.sts.on(sts.GetCallerIdentityCommand).resolves({});
    const results = await verify([EXPECTED]);
    expect(results.every((r) => r.status === 'not-checked' && r.errorKind === 'missing-data')).toBe(true);
  });

  test('a region not enabled stops only itself: STS is asked in the next region, whose checks run', async () => {
    mocks.sts
      .on(sts.GetCallerIdentityCommand)
      .rejectsOnce(Object.assign(new Error('The security token included in the request is invalid'), { name: 'InvalidClientTokenId' }))
      .resolves({ Account: '111122223333' });
    const results = await verify([region('af-south-1', 'CapeTown'), EXPECTED]);
    expect(mocks.sts.commandCalls(sts.GetCallerIdentityCommand)).toHaveLength(2);
    const capeTown = results.filter((r) => r.region === 'af-south-1');
    expect(capeTown.every((r) => r.status === 'not-checked' && r.errorKind === 'region-not-enabled')).toBe(true);
    expect(capeTown[0].found).toMatch(/enable-region --region-name af-south-1/);
    expect(
      results
        .filter((r) => r.region === 'eu-west-2')
        .map((r) => r.status)
        .filter((s) => s !== 'pass' && s !== 'info'),
    ).toEqual([]);
  });

  test('two accounts: one identity check each', async () => {
    mocks.sts.on(sts.GetCallerIdentityCommand).resolves({ Account: '111122223333' });
    await verify([EXPECTED, region('eu-central-1', 'Frankfurt'), { ...region('us-east-1', 'NVirginia'), account: '444455556666' }]);
    expect(mocks.sts.commandCalls(sts.GetCallerIdentityCommand)).toHaveLength(2);
  });
});
