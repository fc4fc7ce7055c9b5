import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'fs';
import { join } from 'path';
import { EVIDENCE_FILES, readEvidence } from '../evidence';
import { readValidationReport } from '../validation-report';
import { buildComplianceReport, LivePosture } from './build';
import { reportDocument } from './document';
import type { ComplianceReport } from './model';
import { renderFindingsCsv } from './render-csv';
import { renderHtml } from './render-html';
import { renderMarkdown } from './render-markdown';

export * from './model';
export { buildComplianceReport } from './build';

/** Files the report is written to, under `<assembly>/compliance/`. */
export const REPORT_FILES = ['report.json', 'findings.csv', 'report.md', 'report.html'] as const;

/** Builds the report from a synthesized cloud assembly (and `live-posture.json` there, if any) and writes it to `<assembly>/compliance/`. */
export function writeComplianceReport(assemblyDir: string, generatedAt = new Date()): { report: ComplianceReport; directory: string } {
  const liveFile = join(assemblyDir, EVIDENCE_FILES.livePosture);
  const live = existsSync(liveFile) ? (JSON.parse(readFileSync(liveFile, 'utf8')) as LivePosture) : undefined;
  const report = buildComplianceReport(readEvidence(assemblyDir), readValidationReport(assemblyDir), generatedAt, live);
  const directory = join(assemblyDir, 'compliance');
  mkdirSync(directory, { recursive: true });
  const document = reportDocument(report);
  writeFileSync(join(directory, 'report.json'), JSON.stringify(report, null, 1));
  writeFileSync(join(directory, 'findings.csv'), renderFindingsCsv(report.findings));
  writeFileSync(join(directory, 'report.md'), renderMarkdown(document));
  writeFileSync(join(directory, 'report.html'), renderHtml(document));
  return { report, directory };
}
