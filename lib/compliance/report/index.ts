import { mkdirSync, writeFileSync } from 'fs';
import { join } from 'path';
import { readValidationReport } from '../validation-report';
import { buildComplianceReport, LivePosture } from './build';
import { reportDocument } from './document';
import { freshEvidence } from './freshness';
import type { ComplianceReport } from './model';
import { renderFindingsCsv } from './render-csv';
import { renderHtml } from './render-html';
import { renderMarkdown } from './render-markdown';
import { renderSarif } from './render-sarif';

export * from './model';
export { buildComplianceReport } from './build';
export type { LivePosture } from './build';
export { freshEvidence, parseDuration, readLivePosture, ReportRefused } from './freshness';

/** Files the report is written to, under `<assembly>/compliance/`. */
export const REPORT_FILES = ['report.json', 'findings.csv', 'report.md', 'report.html', 'report.sarif'] as const;

/** Options of {@link writeComplianceReport}. */
export interface WriteReportOptions {
  /** @default now */
  readonly generatedAt?: Date;
  /** The live verifier's results to include (read with readLivePosture, which refuses stale ones). @default none */
  readonly live?: LivePosture;
}

/**
 * Builds the report of the latest synth in a cloud assembly and writes it to `<assembly>/compliance/`; throws
 * {@link ReportRefused} when the evidence is not that synth's, or its templates changed since.
 */
export function writeComplianceReport(assemblyDir: string, options: WriteReportOptions = {}): { report: ComplianceReport; directory: string } {
  const { evidence } = freshEvidence(assemblyDir);
  const report = buildComplianceReport(evidence, readValidationReport(assemblyDir), options.generatedAt ?? new Date(), options.live);
  const directory = join(assemblyDir, 'compliance');
  mkdirSync(directory, { recursive: true });
  const document = reportDocument(report);
  writeFileSync(join(directory, 'report.json'), JSON.stringify(report, null, 1));
  writeFileSync(join(directory, 'findings.csv'), renderFindingsCsv(report.findings, report.provenance));
  writeFileSync(join(directory, 'report.md'), renderMarkdown(document));
  writeFileSync(join(directory, 'report.html'), renderHtml(document));
  writeFileSync(join(directory, 'report.sarif'), JSON.stringify(renderSarif(report, assemblyDir), null, 1));
  return { report, directory };
}
