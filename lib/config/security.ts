import type { Report } from './problems';
import type { SecurityConfig } from './schema';

/** Account-wide security settings that relate fields to each other. */
export function checkSecurity(security: SecurityConfig, report: Report): void {
  if (security.securityLake.transitionDays >= security.securityLake.expirationDays) {
    report(['security', 'securityLake', 'transitionDays'], `fewer days than expirationDays (${security.securityLake.expirationDays})`);
  }
  const emails = security.alertEmails.map((e) => e.toLowerCase());
  const repeated = emails.filter((e, i) => emails.indexOf(e) !== i);
  if (repeated.length > 0)
    report(['security', 'alertEmails'], `each address once (SNS subscribes an address once); ${[...new Set(repeated)].join(', ')} repeated`);
  const sets = security.identityCenterPermissionSets;
  if (sets.operator === sets.breakGlass) {
    report(
      ['security', 'identityCenterPermissionSets', 'breakGlass'],
      "a permission set other than the operator's: break-glass access must be granted apart from everyday access",
    );
  }
}
