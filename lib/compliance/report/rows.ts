import { controlTowerCatalogue } from '../control-tower';
import { CONTROL_OBJECTIVES, FRAMEWORKS, objectivesOf, ObjectiveId } from '../control-mapping';
import type { ComplianceEvidence, SynthesizedResource } from '../evidence';
import { GUARD_PLUGIN } from '../gate';
import { ANNOTATIONS_PLUGIN, ReportedViolation, ValidationReport } from '../validation-report';
import type { FindingRow, LiveFindingRow } from './model';
import { ruleTitles } from './rule-titles';

const CONTROL_SEPARATOR = ' Compensating control: ';
/** The rule set under which the report lists the permission proofs. */
export const PROOFS_PACK = 'Permission proofs';
/** The mapping key of every proof: least privilege (refusals) and working access to keys and data (allowances). */
export const PROOF_CHECK = 'PermissionProof';
/** A rule id without the finding it carries: `AwsSolutions-IAM5[Action::s3:*]` is rule `AwsSolutions-IAM5`. */
export const baseRule = (rule: string) => rule.replace(/\[.*\]$/, '');
/** The finding a granular rule id carries between its brackets, e.g. `Action::s3:*`. */
const ruleDetail = (rule: string) => /\[(.*)\]$/.exec(rule)?.[1] ?? '';
export const key = (rule: string, path: string) => `${rule}\u0000${path}`;

/** A row before the report adds what it derives: the resource's type and logical ID, the rule's title, the mapped controls. */
type BareRow = Omit<FindingRow, 'resourceType' | 'logicalId' | 'ruleTitle' | 'detail' | 'controls'>;
/** What a row says of its resource. */
type Located = Pick<FindingRow, 'region' | 'stage' | 'stack' | 'resourceType' | 'logicalId'>;

/** Objectives a row evidences: by check name, or for a Control Tower control by its objectives. */
export function objectivesOfRow(row: Pick<FindingRow, 'check'>): readonly ObjectiveId[] {
  const viaControlTower = controlObjectives().get(row.check);
  return viaControlTower ? [...new Set(viaControlTower.flatMap((o) => objectivesOf(o)))] : objectivesOf(row.check);
}

let byControlId: Map<string, readonly string[]> | undefined;
function controlObjectives(): ReadonlyMap<string, readonly string[]> {
  return (byControlId ??= new Map(controlTowerCatalogue().map((c) => [c.id, c.objectives])));
}

/** The framework controls a check maps to, as `<framework> <control>`: what a CSV or SARIF reader filters on. */
function controlsOf(check: string): string[] {
  const objectives = objectivesOfRow({ check });
  return FRAMEWORKS.flatMap((framework) => [...new Set(objectives.flatMap((o) => CONTROL_OBJECTIVES[o].controls[framework]))].map((c) => `${framework} ${c}`));
}

/** Finds the synthesized resource of a construct path (a proof names the construct; its resource is `<path>/Resource`). */
export function resourceLocator(evidence: ComplianceEvidence): (path: string) => Located {
  const byPath = new Map<string, SynthesizedResource>(evidence.resources.map((r) => [r.path, r]));
  return (path) => {
    const resource = byPath.get(path) ?? byPath.get(`${path}/Resource`);
    if (resource)
      return { region: resource.region, stage: resource.stage, stack: resource.stack, resourceType: resource.type, logicalId: resource.logicalId ?? '' };
    const stage = path.split('/')[0];
    return { stage, region: evidence.regions.find((r) => r.stage === stage)?.code ?? '', stack: '', resourceType: '', logicalId: '' };
  };
}

/** A row with its title, detail and controls; the rule's title from its pack, else the one given. */
function complete(row: BareRow & Pick<FindingRow, 'resourceType' | 'logicalId'>, title: string, detail: string): FindingRow {
  return { ...row, ruleTitle: ruleTitles().get(baseRule(row.rule)) ?? title, detail, controls: controlsOf(row.check) };
}

/** The packs' evaluations (cdk-nag and Halo), compliant ones included. */
export function ledgerRows(evidence: ComplianceEvidence, locate: (path: string) => Located): FindingRow[] {
  return evidence.evaluations.map((e) => {
    const { logicalId } = locate(e.path);
    const row: BareRow = {
      region: e.region,
      stage: e.stage,
      stack: e.stack,
      path: e.path,
      pack: e.pack,
      rule: e.rule,
      check: e.check,
      level: e.level,
      status: e.status,
      reason: e.reason ?? '',
      compensatingControl: e.compensatingControl ?? '',
      acknowledgedAt: e.acknowledgedAt ?? '',
    };
    // The rule's info is the reason a finding fired; an error in the rule is the finding's own detail.
    const error = e.status === 'non-compliant' && e.reason?.startsWith('The rule could not evaluate') ? e.reason : '';
    return complete(
      { ...row, resourceType: e.resourceType, logicalId },
      e.status === 'non-compliant' ? (e.reason ?? '') : '',
      [ruleDetail(e.rule), error].filter(Boolean).join('; '),
    );
  });
}

type ReportedConstruct = { constructPath?: string; cloudFormationResource?: { logicalId?: string; propertyPaths?: readonly string[] } };

/** Rows of the plugins the ledger does not watch (cfn-guard, CloudFormation validation, annotation errors), from the validation report. */
export function pluginRows(report: ValidationReport, ledgerPacks: readonly string[], locate: (path: string) => Located): FindingRow[] {
  const controlOf = new Map(controlTowerCatalogue().map((c) => [c.guardRule, c.id]));
  return report.pluginReports
    .filter((p) => !ledgerPacks.includes(p.pluginName))
    .flatMap((plugin) => {
      const row = (
        v: ReportedViolation,
        c: ReportedConstruct,
        status: FindingRow['status'],
        ack?: { reason?: string; acknowledgedAt?: string },
      ): FindingRow => {
        const [reason, control] = (ack?.reason ?? '').split(CONTROL_SEPARATOR);
        const path = c.constructPath ?? 'unknown construct';
        const located = locate(path);
        const where = c.cloudFormationResource?.propertyPaths?.length ? ` (at ${[...new Set(c.cloudFormationResource.propertyPaths)].join(', ')})` : '';
        return complete(
          {
            ...located,
            logicalId: c.cloudFormationResource?.logicalId ?? located.logicalId,
            path,
            pack: plugin.pluginName,
            rule: v.ruleName,
            check: plugin.pluginName === GUARD_PLUGIN ? (controlOf.get(v.ruleName) ?? v.ruleName) : plugin.pluginName,
            level: v.severity ?? 'error',
            status,
            reason: ack ? reason : (v.description ?? ''),
            compensatingControl: control ?? '',
            acknowledgedAt: ack?.acknowledgedAt ?? '',
          },
          v.description ?? v.ruleName,
          `${v.description ?? ''}${where}`,
        );
      };
      const constructs = (v: ReportedViolation) => (v.violatingConstructs ?? []) as readonly ReportedConstruct[];
      return [
        // Annotation warnings inform (the synth prints them); annotation errors and every other plugin's findings count.
        ...(plugin.violations ?? [])
          .filter((v) => !(plugin.pluginName === ANNOTATIONS_PLUGIN && v.severity === 'warning'))
          .flatMap((v) => constructs(v).map((c) => row(v, c, 'non-compliant'))),
        ...(plugin.suppressedViolations ?? []).flatMap((v) => constructs(v).map((c) => row(v, c, 'acknowledged', v))),
      ];
    });
}

/** Control Tower controls pass every resource of the types they evaluate on which they reported nothing. */
export function guardCompliantRows(resources: readonly SynthesizedResource[], reported: readonly FindingRow[]): FindingRow[] {
  const seen = new Set(reported.filter((r) => r.pack === GUARD_PLUGIN).map((r) => key(r.rule, r.path)));
  return controlTowerCatalogue().flatMap((control) =>
    resources
      .filter((r) => control.resourceTypes.includes(r.type) && !seen.has(key(control.guardRule, r.path)))
      .map((r) =>
        complete(
          {
            region: r.region,
            stage: r.stage,
            stack: r.stack,
            path: r.path,
            resourceType: r.type,
            logicalId: r.logicalId ?? '',
            pack: GUARD_PLUGIN,
            rule: control.guardRule,
            check: control.id,
            level: control.severity,
            status: 'compliant',
            reason: '',
            compensatingControl: '',
            acknowledgedAt: '',
          },
          control.title,
          '',
        ),
      ),
  );
}

/** One row per permission proof, on the resource of the construct that declared it. */
export function proofRows(evidence: ComplianceEvidence, locate: (path: string) => Located): FindingRow[] {
  return (evidence.proofs ?? []).map((p) => {
    const { resourceType, logicalId } = locate(p.path);
    return complete(
      {
        region: p.region,
        stage: p.stage,
        stack: p.stack,
        path: p.path,
        resourceType,
        logicalId,
        pack: PROOFS_PACK,
        rule: p.rule,
        check: PROOF_CHECK,
        level: 'error',
        status: p.passed ? 'compliant' : 'non-compliant',
        reason: p.passed ? '' : `${p.actor} ${p.action} on ${p.resource} should be ${p.expected}, is ${p.result}: ${p.detail}`,
        compensatingControl: '',
        acknowledgedAt: '',
      },
      `${p.actor} ${p.action} on ${p.resource}: ${p.expected}`,
      p.passed ? '' : `${p.result}: ${p.detail}`,
    );
  });
}

/** The live verifier's rows, completed where it left the report's fields out; a check that could not run stays not checked. */
export function liveFindingRows(findings: readonly LiveFindingRow[]): FindingRow[] {
  return findings.map((f) => ({
    ...f,
    resourceType: f.resourceType ?? '',
    logicalId: f.logicalId ?? '',
    ruleTitle: f.ruleTitle || f.check,
    detail: f.detail ?? (f.status === 'compliant' ? '' : f.reason),
    controls: f.controls ?? controlsOf(f.check),
  }));
}
