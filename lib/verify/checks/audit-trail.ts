import { DescribeTrailsCommand, GetTrailStatusCommand } from '@aws-sdk/client-cloudtrail';
import { read, required } from '../aws-call';
import { CheckContext, CheckResult } from '../types';

/** The region's trail is logging, validates its log files, and stays in its region. */
export async function auditTrail(ctx: CheckContext): Promise<CheckResult> {
  const { expected } = ctx;
  const result = (status: CheckResult['status'], found: string): CheckResult => ({
    region: expected.region,
    check: 'CloudTrail trail',
    expected: `trail ${expected.trailName} logging, log file validation on, single-region`,
    found,
    status,
  });
  const trails = await read(
    ctx.clients.cloudTrail,
    new DescribeTrailsCommand({ trailNameList: [expected.trailName], includeShadowTrails: false }),
    'trailList',
  );
  const trail = trails[0];
  if (!trail) return result('fail', `no trail named ${expected.trailName}`);
  // A trail answer without these settings read nothing about them: not checked, neither "off" nor "single-region".
  const validation = required(trail, 'LogFileValidationEnabled', 'cloudtrail:DescribeTrails');
  const multiRegion = required(trail, 'IsMultiRegionTrail', 'cloudtrail:DescribeTrails');
  const logging = await read(ctx.clients.cloudTrail, new GetTrailStatusCommand({ Name: trail.TrailARN ?? expected.trailName }), 'IsLogging');
  const problems = [...(logging ? [] : ['not logging']), ...(validation ? [] : ['log file validation off']), ...(multiRegion ? ['multi-region'] : [])];
  return result(problems.length ? 'fail' : 'pass', problems.length ? problems.join(', ') : 'logging, validated, single-region');
}
