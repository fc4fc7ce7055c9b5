import type { FindingRow } from '../../lib/compliance/report';
import { acknowledgementGroups, frameworkCoverage, mergeRuleVariants, reportDocument, slug } from '../../lib/compliance/report/document';
import { findingsData } from '../../lib/compliance/report/html/findings';
import { renderHtml } from '../../lib/compliance/report/render-html';
import { renderMarkdown } from '../../lib/compliance/report/render-markdown';
import { handMadeReport, REPLICATION_CONTROL, REPLICATION_REASON, ROTATION_REASON } from './report-html-fixture';

const html = (options = {}) => renderHtml(reportDocument(handMadeReport(options)));
const markdown = (options = {}) => renderMarkdown(reportDocument(handMadeReport(options)));
/** The `<details>` element of an acknowledgement group, by its reason. */
const groupHtml = (page: string, reason: string) => /<details id="ack-\d+">[\s\S]*?<\/details>/g[Symbol.match](page)!.find((d) => d.includes(reason))!;

describe('report.html and report.md of a hand-made report', () => {
  test('the status comes first and says red, amber or green: open findings, known gaps, or neither', () => {
    const statusOf = (page: string) => /<span class="status status-(\w+)" id="status">([^<]+)<\/span>/.exec(page)!.slice(1);
    expect(html({ open: true }).indexOf('id="status"')).toBeLessThan(html({ open: true }).indexOf('<h2>'));
    expect(statusOf(html({ open: true }))).toEqual(['open', 'Open findings']);
    expect(statusOf(html())).toEqual(['gaps', 'Gaps']);
    expect(statusOf(html({ noGaps: true }))).toEqual(['compliant', 'Compliant']);
    expect(markdown({ open: true })).toContain('**Status: Open findings.** 1 finding neither fixed nor acknowledged');
  });

  test('live checks that could not run are their own grey state: never open, never passed, listed with the open findings', () => {
    const line = 'eu-west-2 Live-Backup plans: not checked: backup:ListBackupPlans denied';
    const base = handMadeReport({ noGaps: true });
    const live: FindingRow = {
      ...base.findings[0],
      pack: 'Live posture',
      rule: 'Live-Backup plans',
      check: 'Backup plans',
      status: 'not-checked',
      reason: line,
      detail: '',
      acknowledgedAt: '',
    };
    const report = { ...base, notChecked: [line], findings: [...base.findings, live] };
    const page = renderHtml(reportDocument(report));
    expect(/<span class="status status-(\S+)" id="status">([^<]+)<\/span>/.exec(page)!.slice(1)).toEqual(['not-checked', 'Not checked']);
    expect(page).toMatch(/0 open, 1 not checked, over/);
    expect(page).toMatch(/<h3[^>]*>Live checks that could not run<\/h3>/);
    expect(page).toContain(line);
    // With a real open finding too, red wins and says both.
    const open = handMadeReport({ open: true, noGaps: true });
    expect(renderMarkdown(reportDocument({ ...open, notChecked: [line], findings: [...open.findings, live] }))).toMatch(
      /\*\*Status: Open findings\.\*\* 1 finding neither fixed nor acknowledged, 0 consistency problems; 1 live check could not run\./,
    );
  });

  test('the open finding is listed before the findings table and the acknowledgements, with what was found', () => {
    const page = html({ open: true });
    const open = page.slice(page.indexOf('<section id="open-findings">'), page.indexOf('<section id="findings">'));
    expect(open).toContain('<td>Frankfurt/prod-stable-Data/Releases/Bucket/Resource</td><td>The bucket has no replication configuration.</td>');
    expect(page.indexOf('<section id="open-findings">')).toBeLessThan(page.indexOf('<section id="acknowledgements">'));
    expect(html()).toContain('None: every finding is fixed or acknowledged.');
  });

  test('merges the HIPAA, PCI and NIST variants of one rule, and groups acknowledgements by reason and compensating control', () => {
    expect(
      mergeRuleVariants([
        'PCI.DSS.321-S3BucketReplicationEnabled',
        'HIPAA.Security-S3BucketReplicationEnabled',
        'AwsSolutions-SMG4',
        'AwsSolutions-IAM5[Resource::*]',
        'AwsSolutions-IAM5[Resource::a/*]',
      ]),
    ).toEqual(['AwsSolutions-IAM5 ([Resource::*], [Resource::a/*])', 'AwsSolutions-SMG4', 'S3BucketReplicationEnabled (HIPAA.Security, PCI.DSS.321)']);
    const report = handMadeReport();
    const groups = acknowledgementGroups(report.acknowledgements);
    expect(groups.map((g) => [g.id, g.reason, g.entries.length])).toEqual([
      ['ack-1', REPLICATION_REASON, 18],
      ['ack-2', ROTATION_REASON, 1],
    ]);
    const group = groupHtml(html(), REPLICATION_REASON);
    // Collapsed; its summary says why and what compensates; the rule once with its three packs; each construct once.
    expect(group).toMatch(/^<details id="ack-1"><summary>/);
    expect(group).toContain(`Compensating control: ${REPLICATION_CONTROL} — 6 constructs, 18 acknowledgements, 18 findings covered`);
    expect(group).toContain('Rules: S3BucketReplicationEnabled (HIPAA.Security, NIST.800.53.R5, PCI.DSS.321).');
    expect(group.match(/<td>London\/Security\/AccessLogs\/Bucket<\/td>/g)).toHaveLength(1);
    for (const a of report.acknowledgements) expect(groupHtml(html(), a.reason)).toContain(`<td>${a.path}</td>`);
  });

  test("gives every section an anchor the contents link to, in HTML and with GitHub's anchors in Markdown", () => {
    const page = html();
    const links = [...page.matchAll(/<nav class="toc"[\s\S]*?<\/nav>/g)][0][0].match(/href="#[^"]+"/g)!.map((h) => h.slice(7, -1));
    expect(links).toEqual(
      expect.arrayContaining([
        'provenance',
        'open-findings',
        'findings',
        'acknowledgements',
        'known-gaps',
        'controls-evidenced-per-framework',
        'isoiec-270012022-annex-a',
        'permission-proofs',
      ]),
    );
    links.forEach((id) => expect([id, page.includes(`id="${id}"`)]).toEqual([id, true]));
    const md = markdown();
    const mdLinks = [...md.matchAll(/^ *- \[([^\]]+)\]\(#([^)]+)\)$/gm)].map((m) => [m[1], m[2]]);
    expect(mdLinks.length).toBe(links.length);
    mdLinks.forEach(([text, id]) => {
      expect(md).toMatch(new RegExp(`^#{2,3} ${text.replace(/[()/.:]/g, '\\$&')}$`, 'm'));
      expect(slug(text)).toBe(id);
    });
  });

  test("names the commit, whether the tree was dirty, the tool versions, the configuration hash and every template's SHA-256", () => {
    const { provenance } = handMadeReport();
    for (const page of [html(), markdown()]) {
      expect(page).toContain(`${provenance.commit} (work tree DIRTY: uncommitted changes at synth time)`);
      ['2.276.0', '2.1148.1', '3.0.2', '0.0.62', 'v20.19.0', provenance.configSha256, provenance.synthStartedAt].forEach((v) => expect(page).toContain(v));
      provenance.templates.forEach((t) => expect(page).toContain(t.sha256));
    }
  });

  test('per framework, the share of mapped controls evidenced, as an inline SVG bar with its figures', () => {
    const report = handMadeReport({ open: true });
    const withUnevidenced = {
      ...report,
      frameworks: [
        {
          ...report.frameworks[0],
          controls: [...report.frameworks[0].controls, { control: 'A.8.99', objectives: [], rules: ['X'], compliant: 0, nonCompliant: 0, acknowledged: 0 }],
        },
      ],
    };
    expect(frameworkCoverage(withUnevidenced)).toEqual([
      { framework: 'ISO/IEC 27001:2022 Annex A', id: 'isoiec-270012022-annex-a', controls: 4, evidenced: 1, acknowledgedOnly: 1, open: 1, noResults: 1 },
    ]);
    const page = renderHtml(reportDocument(withUnevidenced));
    expect(page).toContain('aria-label="ISO/IEC 27001:2022 Annex A: 2 of 4 controls evidenced"');
    expect(page).toMatch(/<svg [^>]*>.*<title>1 open<\/title>.*<\/svg>/);
    expect(page).toContain('<strong>50%</strong> (2 of 4)');
    // The control column stays on one line; its evidence says which state it is in.
    expect(page).toContain('<td class="nw">A.5.31</td><td class="nw">OPEN: non-compliant results</td>');
    expect(renderMarkdown(reportDocument(withUnevidenced))).toContain('| [ISO/IEC 27001:2022 Annex A](#isoiec-270012022-annex-a) | 4 | 1 | 1 | 1 | 1 | 50% |');
  });

  test('embeds the findings that are not compliant as data for the filter: open first, each string once', () => {
    const report = handMadeReport({ open: true });
    const { strings, rows } = findingsData(reportDocument(report).flatMap((b) => (b.kind === 'findings' ? b.entries : [])));
    expect(rows).toHaveLength(report.findings.filter((f) => f.status !== 'compliant').length);
    expect(strings[rows[0][0]]).toBe('non-compliant');
    expect(strings.filter((s) => s === REPLICATION_REASON)).toHaveLength(1);
    // Each acknowledged row links to its group.
    expect(rows.filter((r) => strings[r[0]] === 'acknowledged').every((r) => /^ack-\d$/.test(strings[r[8]]))).toBe(true);
    const page = html({ open: true });
    expect(page).toContain('<option value="non-compliant">non-compliant (1)</option>');
  });

  test('is one self-contained file: inline style, script and SVG, no external resource', () => {
    const page = html({ open: true });
    expect(page).not.toMatch(/<link|\s(src|href)="(?!#)|url\(|@import/);
    expect(page.match(/<script>/g)).toHaveLength(1);
    // The data cannot end its script element early, whatever a reason says.
    const hostile = handMadeReport();
    const tricky = {
      ...hostile,
      acknowledgements: hostile.acknowledgements.map((a) => ({ ...a, reason: `${a.reason} </script><img src=x>` })),
      findings: hostile.findings.map((f) => ({ ...f, reason: `${f.reason} </script><img src=x>` })),
    };
    expect(renderHtml(reportDocument(tricky))).not.toContain('<img src=x>');
  });

  test('Markdown keeps the structure without the interactive table', () => {
    const md = markdown({ open: true });
    expect(md).toContain(`#### ${REPLICATION_REASON}`);
    expect(md).toContain('Rules: S3BucketReplicationEnabled (HIPAA.Security, NIST.800.53.R5, PCI.DSS.321).');
    expect(md).toContain('The findings table is interactive and is left out of the printed and Markdown report');
    expect(md.indexOf('## Open findings')).toBeLessThan(md.indexOf('## Acknowledgements'));
    expect(md).not.toMatch(/<details|<script/);
  });
});
