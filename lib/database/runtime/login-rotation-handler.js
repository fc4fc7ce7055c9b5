'use strict';
// Secrets Manager rotation of the application's SQL login on EC2, alternating between two logins so that the one in
// use keeps working: createSecret puts the other login with a new password as AWSPENDING; setSecret and testSecret run
// the cell's SetLoginPassword document on every node (it sets the pending password and signs in with it over TLS);
// finishSecret makes the pending version current. The nodes read the pending password themselves: it never passes
// through SSM parameters or logs.
const { SecretsManagerClient, DescribeSecretCommand, GetSecretValueCommand, PutSecretValueCommand, UpdateSecretVersionStageCommand, GetRandomPasswordCommand } = require('@aws-sdk/client-secrets-manager');
const { SSMClient, SendCommandCommand, GetCommandInvocationCommand } = require('@aws-sdk/client-ssm');

const secrets = new SecretsManagerClient({});
const ssm = new SSMClient({});
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
const LOGINS = (process.env.APPLICATION_LOGINS || '').split(',').filter(Boolean);
const NODES = (process.env.NODE_INSTANCE_IDS || '').split(',').filter(Boolean);

/** The other login of the pair, with the connection strings renamed to it. */
function alternate(current, password) {
  const index = LOGINS.indexOf(current.username);
  if (index < 0) throw new Error(`the secret's login ${current.username} is not one of ${LOGINS.join(', ')}`);
  const username = LOGINS[(index + 1) % LOGINS.length];
  const rename = (text) => (typeof text === 'string' ? text.replace(`User ID=${current.username};`, `User ID=${username};`) : text);
  return { ...current, username, password, connectionString: rename(current.connectionString), reportingConnectionStringTemplate: rename(current.reportingConnectionStringTemplate) };
}

async function createSecret(SecretId, token) {
  const current = JSON.parse((await secrets.send(new GetSecretValueCommand({ SecretId, VersionStage: 'AWSCURRENT' }))).SecretString);
  const pending = await secrets.send(new GetSecretValueCommand({ SecretId, VersionId: token, VersionStage: 'AWSPENDING' })).catch((e) => {
    if (e.name !== 'ResourceNotFoundException') throw e;
    return undefined;
  });
  if (pending) return;
  const { RandomPassword } = await secrets.send(new GetRandomPasswordCommand({ PasswordLength: 32, ExcludeCharacters: process.env.EXCLUDE_CHARACTERS }));
  await secrets.send(new PutSecretValueCommand({ SecretId, ClientRequestToken: token, SecretString: JSON.stringify(alternate(current, RandomPassword)), VersionStages: ['AWSPENDING'] }));
}

/** Runs the document on every node of the cell and waits for each; throws with the nodes that failed and why. */
async function onEveryNode(step) {
  const { Command } = await ssm.send(new SendCommandCommand({
    DocumentName: process.env.SET_PASSWORD_DOCUMENT, InstanceIds: NODES, TimeoutSeconds: 600, Comment: `login rotation: ${step}`,
  }));
  const pending = new Set(NODES);
  const failed = [];
  for (let i = 0; i < 120 && pending.size > 0; i++) {
    await sleep(5000);
    for (const InstanceId of [...pending]) {
      const invocation = await ssm.send(new GetCommandInvocationCommand({ CommandId: Command.CommandId, InstanceId })).catch((e) => {
        if (e.name === 'InvocationDoesNotExist') return undefined;
        throw e;
      });
      if (!invocation || ['Pending', 'InProgress', 'Delayed'].includes(invocation.Status)) continue;
      pending.delete(InstanceId);
      if (invocation.Status !== 'Success') failed.push(`${InstanceId}: ${invocation.Status} ${(invocation.StandardErrorContent || invocation.StandardOutputContent || '').slice(0, 300)}`);
    }
  }
  if (pending.size > 0) failed.push(...[...pending].map((id) => `${id}: no result within 10 minutes`));
  if (failed.length > 0) throw new Error(`${step} failed on ${failed.join('; ')}`);
}

async function finishSecret(SecretId, token) {
  const { VersionIdsToStages } = await secrets.send(new DescribeSecretCommand({ SecretId }));
  const current = Object.keys(VersionIdsToStages).find((id) => VersionIdsToStages[id].includes('AWSCURRENT'));
  if (current === token) return;
  await secrets.send(new UpdateSecretVersionStageCommand({ SecretId, VersionStage: 'AWSCURRENT', MoveToVersionId: token, RemoveFromVersionId: current }));
}

exports.handler = async ({ SecretId, ClientRequestToken: token, Step }) => {
  const { RotationEnabled, VersionIdsToStages = {} } = await secrets.send(new DescribeSecretCommand({ SecretId }));
  if (!RotationEnabled) throw new Error(`rotation is not enabled on ${SecretId}`);
  const stages = VersionIdsToStages[token];
  if (!stages) throw new Error(`version ${token} of ${SecretId} has no stage`);
  if (stages.includes('AWSCURRENT')) return;
  if (!stages.includes('AWSPENDING')) throw new Error(`version ${token} of ${SecretId} is not AWSPENDING`);
  if (Step === 'createSecret') await createSecret(SecretId, token);
  else if (Step === 'setSecret' || Step === 'testSecret') await onEveryNode(Step);
  else if (Step === 'finishSecret') await finishSecret(SecretId, token);
  else throw new Error(`unknown rotation step ${Step}`);
};
