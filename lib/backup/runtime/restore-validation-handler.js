// Validates a monthly restore test: waits for the restored SQL node to run and pass both EC2 status checks, then reports
// the outcome to AWS Backup. Inlined by MonthlyRestoreTesting, which sets CHECK_MINUTES; the runtime ships the SDK clients.
const { BackupClient, PutRestoreValidationResultCommand } = require('@aws-sdk/client-backup');
const { EC2Client, DescribeInstanceStatusCommand } = require('@aws-sdk/client-ec2');

const backup = new BackupClient({});
const ec2 = new EC2Client({});
const POLL_MS = 30000;
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

// The construct sizes the function's timeout from the same value, so there is no default here to drift from it.
function checkMinutes() {
  const minutes = Number(process.env.CHECK_MINUTES);
  if (!(minutes > 0)) throw new Error(`CHECK_MINUTES must be a positive number of minutes, got "${process.env.CHECK_MINUTES ?? ''}"`);
  return minutes;
}

const healthy = (s) => s?.InstanceState?.Name === 'running' && s.InstanceStatus?.Status === 'ok' && s.SystemStatus?.Status === 'ok';
const statusOf = (s) => (s ? `${s.InstanceState?.Name}, instance status ${s.InstanceStatus?.Status}, system status ${s.SystemStatus?.Status}` : 'not found');

async function validate(instanceId, minutes) {
  if (!/^i-[0-9a-f]+$/.test(instanceId)) return { status: 'FAILED', message: `The restore job names no restored EC2 instance ("${instanceId}")` };
  const deadline = Date.now() + minutes * 60000;
  let last = 'no answer';
  while (Date.now() < deadline) {
    try {
      const found = await ec2.send(new DescribeInstanceStatusCommand({ InstanceIds: [instanceId], IncludeAllInstances: true }));
      const s = found.InstanceStatuses?.[0];
      if (healthy(s)) return { status: 'SUCCESSFUL', message: `Restored instance ${instanceId} is running and passes system and instance status checks` };
      last = statusOf(s);
    } catch (e) {
      // A just-restored instance may not be visible yet (eventual consistency): keep polling until the deadline.
      last = `${e.name}: ${String(e.message).slice(0, 200)}`;
    }
    await sleep(Math.min(POLL_MS, deadline - Date.now()));
  }
  return { status: 'FAILED', message: `Restored instance ${instanceId} did not pass both status checks within ${minutes} minutes (last: ${last})` };
}

exports.handler = async (event) => {
  const minutes = checkMinutes();
  const job = event?.detail ?? {};
  if (!job.restoreJobId) throw new Error('The event names no restore job (detail.restoreJobId): there is nothing to report to');
  const instanceId = String(job.createdResourceArn ?? '').split('/').pop();
  const { status, message } = await validate(instanceId, minutes);
  await backup.send(new PutRestoreValidationResultCommand({ RestoreJobId: job.restoreJobId, ValidationStatus: status, ValidationStatusMessage: message }));
  console.log(JSON.stringify({ restoreJobId: job.restoreJobId, instanceId, status, message }));
  return { status };
};
