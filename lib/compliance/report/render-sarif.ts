import { existsSync, readFileSync } from 'fs';
import { isAbsolute, join, relative, resolve, sep } from 'path';
import { pathToFileURL } from 'url';
import type * as sarif from 'sarif';
import type { ComplianceReport, FindingRow } from './model';
import { baseRule } from './rows';

/** The base under which result locations name templates: the cloud assembly directory. */
export const SARIF_ASSEMBLY_BASE = 'CLOUD_ASSEMBLY';
const SARIF_SCHEMA = 'https://json.schemastore.org/sarif-2.1.0.json';

/** SARIF levels of the plugins' levels and Control Tower's severities. */
function sarifLevel(level: string): sarif.Result.level {
  if (['error', 'critical', 'high'].includes(level)) return 'error';
  if (['warning', 'medium'].includes(level)) return 'warning';
  return 'note';
}

/** Each resource's line in a template (CDK writes one resource key per line, one space per level). */
function resourceLines(file: string): Map<string, number> {
  const lines = existsSync(file) ? readFileSync(file, 'utf8').split('\n') : [];
  const start = lines.findIndex((l) => l === ' "Resources": {');
  const found = new Map<string, number>();
  for (let i = start + 1; start >= 0 && i < lines.length && !/^ \S/.test(lines[i]); i++) {
    const match = /^ {2}"([^"]+)": \{$/.exec(lines[i]);
    if (match) found.set(match[1], i + 1);
  }
  return found;
}

/** Where a finding is: its template and the resource's line there, and its construct path and logical ID. */
function locator(report: ComplianceReport, assemblyDir: string): (row: FindingRow) => sarif.Location[] {
  const templateOf = new Map(report.provenance.templates.map((t) => [t.stack, t.path]));
  const lines = new Map<string, Map<string, number>>();
  return (row) => {
    const template = templateOf.get(row.stack);
    if (template && !lines.has(template)) lines.set(template, resourceLines(join(assemblyDir, template)));
    const line = template ? lines.get(template)!.get(row.logicalId) : undefined;
    const logicalLocations: sarif.LogicalLocation[] = [{ fullyQualifiedName: row.path, kind: 'resource', ...(row.logicalId ? { name: row.logicalId } : {}) }];
    return [
      {
        ...(template
          ? { physicalLocation: { artifactLocation: { uri: template, uriBaseId: SARIF_ASSEMBLY_BASE }, ...(line ? { region: { startLine: line } } : {}) } }
          : {}),
        logicalLocations,
      },
    ];
  };
}

/**
 * report.sarif (SARIF 2.1.0) for code-scanning tools: findings neither fixed nor acknowledged as results, acknowledged ones
 * as results with an accepted external suppression and its reason, live checks that could not run as `open` results.
 * One run holds every rule set: the packs, cfn-guard, CloudFormation validation and the proofs all judge the same synth, whose
 * run id it carries (a code-scanning upload keys alerts by tool and category, so one run per synth keeps them closing).
 */
/** Where the assembly lies: under the repository root (`%SRCROOT%`, where the report is made) when it is inside it, else as a file URI. */
function assemblyBase(assemblyDir: string): { uri: string; uriBaseId?: string } {
  const inside = relative(process.cwd(), resolve(assemblyDir));
  if (inside && !inside.startsWith('..') && !isAbsolute(inside)) return { uri: `${inside.split(sep).join('/')}/`, uriBaseId: '%SRCROOT%' };
  return { uri: pathToFileURL(`${resolve(assemblyDir)}/`).href };
}

export function renderSarif(report: ComplianceReport, assemblyDir: string): sarif.Log {
  const { provenance } = report;
  const reported = report.findings.filter((f) => f.status !== 'compliant');
  const ruleIds = [...new Set(report.findings.map((f) => baseRule(f.rule)))].sort();
  const ruleIndex = new Map(ruleIds.map((id, i) => [id, i]));
  const sample = new Map<string, FindingRow>();
  report.findings.forEach((f) => sample.has(baseRule(f.rule)) || sample.set(baseRule(f.rule), f));
  const rules: sarif.ReportingDescriptor[] = ruleIds.map((id) => {
    const row = sample.get(id)!;
    return {
      id,
      shortDescription: { text: row.ruleTitle || id },
      defaultConfiguration: { level: sarifLevel(row.level) },
      properties: { pack: row.pack, check: row.check, tags: [row.pack, ...row.controls] },
    };
  });
  const locate = locator(report, assemblyDir);
  const results: sarif.Result[] = reported.map((f) => {
    const id = baseRule(f.rule);
    const message = `${f.ruleTitle || id}${f.detail ? ` [${f.detail}]` : ''} at ${f.path}${f.status === 'not-checked' ? `: not checked: ${f.reason}` : ''}`;
    return {
      ruleId: id,
      ruleIndex: ruleIndex.get(id),
      ...(f.status === 'not-checked' ? { kind: 'open' as const, level: 'none' as const } : { kind: 'fail' as const, level: sarifLevel(f.level) }),
      message: { text: message },
      locations: locate(f),
      partialFingerprints: { 'haloFinding/v1': `${f.rule}|${f.path}` },
      ...(f.status === 'acknowledged'
        ? {
            suppressions: [
              {
                kind: 'external' as const,
                status: 'accepted' as const,
                justification: `${f.reason}${f.compensatingControl ? ` Compensating control: ${f.compensatingControl}` : ''}`,
                ...(f.acknowledgedAt ? { location: { logicalLocations: [{ fullyQualifiedName: f.acknowledgedAt, kind: 'construct' }] } } : {}),
              },
            ],
          }
        : {}),
      properties: { pack: f.pack, status: f.status, stage: f.stage, region: f.region, stack: f.stack, resourceType: f.resourceType, controls: f.controls },
    };
  });
  const { versions, templates: _templates, ...runProperties } = provenance;
  const run: sarif.Run = {
    tool: {
      driver: { name: 'Halo compliance gate', informationUri: 'https://github.com/cdklabs/cdk-nag', rules },
      extensions: [
        { name: 'cdk-nag', version: versions.cdkNag },
        { name: 'aws-cdk-lib', version: versions.awsCdkLib },
        { name: '@cdklabs/cdk-validator-cfnguard', version: versions.guardValidator },
        { name: 'aws-cdk (CLI)', version: versions.cdkCli },
      ],
    },
    // Category before the slash, this synth's run after it: uploads of later synths replace this one's alerts.
    automationDetails: { id: `halo-compliance/${provenance.runId}`, ...(/^[0-9a-f-]{36}$/i.test(provenance.runId) ? { guid: provenance.runId } : {}) },
    ...(provenance.commit !== 'unknown' ? { versionControlProvenance: [{ repositoryUri: provenance.repository, revisionId: provenance.commit }] } : {}),
    originalUriBaseIds: {
      [SARIF_ASSEMBLY_BASE]: {
        ...assemblyBase(assemblyDir),
        description: { text: 'The cloud assembly the synth wrote (cdk.out), which holds the templates.' },
      },
    },
    artifacts: provenance.templates.map((t) => ({ location: { uri: t.path, uriBaseId: SARIF_ASSEMBLY_BASE }, hashes: { 'sha-256': t.sha256 } })),
    invocations: [{ executionSuccessful: true, startTimeUtc: provenance.synthStartedAt }],
    results,
    properties: { ...runProperties, versions, generatedAt: report.generatedAt },
  };
  return { version: '2.1.0', $schema: SARIF_SCHEMA, runs: [run] };
}
