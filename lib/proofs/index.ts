import { ArnFormat, Stack } from 'aws-cdk-lib';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { RegionInfo } from 'aws-cdk-lib/region-info';
import { IConstruct } from 'constructs';
import { ProofActor, proveAllowed } from './proof';

export * from './proof';

/** `kms:ViaService` of a service in the scope's region, e.g. `s3.eu-west-2.amazonaws.com`. */
export function via(scope: IConstruct, service: string, region = Stack.of(scope).region): string {
  return `${service}.${region}.amazonaws.com`;
}

/** The request context of an SSE-KMS object read or write through S3 (bucket keys on: the context is the bucket's ARN). */
export function s3KmsContext(scope: IConstruct, bucket: s3.IBucket): Record<string, string> {
  return { 'kms:ViaService': via(scope, 's3'), 'kms:EncryptionContext:aws:s3:arn': bucket.bucketArn };
}

/** A log group's ARN without the trailing `:*`, as CloudWatch Logs puts it in the encryption context. */
export function logGroupContextArn(logGroup: logs.ILogGroup): string {
  return Stack.of(logGroup).formatArn({
    service: 'logs',
    resource: 'log-group',
    resourceName: logGroup.logGroupName,
    arnFormat: ArnFormat.COLON_RESOURCE_NAME,
  });
}

/** Declares that CloudWatch Logs can encrypt and read an encrypted log group's events with its key. */
export function proveLogsCanUseKey(logGroup: logs.ILogGroup, key: kms.IKey): void {
  const region = Stack.of(logGroup).region;
  for (const action of ['kms:GenerateDataKey', 'kms:Decrypt']) {
    proveAllowed(logGroup, {
      id: `LogsService${action.split(':')[1]}`,
      actor: { service: `logs.${region}.amazonaws.com` },
      action,
      resource: key.keyArn,
      context: { 'kms:EncryptionContext:aws:logs:arn': logGroupContextArn(logGroup) },
      why: "CloudWatch Logs encrypts and decrypts the log group's events with its KMS key; without it, delivery to the group fails.",
    });
  }
}

/** Who delivers Elastic Load Balancing's access logs in the scope's region: its ELB account, or (regions opened after August 2022) the log delivery service. */
export function elbLogDeliveryActor(scope: IConstruct): ProofActor {
  const { account, region } = Stack.of(scope);
  const elbAccount = RegionInfo.get(region).elbv2Account;
  return elbAccount
    ? { externalPrincipalArn: `arn:aws:iam::${elbAccount}:root`, description: `Elastic Load Balancing log delivery of ${region} (account ${elbAccount})` }
    : { service: 'logdelivery.elasticloadbalancing.amazonaws.com', sourceAccount: account };
}
