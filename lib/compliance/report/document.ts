import type { CellPosture, Measure } from '../cell-posture';
import type { AcknowledgementEntry, ComplianceReport, ControlEvidence, FindingRow, PackSummary } from './model';

/** A table cell: text, a number (right-aligned), a link within the report, or a list shown up to `shown` items (the rest folded). */
export type Cell = string | number | { readonly text: string; readonly href: string } | { readonly items: readonly string[]; readonly shown: number };

/** How a framework's mapped controls stand: each control counts in exactly one of the four. */
export interface FrameworkCoverage {
  readonly framework: string;
  /** Anchor of the framework's table. */
  readonly id: string;
  readonly controls: number;
  /** At least one compliant result and none non-compliant. */
  readonly evidenced: number;
  /** Only acknowledged results (each with its compensating control), none non-compliant. */
  readonly acknowledgedOnly: number;
  /** At least one non-compliant result. */
  readonly open: number;
  /** No result at all in this synth. */
  readonly noResults: number;
}

/** One row of the findings table (a finding not compliant: open or acknowledged). */
export interface FindingEntry {
  readonly status: FindingRow['status'];
  readonly region: string;
  readonly pack: string;
  readonly rule: string;
  readonly ruleTitle: string;
  readonly path: string;
  /** CloudFormation type and logical ID, when the finding is on one resource. */
  readonly resource: string;
  /** What the rule found, or why the finding is acknowledged. */
  readonly detail: string;
  /** Anchor of the acknowledgement group that accepted it. */
  readonly group?: string;
  readonly controls: readonly string[];
}

/** A block of the report, rendered alike to Markdown and HTML (HTML adds colour, charts, folding and the filter). */
export type Block =
  | { readonly kind: 'heading'; readonly level: 1 | 2 | 3; readonly text: string; readonly id?: string }
  | { readonly kind: 'paragraph'; readonly text: string }
  | { readonly kind: 'list'; readonly items: readonly string[] }
  | { readonly kind: 'table'; readonly headers: readonly string[]; readonly rows: readonly (readonly Cell[])[]; readonly nowrap?: readonly number[] }
  | { readonly kind: 'status'; readonly state: 'compliant' | 'gaps' | 'not-checked' | 'open'; readonly label: string; readonly text: string }
  | { readonly kind: 'facts'; readonly items: readonly (readonly [string, string])[] }
  | { readonly kind: 'coverage'; readonly frameworks: readonly FrameworkCoverage[] }
  | { readonly kind: 'toc'; readonly entries: readonly { readonly level: 2 | 3; readonly text: string; readonly id: string }[] }
  | {
      readonly kind: 'details';
      readonly id?: string;
      readonly title: string;
      readonly subtitle?: string;
      readonly open: boolean;
      readonly blocks: readonly Block[];
    }
  | { readonly kind: 'findings'; readonly id: string; readonly entries: readonly FindingEntry[]; readonly note: string };

const heading = (level: 1 | 2 | 3, text: string): Block => ({ kind: 'heading', level, text });
const paragraph = (text: string): Block => ({ kind: 'paragraph', text });
const list = (items: readonly string[]): Block => ({ kind: 'list', items });
const table = (headers: readonly string[], rows: readonly (readonly Cell[])[], nowrap?: readonly number[]): Block => ({ kind: 'table', headers, rows, nowrap });
const plural = (n: number, one: string, many = `${one}s`) => `${n.toLocaleString('en')} ${n === 1 ? one : many}`;

const COUNT_HEADERS = ['rules evaluated', 'resources checked', 'compliant', 'non-compliant', 'acknowledged'];
const counts = (s: Omit<PackSummary, 'region' | 'pack'>) => [s.rulesEvaluated, s.resourcesChecked, s.compliant, s.nonCompliant, s.acknowledged];
const measure = (m: Measure) => `${m.configured} (promised: ${m.promised})${m.met ? '' : ' NOT MET'}`;
const cellMet = (c: CellPosture) => c.backupsInZone && [c.rpo, c.rto, c.dailyRetention, c.monthlyRetention, c.logRetention].every((m) => m.met);
const isOpen = (f: FindingRow) => f.status === 'non-compliant';
// A live check that could not run is evidence of nothing: neither open nor passed, shown on its own.
const isNotChecked = (f: FindingRow) => f.status === 'not-checked';

/** GitHub's heading anchor: lower case, punctuation dropped, spaces to hyphens (so report.md's links work there too). */
export const slug = (text: string) =>
  text
    .toLowerCase()
    .replace(/[^\p{L}\p{N}\s_-]/gu, '')
    .trim()
    .replace(/\s/g, '-');

// The HIPAA, PCI DSS and NIST packs run the same rule under three names; the report lists it once with its packs.
const VARIANT = /^(HIPAA\.Security|PCI\.DSS\.321|NIST\.800\.53\.R5)-(.+)$/;

/** Rule ids with their pack variants merged: `S3BucketLoggingEnabled (HIPAA.Security, PCI.DSS.321)`, `AwsSolutions-IAM5 ([Resource::*], ...)`. */
export function mergeRuleVariants(rules: readonly string[], maxVariants = Infinity): string[] {
  const byBase = new Map<string, string[]>();
  for (const rule of new Set(rules)) {
    const variant = VARIANT.exec(rule);
    const qualified = /^(.*?)(\[.*\])$/.exec(rule);
    const [base, which] = variant ? [variant[2], variant[1]] : qualified ? [qualified[1], qualified[2]] : [rule, ''];
    byBase.set(base, [...(byBase.get(base) ?? []), ...(which ? [which] : [])]);
  }
  return [...byBase]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([base, variants]) => {
      if (variants.length === 0) return base;
      const shown = variants.length > maxVariants ? `${variants.length} variants` : variants.sort().join(', ');
      return `${base} (${shown})`;
    });
}

/** Acknowledgements sharing one reason and compensating control, whatever their rule and pack. */
export interface AcknowledgementGroup {
  readonly id: string;
  readonly reason: string;
  readonly compensatingControl: string;
  readonly entries: readonly AcknowledgementEntry[];
}

/** The register grouped by (reason, compensating control), the largest group first. */
export function acknowledgementGroups(acknowledgements: readonly AcknowledgementEntry[]): AcknowledgementGroup[] {
  const byWhy = new Map<string, AcknowledgementEntry[]>();
  for (const a of acknowledgements) {
    const key = `${a.reason}\u0000${a.compensatingControl}`;
    byWhy.set(key, [...(byWhy.get(key) ?? []), a]);
  }
  return [...byWhy.values()]
    .sort((a, b) => b.length - a.length || a[0].reason.localeCompare(b[0].reason))
    .map((entries, i) => ({ id: `ack-${i + 1}`, reason: entries[0].reason, compensatingControl: entries[0].compensatingControl, entries }));
}

function controlState(c: ControlEvidence): 'open' | 'evidenced' | 'acknowledgedOnly' | 'noResults' {
  if (c.nonCompliant > 0) return 'open';
  if (c.compliant > 0) return 'evidenced';
  return c.acknowledged > 0 ? 'acknowledgedOnly' : 'noResults';
}
const STATE_WORDS = { open: 'OPEN: non-compliant results', evidenced: 'evidenced', acknowledgedOnly: 'acknowledged only', noResults: 'no results' } as const;

/** Per framework, how many of its mapped controls are evidenced, acknowledged only, open or without results. */
export function frameworkCoverage(report: ComplianceReport): FrameworkCoverage[] {
  return report.frameworks.map((f) => {
    const states = f.controls.map(controlState);
    const n = (s: ReturnType<typeof controlState>) => states.filter((x) => x === s).length;
    return {
      framework: f.framework,
      id: slug(f.framework),
      controls: f.controls.length,
      evidenced: n('evidenced'),
      acknowledgedOnly: n('acknowledgedOnly'),
      open: n('open'),
      noResults: n('noResults'),
    };
  });
}

function overallStatus(report: ComplianceReport, coverage: readonly FrameworkCoverage[]): Block {
  const open = report.findings.filter(isOpen).length;
  if (open > 0 || report.unresolved.length > 0 || report.consistencyProblems.length > 0) {
    return {
      kind: 'status',
      state: 'open',
      label: 'Open findings',
      text: `${plural(report.unresolved.length, 'finding')} neither fixed nor acknowledged, ${plural(report.consistencyProblems.length, 'consistency problem')}${report.notChecked.length > 0 ? `; ${plural(report.notChecked.length, 'live check')} could not run` : ''}.`,
    };
  }
  if (report.notChecked.length > 0) {
    return {
      kind: 'status',
      state: 'not-checked',
      label: 'Not checked',
      text: `Every finding of the synth is fixed or acknowledged, but ${plural(report.notChecked.length, 'live check')} could not run: they evidence nothing (see Open findings).`,
    };
  }
  const unevidenced = coverage.reduce((sum, c) => sum + c.noResults, 0);
  if (report.gaps.length > 0 || unevidenced > 0 || report.unmappedRules.length > 0) {
    return {
      kind: 'status',
      state: 'gaps',
      label: 'Gaps',
      text: `Every finding is fixed or acknowledged; ${plural(report.gaps.length, 'known gap')} (each with its compensating control), ${plural(unevidenced, 'mapped control')} without results, ${plural(report.unmappedRules.length, 'unmapped rule')}.`,
    };
  }
  return {
    kind: 'status',
    state: 'compliant',
    label: 'Compliant',
    text: 'Every finding is fixed or acknowledged with a reason and a compensating control; every mapped control has results.',
  };
}

function summary(report: ComplianceReport, coverage: readonly FrameworkCoverage[]): Block[] {
  const open = report.findings.filter(isOpen).length;
  const notChecked = report.findings.filter(isNotChecked).length;
  return [
    heading(1, report.title),
    overallStatus(report, coverage),
    {
      kind: 'facts',
      items: [
        ['Generated', `${report.generatedAt}, from the cloud assembly of one synth`],
        ['Regions', report.regions.map((r) => `${r.name} (${r.code})`).join(', ')],
        ['Rule sets', report.packs.join(', ')],
        ['Control Tower proactive controls (cfn-guard)', report.guard ? 'run' : 'not run in this synth (npm run compliance -- --guard runs them)'],
        [
          'Live posture',
          report.liveGeneratedAt
            ? `npm run verify taken ${report.liveGeneratedAt} (rule set "Live posture"): the account at that time, not this synth`
            : 'not included (`npm run verify -- --all --json live.json; npm run compliance -- --live live.json` adds it)',
        ],
        [
          'Results (rule × resource)',
          `${report.totals.compliant.toLocaleString('en')} compliant, ${report.totals.acknowledged.toLocaleString('en')} acknowledged, ${open.toLocaleString('en')} open${notChecked > 0 ? `, ${notChecked.toLocaleString('en')} not checked` : ''}, over ${report.totals.resourcesChecked.toLocaleString('en')} resources`,
        ],
        [
          'Acknowledgements',
          `${report.acknowledgements.length.toLocaleString('en')} in the register, ${plural(acknowledgementGroups(report.acknowledgements).length, 'distinct reason')}`,
        ],
        ['Known gaps', String(report.gaps.length)],
      ],
    },
    { kind: 'coverage', frameworks: coverage },
    paragraph(
      'A control counts as evidenced when at least one rule × resource result behind it is compliant or acknowledged (with its compensating control) and none is non-compliant; the share is of the controls the mapping table (lib/compliance/control-mapping.ts) maps in each framework, not of the whole framework.',
    ),
  ];
}

function provenance(report: ComplianceReport): Block[] {
  const p = report.provenance;
  return [
    heading(2, 'Provenance'),
    {
      kind: 'facts',
      items: [
        ['Commit', `${p.commit} (${p.dirty ? 'work tree DIRTY: uncommitted changes at synth time' : 'clean work tree'})`],
        ['Repository', p.repository],
        ['Synth started', p.synthStartedAt],
        ['Run id', p.runId],
        ['aws-cdk-lib', p.versions.awsCdkLib],
        ['CDK CLI', p.versions.cdkCli],
        ['cdk-nag', p.versions.cdkNag],
        ['cfn-guard validator', p.versions.guardValidator],
        ['Node.js', p.versions.node],
        ['Configuration SHA-256', p.configSha256],
      ],
    },
    {
      kind: 'details',
      title: `SHA-256 of the ${plural(p.templates.length, 'template')} described`,
      open: false,
      blocks: [
        table(
          ['template', 'stack', 'SHA-256'],
          p.templates.map((t) => [t.path, t.stack, t.sha256]),
          [2],
        ),
      ],
    },
  ];
}

function openFindings(report: ComplianceReport): Block[] {
  const open = report.findings.filter(isOpen);
  return [
    heading(2, 'Open findings'),
    open.length > 0
      ? table(
          ['status', 'region', 'rule', 'resource', 'what was found'],
          open.map((f) => [f.status, f.region, f.rule, f.path, f.detail || f.ruleTitle || f.reason]),
          [0, 1],
        )
      : paragraph('None: every finding is fixed or acknowledged.'),
    // The gate's own lines, should any not be a row above (they are the same findings otherwise).
    ...(report.unresolved.length > open.length ? [paragraph('As the gate reported them:'), list(report.unresolved)] : []),
    ...(report.notChecked.length > 0
      ? [
          heading(3, 'Live checks that could not run'),
          paragraph('Neither compliant nor non-compliant: what they check is not evidenced by this report.'),
          list(report.notChecked),
        ]
      : []),
    ...(report.consistencyProblems.length > 0 ? [heading(3, 'Consistency problems'), list(report.consistencyProblems)] : []),
  ];
}

function findings(report: ComplianceReport, groups: readonly AcknowledgementGroup[]): Block[] {
  const groupOf = new Map(groups.map((g) => [`${g.reason}\u0000${g.compensatingControl}`, g.id]));
  const rank = (f: FindingRow) => (isOpen(f) ? 0 : isNotChecked(f) ? 1 : 2);
  const rows = report.findings
    .filter((f) => f.status !== 'compliant')
    .sort(
      (a, b) =>
        rank(a) - rank(b) || a.region.localeCompare(b.region) || a.pack.localeCompare(b.pack) || a.rule.localeCompare(b.rule) || a.path.localeCompare(b.path),
    );
  const compliant = report.findings.length - rows.length;
  return [
    heading(2, 'Findings'),
    paragraph(
      `Every result that is not compliant: open ones first, then the acknowledged (${plural(rows.length, 'row')}). The ${compliant.toLocaleString('en')} compliant results are counted under Results by rule set and listed in findings.csv.`,
    ),
    {
      kind: 'findings',
      id: 'findings-table',
      note: 'The findings table is interactive and is left out of the printed and Markdown report: every open finding is listed under Open findings, every acknowledgement under Acknowledgements, and findings.csv holds every row.',
      entries: rows.map((f) => ({
        status: f.status,
        region: f.region,
        pack: f.pack,
        rule: f.rule,
        ruleTitle: f.ruleTitle,
        path: f.path,
        resource: [f.resourceType, f.logicalId].filter(Boolean).join(' '),
        detail: f.status === 'acknowledged' ? f.reason : f.detail || f.reason,
        group: f.status === 'acknowledged' ? groupOf.get(`${f.reason}\u0000${f.compensatingControl}`) : undefined,
        controls: f.controls,
      })),
    },
  ];
}

function acknowledgements(report: ComplianceReport, groups: readonly AcknowledgementGroup[]): Block[] {
  return [
    heading(2, 'Acknowledgements'),
    paragraph(
      `${plural(report.acknowledgements.length, 'acknowledgement')} in ${plural(groups.length, 'group')}, one per reason and compensating control; the packs' variants of one rule (HIPAA, PCI DSS, NIST) are listed once with their packs. Each acknowledgement is made at a construct (and everything beneath it) in the code. "Findings covered" counts the findings it accepted in this synth; 0 means it matched none here (for example a cfn-guard acknowledgement when cfn-guard did not run).`,
    ),
    ...groups.map((g): Block => {
      const byPath = new Map<string, AcknowledgementEntry[]>();
      g.entries.forEach((a) => byPath.set(a.path, [...(byPath.get(a.path) ?? []), a]));
      const ruleSets = [...byPath.values()].map((entries) => mergeRuleVariants(entries.map((a) => a.rule)).join('; '));
      const sameRules = new Set(ruleSets).size === 1;
      const covered = g.entries.reduce((sum, a) => sum + a.findingsCovered, 0);
      return {
        kind: 'details',
        id: g.id,
        open: false,
        title: g.reason,
        subtitle: `Compensating control: ${g.compensatingControl} — ${plural(byPath.size, 'construct')}, ${plural(g.entries.length, 'acknowledgement')}, ${plural(covered, 'finding')} covered`,
        blocks: [
          paragraph(
            `Rules: ${mergeRuleVariants(
              g.entries.map((a) => a.rule),
              3,
            ).join('; ')}.`,
          ),
          table(
            ['construct path', ...(sameRules ? [] : ['rules']), 'findings covered'],
            [...byPath]
              .sort(([a], [b]) => a.localeCompare(b))
              .map(([path, entries], i) => [path, ...(sameRules ? [] : [ruleSets[i]]), entries.reduce((s, a) => s + a.findingsCovered, 0)]),
          ),
        ],
      };
    }),
  ];
}

function frameworks(report: ComplianceReport, coverage: readonly FrameworkCoverage[]): Block[] {
  const proof = (rule: string) => rule.startsWith('Proof-');
  return [
    heading(2, 'Controls evidenced, per framework'),
    paragraph(
      'From the mapping table in lib/compliance/control-mapping.ts: each rule evidences control objectives, each objective names its controls in each framework. Results count the rule × resource pairs behind each control.',
    ),
    ...(report.unmappedRules.length > 0 ? [paragraph('Rules with results that the mapping table does not map:'), list(report.unmappedRules)] : []),
    ...report.frameworks.flatMap((f, i) => [
      { ...heading(3, f.framework), id: coverage[i].id } as Block,
      paragraph(
        `${coverage[i].evidenced + coverage[i].acknowledgedOnly} of ${plural(coverage[i].controls, 'mapped control')} evidenced (${coverage[i].acknowledgedOnly} by acknowledgements only); ${coverage[i].open} open; ${coverage[i].noResults} without results.`,
      ),
      table(
        ['control', 'evidence', 'objectives', 'rules', 'compliant', 'non-compliant', 'acknowledged'],
        f.controls.map((c) => [
          c.control,
          STATE_WORDS[controlState(c)],
          c.objectives.join('; '),
          { items: [...mergeRuleVariants(c.rules.filter((r) => !proof(r))), ...c.rules.filter(proof)], shown: 8 },
          c.compliant,
          c.nonCompliant,
          c.acknowledged,
        ]),
        [0, 1],
      ),
    ]),
  ];
}

function results(report: ComplianceReport): Block[] {
  return [
    heading(2, 'Results by rule set'),
    paragraph(
      'A rule is evaluated on a resource when it applies to it (cdk-nag: any result but not-applicable; Control Tower: the resource is of a type the control evaluates). Counts are rule × resource pairs, each a row of findings.csv; Live posture rows are one per check, or one per failing resource. Live checks that could not run are counted as neither: they evidence nothing.',
    ),
    table(
      ['rule set', ...COUNT_HEADERS],
      report.packTotals.map((s) => [s.pack, ...counts(s)]),
      [0],
    ),
    {
      kind: 'details',
      title: 'Per region and rule set',
      open: false,
      blocks: [
        table(
          ['region', 'rule set', ...COUNT_HEADERS],
          report.summary.map((s) => [s.region, s.pack, ...counts(s)]),
          [0, 1],
        ),
      ],
    },
    heading(2, 'Our own rules (Halo pack)'),
    paragraph(
      'What the cdk-nag packs do not check: residency, TLS policy, HSTS, backup cadence, witness placement, retention of stateful resources, and exposure.',
    ),
    table(
      ['topic', 'rule', 'fires when', 'resources checked', 'compliant', 'non-compliant', 'acknowledged'],
      [...report.ownPack]
        .sort((a, b) => a.topic.localeCompare(b.topic))
        .map((r) => [r.topic, r.rule, r.description, r.resourcesChecked, r.compliant, r.nonCompliant, r.acknowledged]),
    ),
  ];
}

function proofs(report: ComplianceReport): Block[] {
  const failed = report.proofs.filter((p) => !p.passed).length;
  const regions = [...new Set(report.proofs.map((p) => p.region))];
  const nameOf = new Map(report.regions.map((r) => [r.code, r.name]));
  return [
    heading(2, 'Permission proofs'),
    paragraph(
      report.proofsRan
        ? `Every call a service or role must be able to make at run time, and every call that must be refused, declared beside the construct that creates what it touches and evaluated after the synth against the synthesized identity, key, bucket, topic, secret, vault and trust policies with an IAM policy simulator (@cloud-copilot/iam-simulate). ${report.proofs.length} proofs, ${failed} not holding.`
        : 'Not run in this synth (halo:proofs=off): no permission is evidenced.',
    ),
    ...regions.map((region): Block => {
      const own = report.proofs.filter((p) => p.region === region);
      const notHolding = own.filter((p) => !p.passed).length;
      return {
        kind: 'details',
        open: notHolding > 0,
        title: `${nameOf.get(region) ?? region} (${region})`,
        subtitle: `${plural(own.length, 'proof')}, ${notHolding} not holding`,
        blocks: [
          table(
            ['region', 'proof', 'actor', 'action', 'resource', 'request context', 'expected', 'result', 'why'],
            own.map((p) => [
              p.region,
              p.rule,
              p.actor,
              p.action,
              p.resource,
              Object.entries(p.context)
                .map(([k, v]) => `${k}=${Array.isArray(v) ? v.join('|') : String(v)}`)
                .join('; '),
              p.expected,
              p.passed ? p.result : `${p.result.toUpperCase()}: ${p.detail}`,
              p.why,
            ]),
          ),
        ],
      };
    }),
  ];
}

function operations(report: ComplianceReport): Block[] {
  return [
    heading(2, 'Security services: who runs them'),
    paragraph(
      "GuardDuty, Security Hub and AWS Config run either from each region's Security stack or, where a region declares it, by the organization's delegated administrator (AWS Organizations, Control Tower).",
    ),
    table(
      ['region', 'GuardDuty', 'Security Hub', 'AWS Config', 'Security Lake'],
      report.securityServices.map((s) => [`${s.name} (${s.region})`, s.guardDuty, s.securityHub, s.config, s.securityLake]),
    ),
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

function gaps(report: ComplianceReport): Block[] {
  return [
    heading(2, 'Known gaps'),
    report.gaps.length > 0
      ? table(
          ['where', 'control', 'why it is missing', 'compensating control'],
          report.gaps.map((g) => [g.path, g.control, g.reason, g.compensatingControl]),
          [0],
        )
      : paragraph('None.'),
  ];
}

/** Gives every heading a unique anchor (GitHub's, numbered when repeated) and puts the contents after the head. */
function withContents(head: readonly Block[], body: readonly Block[]): Block[] {
  const used = new Map<string, number>();
  const anchor = (b: Block): Block => {
    if (b.kind !== 'heading') return b;
    const base = b.id ?? slug(b.text);
    const n = used.get(base) ?? 0;
    used.set(base, n + 1);
    return { ...b, id: n === 0 ? base : `${base}-${n}` };
  };
  const [top, rest] = [head.map(anchor), body.map(anchor)];
  const entries = [...top, ...rest].flatMap((b) => (b.kind === 'heading' && b.level > 1 ? [{ level: b.level as 2 | 3, text: b.text, id: b.id! }] : []));
  return [...top, { kind: 'heading', level: 2, text: 'Contents', id: 'contents' }, { kind: 'toc', entries }, ...rest];
}

/** The report's sections in reading order: summary, provenance and contents first, then what needs attention. */
export function reportDocument(report: ComplianceReport): Block[] {
  const coverage = frameworkCoverage(report);
  const groups = acknowledgementGroups(report.acknowledgements);
  return withContents(
    [...summary(report, coverage), ...provenance(report)],
    [
      ...openFindings(report),
      ...findings(report, groups),
      ...acknowledgements(report, groups),
      ...gaps(report),
      ...frameworks(report, coverage),
      ...results(report),
      ...proofs(report),
      ...operations(report),
    ],
  );
}
