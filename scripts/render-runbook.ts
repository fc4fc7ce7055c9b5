/** `npm run docs`: writes docs/disaster-recovery.md from the configuration and docs/promises.md from the promise table. */
import { writeFileSync } from 'fs';
import { join } from 'path';
import { renderDisasterRecoveryRunbook } from '../lib/backup/runbook';
import { PROMISE_INDEX_FILE, renderPromiseIndex } from '../lib/compliance/promises';
import { ConfigError, validateConfig } from '../lib/config';
import { shippedInput, shippedRegions } from '../stacks/halo-app';
import { noOptions } from './no-options';

function main(argv: readonly string[]): number {
  const stop = noOptions(
    argv,
    'usage: npm run docs   (writes docs/disaster-recovery.md from the configuration in regions/ and docs/promises.md from lib/compliance/promises/)',
  );
  if (stop !== undefined) return stop;
  // The promise index depends on no configuration: it is written even when the configuration is refused.
  const index = join(__dirname, '..', PROMISE_INDEX_FILE);
  writeFileSync(index, renderPromiseIndex());
  console.log(`wrote ${index}`);
  try {
    const config = validateConfig(shippedInput('111122223333', shippedRegions(new Date())));
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
