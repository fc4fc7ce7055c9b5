import { BackupClient } from '@aws-sdk/client-backup';
import { CloudTrailClient } from '@aws-sdk/client-cloudtrail';
import { ConfigServiceClient } from '@aws-sdk/client-config-service';
import { EC2Client } from '@aws-sdk/client-ec2';
import { GuardDutyClient } from '@aws-sdk/client-guardduty';
import { KMSClient } from '@aws-sdk/client-kms';
import { RDSClient } from '@aws-sdk/client-rds';
import { S3Client } from '@aws-sdk/client-s3';
import { SecurityHubClient } from '@aws-sdk/client-securityhub';
import { SSMClient } from '@aws-sdk/client-ssm';
import { STSClient } from '@aws-sdk/client-sts';
import { CALL_LIMITS, type CallLimits } from './limits';
import type { RegionClients } from './types';

/**
 * The configuration every client of the verifier gets. Retries are the SDK's only (adaptive: backoff with jitter,
 * and a client-side rate limit once throttled); the verifier adds no loop of its own, so a call is tried at most
 * `maxAttempts` times. `throwOnRequestTimeout`: without it the SDK's Node handler only logs a request past its timeout.
 */
export function clientConfig(region: string, limits: CallLimits = {}) {
  const { connectionTimeoutMs, requestTimeoutMs, maxAttempts } = { ...CALL_LIMITS, ...limits };
  return {
    region,
    maxAttempts,
    retryMode: 'adaptive',
    requestHandler: { connectionTimeout: connectionTimeoutMs, requestTimeout: requestTimeoutMs, throwOnRequestTimeout: true },
  };
}

/** The clients of one region, and its STS client (the identity check). */
export function regionClients(region: string, limits: CallLimits = {}): RegionClients & { readonly sts: STSClient } {
  const config = clientConfig(region, limits);
  return {
    rds: new RDSClient(config),
    s3: new S3Client(config),
    kms: new KMSClient(config),
    guardDuty: new GuardDutyClient(config),
    securityHub: new SecurityHubClient(config),
    cloudTrail: new CloudTrailClient(config),
    backup: new BackupClient(config),
    ec2: new EC2Client(config),
    config: new ConfigServiceClient(config),
    ssm: new SSMClient(config),
    sts: new STSClient(config),
  };
}
