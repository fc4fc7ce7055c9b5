import type { z } from 'zod';
import type { securitySchema } from '../lib/config';

/**
 * Account-wide security settings. The account ids are AWS's documentation examples: set the real
 * identity (sign-in) account, the SIEM's account and the alert mailbox before deploying. Renew accessExpiry at each
 * access review; synth warns when it has passed or lies more than 30 days ahead.
 */
export const SECURITY: z.input<typeof securitySchema> = {
  identityAccountId: '444455556666',
  // Permission sets engineers sign in with through IAM Identity Center (MFA required by Identity Center at sign-in).
  identityCenterPermissionSets: { operator: 'HaloOperator', breakGlass: 'HaloBreakGlass' },
  accessExpiry: '2026-12-20T00:00:00Z',
  trailObjectLockDays: 365,
  siem: { accountId: '777788889999', externalId: 'halo-siem-subscriber' },
  // Each address confirms its subscription once; replace with the on-call mailbox.
  alertEmails: ['platform-alerts@halo.example'],
  securityLake: { transitionDays: 30, expirationDays: 400 },
};
