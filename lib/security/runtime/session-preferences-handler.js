'use strict';
// CloudFormation custom resource: the region's Session Manager preferences, kept in the document Session Manager
// reads them from (SSM-SessionManagerRunShell). Saving preferences in the console creates that document, so a
// plain AWS::SSM::Document would fail where it exists: this updates it when present and creates it otherwise.
const https = require('https');
const { SSMClient, CreateDocumentCommand, UpdateDocumentCommand, UpdateDocumentDefaultVersionCommand } = require('@aws-sdk/client-ssm');

const ssm = new SSMClient({});

async function upsert(Name, Content) {
  try {
    const { DocumentDescription } = await ssm.send(new UpdateDocumentCommand({ Name, Content, DocumentVersion: '$LATEST', DocumentFormat: 'JSON' }));
    await ssm.send(new UpdateDocumentDefaultVersionCommand({ Name, DocumentVersion: DocumentDescription.DocumentVersion }));
  } catch (error) {
    if (error.name === 'DuplicateDocumentContent') return;
    if (error.name !== 'InvalidDocument') throw error;
    await ssm.send(new CreateDocumentCommand({ Name, Content, DocumentType: 'Session', DocumentFormat: 'JSON' }));
  }
}

function respond(event, status, reason) {
  const body = JSON.stringify({
    Status: status, Reason: reason, PhysicalResourceId: event.ResourceProperties.Name,
    StackId: event.StackId, RequestId: event.RequestId, LogicalResourceId: event.LogicalResourceId,
  });
  return new Promise((resolve, reject) => {
    const request = https.request(event.ResponseURL, { method: 'PUT', headers: { 'content-type': '', 'content-length': Buffer.byteLength(body) } }, (res) => { res.resume(); res.on('end', resolve); });
    request.on('error', reject);
    request.end(body);
  });
}

exports.handler = async (event) => {
  try {
    // On delete the preferences stay: they are the account's, and other tools may rely on them.
    if (event.RequestType !== 'Delete') await upsert(event.ResourceProperties.Name, event.ResourceProperties.Content);
    await respond(event, 'SUCCESS', 'done');
  } catch (error) {
    console.error(error);
    await respond(event, 'FAILED', `${event.ResourceProperties.Name}: ${error.name}: ${error.message}`.slice(0, 1000));
  }
};
