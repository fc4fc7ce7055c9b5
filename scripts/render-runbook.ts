/** `npm run docs`: writes docs/disaster-recovery.md from the configuration. */
import { writeFileSync } from 'fs';
import { join } from 'path';
import { renderDisasterRecoveryRunbook } from '../lib/backup/runbook';
import { ConfigError, validateConfig } from '../lib/config';
import { BACKUP_POLICIES, BREAK_GLASS_ROLE_NAME, REGIONS, RESIDENCY_ZONES, SECURITY } from '../regions';
import { noOptions } from './no-options';

function main(argv: readonly string[]): number {
  const stop = noOptions(argv, 'usage: npm run docs   (writes docs/disaster-recovery.md from the configuration in regions/)');
  if (stop !== undefined) return stop;
  try {
    const config = validateConfig({
      account: '111122223333',
      breakGlassRoleName: BREAK_GLASS_ROLE_NAME,
      security: SECURITY,
      zones: RESIDENCY_ZONES,
      backupPolicies: BACKUP_POLICIES,
      regions: [...REGIONS],
    });
    const file = join(__dirname, '..', 'docs', 'disaster-recovery.md');
    writeFileSync(file, renderDisasterRecoveryRunbook(config));
    console.log(`wrote ${file}`);
    return 0;
  } catch (error) {
    // A configuration mistake is told in its own lines, as the synth tells it; anything else is a bug and keeps its trace.
    if (!(error instanceof ConfigError)) throw error;
    console.error(error.message);
    return 1;
  }
}

process.exitCode = main(process.argv.slice(2));
