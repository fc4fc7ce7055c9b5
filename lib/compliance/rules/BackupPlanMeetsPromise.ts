import { parse } from 'path';
import { CfnResource, Stack } from 'aws-cdk-lib';
import { CfnBackupPlan } from 'aws-cdk-lib/aws-backup';
import { NagRuleCompliance } from 'cdk-nag';
import { backupPromiseOf } from '../backup-promise';

interface PlanRule {
  scheduleExpression?: unknown;
  lifecycle?: { deleteAfterDays?: unknown };
  copyActions?: { lifecycle?: { deleteAfterDays?: unknown } }[];
}

// cron(minutes hours day-of-month month day-of-week year): daily has every day, monthly one fixed day of every month.
const DAILY = /^cron\(\d{1,2} \d{1,2} \* \* \? \*\)$/;
const MONTHLY = /^cron\(\d{1,2} \d{1,2} \d{1,2} \* \? \*\)$/;

/** Whether a rule and each of its copies keep recovery points at least the given days. */
function keeps(rule: PlanRule, days: number): boolean {
  const kept = [rule.lifecycle?.deleteAfterDays, ...(rule.copyActions ?? []).map((c) => c.lifecycle?.deleteAfterDays)];
  return kept.every((d) => typeof d === 'number' && d >= days);
}

/**
 * A backup plan runs a daily full backup kept as long as its declared promise, and a monthly one where promised, copies included.
 * @param node the CfnResource to check
 */
export default Object.defineProperty(
  (node: CfnResource): NagRuleCompliance => {
    if (!(node instanceof CfnBackupPlan)) return NagRuleCompliance.NOT_APPLICABLE;
    const promise = backupPromiseOf(node);
    if (!promise) return NagRuleCompliance.NON_COMPLIANT;
    const plan = Stack.of(node).resolve(node.backupPlan) as { backupPlanRule?: PlanRule[] };
    const rules = plan.backupPlanRule ?? [];
    const meets = (schedule: RegExp, days: number) =>
      rules.some((r) => typeof r.scheduleExpression === 'string' && schedule.test(r.scheduleExpression) && keeps(r, days));
    const daily = meets(DAILY, promise.dailyRetentionDays);
    const monthly = promise.monthlyRetentionDays === undefined || meets(MONTHLY, promise.monthlyRetentionDays);
    return daily && monthly ? NagRuleCompliance.COMPLIANT : NagRuleCompliance.NON_COMPLIANT;
  },
  'name',
  { value: parse(__filename).name },
);
