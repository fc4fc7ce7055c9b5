import { IConstruct } from 'constructs';
import { nearestMetadata } from './nearest-metadata';

/** Metadata type that records, on a backup plan's scope, the cadence and retention it must deliver. */
export const BACKUP_PROMISE_METADATA = 'halo:backup-promise';

/** What a backup plan promises: a full backup every day, and monthly where published. */
export interface BackupPromise {
  /** The environment the promise is published for, e.g. `production`. */
  readonly environment: string;
  /** Daily full backups are kept at least this many days. */
  readonly dailyRetentionDays: number;
  /** Monthly full backups are kept at least this many days; none promised when absent. */
  readonly monthlyRetentionDays?: number;
}

/** Declares the promise a backup plan (and everything beneath the scope) is held to. */
export function declareBackupPromise(scope: IConstruct, promise: BackupPromise): void {
  scope.node.addMetadata(BACKUP_PROMISE_METADATA, promise);
}

/** The promise nearest a construct, if one was declared. */
export function backupPromiseOf(construct: IConstruct): BackupPromise | undefined {
  return nearestMetadata<BackupPromise>(construct, BACKUP_PROMISE_METADATA)?.data;
}
