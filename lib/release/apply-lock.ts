import { randomBytes } from 'crypto';
import { linkSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'fs';
import { dirname, join } from 'path';

/** Held while an apply runs: two applies would both write releases/cells.json and deploy App stacks. */
export const APPLY_LOCK_FILE = join('releases', 'apply.lock');

/** Who holds the lock. */
interface Holder {
  readonly pid: number;
  readonly plan: string;
  readonly since: string;
}

/** Whether a process of this machine is still running (EPERM: it runs, as another user). */
export function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * Takes the apply lock of the repository at `root` for a plan: `release()` gives it back; `held` says who has it. A lock
 * left by a process that is gone (a crash, a closed terminal) is taken over, since resuming is what a rerun does.
 */
export function takeApplyLock(
  root: string,
  planId: string,
  now: Date,
  alive: (pid: number) => boolean = processAlive,
): { readonly release: () => void } | { readonly held: string } {
  const file = join(root, APPLY_LOCK_FILE);
  mkdirSync(dirname(file), { recursive: true });
  const holder: Holder = { pid: process.pid, plan: planId, since: now.toISOString() };
  // The lock appears whole or not at all (written beside, then linked), so a lock is never read empty and taken as stale.
  const whole = `${file}.${process.pid}.${randomBytes(4).toString('hex')}`;
  writeFileSync(whole, `${JSON.stringify(holder)}\n`, { flag: 'wx' });
  try {
    for (let attempt = 0; attempt < 2; attempt++) {
      try {
        linkSync(whole, file);
        return { release: () => rmSync(file, { force: true }) };
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      }
      const other = readHolder(file);
      if (other && alive(other.pid)) {
        return {
          held: `another apply is running (process ${other.pid}, plan ${other.plan}, since ${other.since}); wait for it, or, if that process is not an apply any more, remove ${APPLY_LOCK_FILE}`,
        };
      }
      rmSync(file, { force: true });
    }
    return { held: `could not take ${APPLY_LOCK_FILE}: another apply took it at the same moment` };
  } finally {
    rmSync(whole, { force: true });
  }
}

function readHolder(file: string): Holder | undefined {
  try {
    const holder = JSON.parse(readFileSync(file, 'utf8')) as Holder;
    return Number.isInteger(holder.pid) ? holder : undefined;
  } catch {
    // Unreadable (edited by hand, or a disk that lost it): nobody holds it.
    return undefined;
  }
}
