import { parse } from 'path';
import { CfnDeletionPolicy, CfnResource } from 'aws-cdk-lib';
import { NagRuleCompliance } from 'cdk-nag';

/** Resource types that hold data or key material, and the policies that keep it. */
export const STATEFUL_RESOURCE_TYPES: Readonly<Record<string, readonly CfnDeletionPolicy[]>> = {
  'AWS::KMS::Key': [CfnDeletionPolicy.RETAIN],
  'AWS::S3::Bucket': [CfnDeletionPolicy.RETAIN],
  'AWS::EC2::Volume': [CfnDeletionPolicy.RETAIN, CfnDeletionPolicy.SNAPSHOT],
  'AWS::Logs::LogGroup': [CfnDeletionPolicy.RETAIN],
  'AWS::FSx::FileSystem': [CfnDeletionPolicy.RETAIN, CfnDeletionPolicy.SNAPSHOT],
  'AWS::EFS::FileSystem': [CfnDeletionPolicy.RETAIN],
  'AWS::DirectoryService::MicrosoftAD': [CfnDeletionPolicy.RETAIN],
  'AWS::Backup::BackupVault': [CfnDeletionPolicy.RETAIN],
  'AWS::RDS::DBInstance': [CfnDeletionPolicy.RETAIN, CfnDeletionPolicy.SNAPSHOT],
  'AWS::RDS::DBCluster': [CfnDeletionPolicy.RETAIN, CfnDeletionPolicy.SNAPSHOT],
  'AWS::DynamoDB::Table': [CfnDeletionPolicy.RETAIN],
  // A CA's key cannot be recreated: every certificate it issued, and every client that trusts it, hangs on it.
  'AWS::ACMPCA::CertificateAuthority': [CfnDeletionPolicy.RETAIN],
};

/**
 * Stateful resources (keys, buckets, volumes, log groups, file systems, directories, vaults, certificate authorities) are retained on stack deletion and on replacement.
 * @param node the CfnResource to check
 */
export default Object.defineProperty(
  (node: CfnResource): NagRuleCompliance => {
    const keeps = STATEFUL_RESOURCE_TYPES[node.cfnResourceType];
    if (!keeps) return NagRuleCompliance.NOT_APPLICABLE;
    const { deletionPolicy, updateReplacePolicy } = node.cfnOptions;
    const kept = (policy: CfnDeletionPolicy | undefined) => policy !== undefined && keeps.includes(policy);
    return kept(deletionPolicy) && kept(updateReplacePolicy) ? NagRuleCompliance.COMPLIANT : NagRuleCompliance.NON_COMPLIANT;
  },
  'name',
  { value: parse(__filename).name },
);
