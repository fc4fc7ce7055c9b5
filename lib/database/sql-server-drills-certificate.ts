import { Stack } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import type * as ssm from 'aws-cdk-lib/aws-ssm';
import { Construct } from 'constructs';
import { powerShellStep, scriptWithFacts } from './powershell';
import type { DrillSchedules } from './sql-server-drills-schedules';
import type { SqlServerFacts } from './sql-server-facts';
import type { SqlServerNode } from './sql-server-node';
import { commandDocument } from './ssm-documents';

/**
 * A standalone node has no secondary to renew on (a cluster renews in its failover drill): its certificate is renewed,
 * and SQL Server restarted, monthly in the maintenance window an hour after it opens. Created in `scope` (the drills).
 */
export function certificateRenewal(scope: Construct, facts: SqlServerFacts, nodes: readonly SqlServerNode[], schedules: DrillSchedules): ssm.CfnDocument {
  const stack = Stack.of(scope);
  const document = commandDocument(scope, 'RenewCertificate', "Renews the node's TLS certificate when due and restarts SQL Server to load it", {}, [
    powerShellStep('renewCertificate', scriptWithFacts(scope, facts, 'common', 'certificate', 'install-certificate')),
  ]);
  const documentArn = stack.formatArn({ service: 'ssm', resource: 'document', resourceName: document.ref });
  const instances = nodes.map((n) => stack.formatArn({ service: 'ec2', resource: 'instance', resourceName: n.instance.ref }));
  schedules.add(
    'CertificateRenewalSchedule',
    `Renews the certificate of ${facts.cellId}'s node`,
    60,
    {
      arn: 'arn:aws:scheduler:::aws-sdk:ssm:sendCommand',
      input: { DocumentName: document.ref, InstanceIds: nodes.map((n) => n.instance.ref) },
    },
    [new iam.PolicyStatement({ actions: ['ssm:SendCommand'], resources: [documentArn, ...instances] })],
    { action: 'ssm:SendCommand', resource: documentArn },
  );
  return document;
}
