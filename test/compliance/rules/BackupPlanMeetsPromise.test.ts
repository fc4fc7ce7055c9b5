import * as backup from 'aws-cdk-lib/aws-backup';
import { NagRuleCompliance } from 'cdk-nag';
import { rules } from '../../../lib/compliance';
import { declareBackupPromise } from '../../../lib/compliance/backup-promise';
import { ruleStack } from '../fixtures';

const { COMPLIANT, NON_COMPLIANT, NOT_APPLICABLE } = NagRuleCompliance;
const PRODUCTION = { environment: 'production', dailyRetentionDays: 14, monthlyRetentionDays: 90 };

function plan(
  rules: { schedule: string; days: number; copyDays?: number }[],
  promise: typeof PRODUCTION | { environment: string; dailyRetentionDays: number } | null = PRODUCTION,
) {
  const stack = ruleStack();
  const node = new backup.CfnBackupPlan(stack, 'Plan', {
    backupPlan: {
      backupPlanName: 'p',
      backupPlanRule: rules.map((r, i) => ({
        ruleName: `r${i}`,
        targetBackupVault: 'v',
        scheduleExpression: r.schedule,
        lifecycle: { deleteAfterDays: r.days },
        copyActions:
          r.copyDays === undefined
            ? undefined
            : [{ destinationBackupVaultArn: 'arn:aws:backup:eu-west-2:111122223333:backup-vault:w', lifecycle: { deleteAfterDays: r.copyDays } }],
      })),
    },
  });
  if (promise) declareBackupPromise(node, promise);
  return node;
}
const DAILY = 'cron(0 2 * * ? *)';
const MONTHLY = 'cron(0 2 1 * ? *)';

describe('Halo-BackupPlanMeetsPromise', () => {
  test('passes daily kept 14 days and monthly kept 90 days against the production promise, copies included', () => {
    expect(
      rules.BackupPlanMeetsPromise(
        plan([
          { schedule: DAILY, days: 14, copyDays: 14 },
          { schedule: MONTHLY, days: 90 },
        ]),
      ),
    ).toBe(COMPLIANT);
  });

  test('passes a UAT plan with a daily rule only', () => {
    expect(rules.BackupPlanMeetsPromise(plan([{ schedule: DAILY, days: 14 }], { environment: 'uat', dailyRetentionDays: 14 }))).toBe(COMPLIANT);
  });

  test('fails a plan kept shorter than promised, one without the monthly backup, or a copy kept shorter', () => {
    expect(
      rules.BackupPlanMeetsPromise(
        plan([
          { schedule: DAILY, days: 7 },
          { schedule: MONTHLY, days: 90 },
        ]),
      ),
    ).toBe(NON_COMPLIANT);
    expect(rules.BackupPlanMeetsPromise(plan([{ schedule: DAILY, days: 14 }]))).toBe(NON_COMPLIANT);
    expect(
      rules.BackupPlanMeetsPromise(
        plan([
          { schedule: DAILY, days: 14, copyDays: 3 },
          { schedule: MONTHLY, days: 90 },
        ]),
      ),
    ).toBe(NON_COMPLIANT);
  });

  test('fails a plan whose "daily" rule runs weekly, and a plan that declares no promise', () => {
    expect(
      rules.BackupPlanMeetsPromise(
        plan([
          { schedule: 'cron(0 2 ? * SUN *)', days: 14 },
          { schedule: MONTHLY, days: 90 },
        ]),
      ),
    ).toBe(NON_COMPLIANT);
    expect(
      rules.BackupPlanMeetsPromise(
        plan(
          [
            { schedule: DAILY, days: 14 },
            { schedule: MONTHLY, days: 90 },
          ],
          null,
        ),
      ),
    ).toBe(NON_COMPLIANT);
  });

  test('ignores other resources', () => {
    expect(rules.BackupPlanMeetsPromise(new backup.CfnBackupVault(ruleStack(), 'Vault', { backupVaultName: 'v' }))).toBe(NOT_APPLICABLE);
  });
});
