'use strict';
// CloudFormation custom resource: a cell's formation account in AWS Managed Microsoft AD, through the Directory
// Service (Data) APIs, which IAM authorizes: no directory password is needed to run it.
//   Action=grant:  create the user if missing, set its password from the cell's secret (which enables it), add it to the groups.
//   Action=revoke: take it out of the groups and disable it, once formation is done.
const https = require('https');
const { DirectoryServiceClient, ResetUserPasswordCommand, EnableDirectoryDataAccessCommand, DescribeDirectoryDataAccessCommand } = require('@aws-sdk/client-directory-service');
const { DirectoryServiceDataClient, CreateUserCommand, DescribeUserCommand, DeleteUserCommand, AddGroupMemberCommand, RemoveGroupMemberCommand, DisableUserCommand } = require('@aws-sdk/client-directory-service-data');
const { SecretsManagerClient, GetSecretValueCommand } = require('@aws-sdk/client-secrets-manager');

const ds = new DirectoryServiceClient({});
const data = new DirectoryServiceDataClient({});
const secrets = new SecretsManagerClient({});
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
const named = (names) => (error) => { if (!names.includes(error.name)) throw error; };

async function enableDataAccess(DirectoryId) {
  await ds.send(new EnableDirectoryDataAccessCommand({ DirectoryId })).catch(named(['DirectoryInDesiredStateException']));
  for (let i = 0; i < 60; i++) {
    const { DataAccessStatus } = await ds.send(new DescribeDirectoryDataAccessCommand({ DirectoryId }));
    if (DataAccessStatus === 'Enabled') return;
    if (DataAccessStatus === 'Failed') throw new Error(`Directory Service Data access failed to enable on ${DirectoryId}`);
    await sleep(10000);
  }
  throw new Error(`Directory Service Data access on ${DirectoryId} was not enabled within 10 minutes`);
}

async function grant({ DirectoryId, UserName, SecretArn, Groups }) {
  await enableDataAccess(DirectoryId);
  const exists = await data.send(new DescribeUserCommand({ DirectoryId, SAMAccountName: UserName })).then(() => true, (e) => { named(['ResourceNotFoundException'])(e); return false; });
  if (!exists) await data.send(new CreateUserCommand({ DirectoryId, SAMAccountName: UserName }));
  const { password } = JSON.parse((await secrets.send(new GetSecretValueCommand({ SecretId: SecretArn }))).SecretString);
  await ds.send(new ResetUserPasswordCommand({ DirectoryId, UserName, NewPassword: password }));
  for (const GroupName of Groups) {
    await data.send(new AddGroupMemberCommand({ DirectoryId, GroupName, MemberName: UserName })).catch(named(['ConflictException']));
  }
}

async function revoke({ DirectoryId, UserName, Groups }) {
  for (const GroupName of Groups) {
    await data.send(new RemoveGroupMemberCommand({ DirectoryId, GroupName, MemberName: UserName })).catch(named(['ResourceNotFoundException']));
  }
  await data.send(new DisableUserCommand({ DirectoryId, SAMAccountName: UserName })).catch(named(['ResourceNotFoundException']));
}

function respond(event, status, reason) {
  const body = JSON.stringify({
    Status: status, Reason: reason, PhysicalResourceId: `${event.ResourceProperties.DirectoryId}/${event.ResourceProperties.UserName}/${event.ResourceProperties.Action}`,
    StackId: event.StackId, RequestId: event.RequestId, LogicalResourceId: event.LogicalResourceId,
  });
  return new Promise((resolve, reject) => {
    const request = https.request(event.ResponseURL, { method: 'PUT', headers: { 'content-type': '', 'content-length': Buffer.byteLength(body) } }, (res) => { res.resume(); res.on('end', resolve); });
    request.on('error', reject);
    request.end(body);
  });
}

exports.handler = async (event) => {
  const props = event.ResourceProperties;
  try {
    if (event.RequestType === 'Delete') {
      // The grant resource goes with its cell: the user goes too. Revocation has nothing to undo.
      if (props.Action === 'grant') await data.send(new DeleteUserCommand({ DirectoryId: props.DirectoryId, SAMAccountName: props.UserName })).catch(named(['ResourceNotFoundException']));
    } else if (props.Action === 'grant') {
      await grant(props);
    } else {
      await revoke(props);
    }
    await respond(event, 'SUCCESS', 'done');
  } catch (error) {
    console.error(error);
    await respond(event, 'FAILED', `${props.Action} of ${props.UserName} in ${props.DirectoryId}: ${error.name}: ${error.message}`.slice(0, 1000));
  }
};
