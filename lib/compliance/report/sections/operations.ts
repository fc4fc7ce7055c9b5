import type { CellPosture, Measure } from '../../cell-posture';
import { Block, heading, paragraph, table } from '../blocks';
import type { ComplianceReport } from '../model';

const measure = (m: Measure) => `${m.configured} (promised: ${m.promised})${m.met ? '' : ' NOT MET'}`;
const cellMet = (c: CellPosture) => c.backupsInZone && [c.rpo, c.rto, c.dailyRetention, c.monthlyRetention, c.logRetention].every((m) => m.met);

/** Security services: who runs GuardDuty, Security Hub, AWS Config and Security Lake in each region. */
function securityServices(report: ComplianceReport): Block[] {
  return [
    heading(2, 'Security services: who runs them'),
    paragraph(
      "GuardDuty, Security Hub and AWS Config run either from each region's Security stack or, where a region declares it, by the organization's delegated administrator (AWS Organizations, Control Tower).",
    ),
    table(
      ['region', 'GuardDuty', 'Security Hub', 'AWS Config', 'Security Lake'],
      report.securityServices.map((s) => [`${s.name} (${s.region})`, s.guardDuty, s.securityHub, s.config, s.securityLake]),
    ),
  ];
}

/** Cells: each cell's residency, backup destinations and recovery objectives against its promise. */
function cells(report: ComplianceReport): Block[] {
  return [
    heading(2, 'Cells: residency, backups, recovery objectives'),
    paragraph(
      'As configured and synthesized: RPO is the interval of the backups that bound data loss, RTO the declared objective; restore tests (npm run verify) measure the real thing.',
    ),
    table(
      [
        'region',
        'cell',
        'environment',
        'residency zone',
        'recovery points kept in',
        'copied to',
        'native log backups',
        'backups in zone',
        'RPO (declared)',
        'RTO (declared)',
        'daily retention',
        'monthly retention',
        'log retention',
        'verdict',
      ],
      report.cells.map((c) => [
        `${c.regionName} (${c.region})`,
        c.cell,
        c.environment,
        `${c.zone} (${c.zoneRegions.join(', ')})`,
        c.backupVault,
        c.backupCopies.length > 0 ? c.backupCopies.join(', ') : 'nowhere: stays in region',
        c.logBackups,
        c.backupsInZone ? 'yes' : 'NO',
        measure(c.rpo),
        measure(c.rto),
        measure(c.dailyRetention),
        measure(c.monthlyRetention),
        measure(c.logRetention),
        cellMet(c) ? 'configuration meets the promise' : 'configuration DOES NOT MEET the promise',
      ]),
    ),
  ];
}

/** SQL Server drills: each cell's drills, their schedules and (with the live posture) their last runs. */
function sqlDrills(report: ComplianceReport): Block[] {
  return [
    heading(2, 'SQL Server drills'),
    paragraph(
      "Each cell's drills are SSM Automation documents, scheduled monthly in the region's maintenance window and run on demand: a planned failover to the secondary and back (clusters), and a point-in-time restore of one tenant database on a scratch instance, checked with DBCC CHECKDB and timed against the RTO. A failed drill reports to the alert topic; the live verifier reads each drill's last run.",
    ),
    table(
      ['region', 'cell', 'drill', 'what it does', 'Automation document', 'schedule', 'last run (live verifier)'],
      report.sqlDrills.map((d) => [`${d.regionName} (${d.region})`, d.cell, d.kind, d.what, d.document, d.schedule, d.lastRun]),
    ),
  ];
}

/** What runs the platform's controls: security services, cells' backups and recovery objectives, SQL Server drills. */
export function operations(report: ComplianceReport): Block[] {
  return [...securityServices(report), ...cells(report), ...sqlDrills(report)];
}
