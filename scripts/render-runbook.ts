/** `npm run docs`: writes docs/disaster-recovery.md from the configuration. */
import { writeFileSync } from 'fs';
import { join } from 'path';
import { renderDisasterRecoveryRunbook } from '../lib/backup/runbook';
import { validateConfig } from '../lib/config';
import { BACKUP_POLICIES, BREAK_GLASS_ROLE_NAME, REGIONS, RESIDENCY_ZONES, SECURITY } from '../regions';

const config = validateConfig({
  account: '111122223333', breakGlassRoleName: BREAK_GLASS_ROLE_NAME, security: SECURITY, zones: RESIDENCY_ZONES, backupPolicies: BACKUP_POLICIES, regions: [...REGIONS],
});
const file = join(__dirname, '..', 'docs', 'disaster-recovery.md');
writeFileSync(file, renderDisasterRecoveryRunbook(config));
console.log(`wrote ${file}`);
