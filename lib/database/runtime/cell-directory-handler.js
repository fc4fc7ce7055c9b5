'use strict';
// CloudFormation custom resource: a cell's objects in AWS Managed Microsoft AD, through the Directory Service (Data)
// APIs, which IAM authorizes: no directory password is needed to run it.
//   Action=group:  create the cell's SQL administrators group if missing (deleted with the cell).
//   Action=grant:  create the formation account if missing, set its password from the cell's secret (which enables it), add it to the groups.
//   Action=revoke: take it out of the groups and disable it, once formation is done.
const https = require('https');
const { DirectoryServiceClient, ResetUserPasswordCommand, EnableDirectoryDataAccessCommand, DescribeDirectoryDataAccessCommand } = require('@aws-sdk/client-directory-service');
const {
  DirectoryServiceDataClient, CreateUserCommand, DescribeUserCommand, DeleteUserCommand, AddGroupMemberCommand, RemoveGroupMemberCommand, DisableUserCommand,
  CreateGroupCommand, DescribeGroupCommand, DeleteGroupCommand,
} = require('@aws-sdk/client-directory-service-data');
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

async function createGroup({ DirectoryId, GroupName }) {
  await enableDataAccess(DirectoryId);
  const exists = await data.send(new DescribeGroupCommand({ DirectoryId, SAMAccountName: GroupName })).then(() => true, (e) => { named(['ResourceNotFoundException'])(e); return false; });
  if (!exists) await data.send(new CreateGroupCommand({ DirectoryId, SAMAccountName: GroupName, GroupType: 'Security', GroupScope: 'Global' }));
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

/** Undoes what a resource made when its cell goes: the group or the account; revocation has nothing to undo. */
async function remove({ DirectoryId, Action, UserName, GroupName }) {
  if (Action === 'group') await data.send(new DeleteGroupCommand({ DirectoryId, SAMAccountName: GroupName })).catch(named(['ResourceNotFoundException']));
  if (Action === 'grant') await data.send(new DeleteUserCommand({ DirectoryId, SAMAccountName: UserName })).catch(named(['ResourceNotFoundException']));
}

const subject = (props) => props.GroupName ?? props.UserName;

function respond(event, status, reason) {
  const props = event.ResourceProperties;
  const body = JSON.stringify({
    Status: status, Reason: reason, PhysicalResourceId: `${props.DirectoryId}/${subject(props)}/${props.Action}`,
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
    if (event.RequestType === 'Delete') await remove(props);
    else if (props.Action === 'group') await createGroup(props);
    else if (props.Action === 'grant') await grant(props);
    else await revoke(props);
    await respond(event, 'SUCCESS', 'done');
  } catch (error) {
    console.error(error);
    await respond(event, 'FAILED', `${props.Action} of ${subject(props)} in ${props.DirectoryId}: ${error.name}: ${error.message}`.slice(0, 1000));
  }
};
