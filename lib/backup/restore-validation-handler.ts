/**
 * Source of the restore-test validation function, inline so nothing is bundled or fetched: it waits
 * for the restored SQL node to run and pass both EC2 status checks, then reports the outcome to
 * AWS Backup. The Node.js runtime ships the AWS SDK v3 clients it uses.
 */
export const RESTORE_VALIDATION_HANDLER = `
const { BackupClient, PutRestoreValidationResultCommand } = require('@aws-sdk/client-backup');
const { EC2Client, DescribeInstanceStatusCommand } = require('@aws-sdk/client-ec2');
const backup = new BackupClient({});
const ec2 = new EC2Client({});
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

exports.handler = async (event) => {
  const job = event.detail || {};
  const instanceId = String(job.createdResourceArn || '').split('/').pop();
  const deadline = Date.now() + Number(process.env.CHECK_MINUTES || '12') * 60000;
  let status = 'FAILED';
  let message = 'Restored instance ' + instanceId + ' did not pass both status checks in time';
  while (instanceId && Date.now() < deadline) {
    const found = await ec2.send(new DescribeInstanceStatusCommand({ InstanceIds: [instanceId], IncludeAllInstances: true }));
    const s = (found.InstanceStatuses || [])[0];
    if (s && s.InstanceState.Name === 'running' && s.InstanceStatus.Status === 'ok' && s.SystemStatus.Status === 'ok') {
      status = 'SUCCESSFUL';
      message = 'Restored instance ' + instanceId + ' is running and passes system and instance status checks';
      break;
    }
    await sleep(30000);
  }
  await backup.send(new PutRestoreValidationResultCommand({ RestoreJobId: job.restoreJobId, ValidationStatus: status, ValidationStatusMessage: message }));
  console.log(JSON.stringify({ restoreJobId: job.restoreJobId, instanceId, status, message }));
  return { status };
};
`;
