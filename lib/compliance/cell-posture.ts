import type { RegionConfig } from '../config';

/** A target met or not, with what was promised and what the configuration delivers. */
export interface Measure {
  /** What the configuration delivers, e.g. `1 h`. */
  readonly configured: string;
  /** What the seed documents publish; `none published` where they publish nothing. */
  readonly promised: string;
  readonly met: boolean;
}

/** What an auditor asks of one cell: where its data lives, where its backups go, how fast it recovers. */
export interface CellPosture {
  readonly stage: string;
  readonly region: string;
  readonly regionName: string;
  readonly cell: string;
  readonly environment: string;
  /** The residency zone of the cell's customers, and the regions it allows. */
  readonly zone: string;
  readonly zoneRegions: readonly string[];
  /** The vault that keeps the cell's recovery points, and the region of each copy. */
  readonly backupVault: string;
  readonly backupCopies: readonly string[];
  /** Native transaction-log backups: the cell's own bucket in its region. */
  readonly logBackups: string;
  /** Every place backups go lies in the cell's zone. */
  readonly backupsInZone: boolean;
  /** Data loss at most: the log backup interval, else the daily backup. */
  readonly rpo: Measure;
  readonly rto: Measure;
  readonly dailyRetention: Measure;
  readonly monthlyRetention: Measure;
  readonly logRetention: Measure;
}

const hours = (h: number) => `${h} h`;
const daysOf = (d: number | undefined) => (d === undefined ? 'none' : `${d} days`);

function atLeast(configured: number | undefined, promised: number | undefined): Measure {
  if (promised === undefined) return { configured: daysOf(configured), promised: 'none published', met: true };
  return { configured: daysOf(configured), promised: `at least ${promised} days`, met: (configured ?? 0) >= promised };
}

/** The posture of every cell of the given regions, from the validated configuration the stacks were built from. */
export function cellPostures(regions: readonly RegionConfig[]): CellPosture[] {
  return regions.flatMap((region) =>
    region.cells.map((cell): CellPosture => {
      const { policy, promise, vault, copy } = cell.backup;
      const { zoneRegions } = cell;
      const achievedRpo = policy.logBackup?.intervalHours ?? 24;
      return {
        stage: region.stageName,
        region: region.code,
        regionName: region.name,
        cell: cell.id,
        environment: cell.environment,
        zone: cell.zone,
        zoneRegions,
        backupVault: `${vault.vaultName} (${vault.region})`,
        backupCopies: copy ? [copy.region] : [],
        logBackups: policy.logBackup ? `the cell's Object Lock bucket in ${region.code}, every ${hours(policy.logBackup.intervalHours)}` : 'none',
        backupsInZone: [vault.region, ...(copy ? [copy.region] : [])].every((r) => zoneRegions.includes(r)),
        rpo:
          promise.rpoHours === undefined
            ? { configured: hours(achievedRpo), promised: 'none published', met: true }
            : {
                configured: hours(achievedRpo),
                promised: `at most ${hours(promise.rpoHours)}`,
                met: achievedRpo <= promise.rpoHours && policy.rpoHours <= promise.rpoHours,
              },
        rto:
          promise.rtoHours === undefined
            ? { configured: hours(policy.rtoHours), promised: 'none published', met: true }
            : { configured: hours(policy.rtoHours), promised: `at most ${hours(promise.rtoHours)}`, met: policy.rtoHours <= promise.rtoHours },
        dailyRetention: atLeast(policy.daily.retentionDays, promise.dailyRetentionDays),
        monthlyRetention: atLeast(policy.monthly?.retentionDays, promise.monthlyRetentionDays),
        logRetention: atLeast(policy.logBackup?.retentionDays, promise.logRetentionDays),
      };
    }),
  );
}
