import { execFileSync } from 'child_process';
import { existsSync, mkdirSync, writeFileSync } from 'fs';
import { join } from 'path';
import { chromium, Browser, Page } from 'playwright-core';
import { readValidationReport } from '../../lib/compliance';
import { readEvidence } from '../../lib/compliance/evidence';
import { buildComplianceReport, ComplianceReport } from '../../lib/compliance/report';
import { acknowledgementGroups, mergeRuleVariants, reportDocument } from '../../lib/compliance/report/document';
import { renderHtml } from '../../lib/compliance/report/render-html';
import { fixtureCompliance, scratchDir } from '../fixtures/assembly';
import { handMadeReport } from './report-html-fixture';

/** Debian's chromium (CI installs it, see .ci/run); playwright-core drives it, it downloads no browser. */
function chromiumPath(): string | undefined {
  if (existsSync('/usr/bin/chromium')) return '/usr/bin/chromium';
  try {
    return execFileSync('sh', ['-c', 'command -v chromium'], { encoding: 'utf8' }).trim() || undefined;
  } catch {
    return undefined;
  }
}

const executablePath = chromiumPath();
if (!executablePath && process.env.CI) throw new Error("chromium is not installed: CI needs it for the report's browser test (apt-get install chromium)");
if (!executablePath) console.warn('report-html-browser.test.ts SKIPPED: no chromium on this machine (apt-get install chromium); CI runs it.');
const inBrowser = executablePath ? describe : describe.skip;

// The closed network refuses what chromium would fetch in the background: these flags keep it from trying.
const ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/** Opens a report page from a file, recording console errors, page errors and every request not for the file itself. */
async function open(browser: Browser, file: string): Promise<{ page: Page; problems: string[] }> {
  const page = await browser.newPage({ viewport: { width: 1400, height: 1000 } });
  const problems: string[] = [];
  page.on('console', (m) => {
    if (m.type() === 'error') problems.push(`console: ${m.text()}`);
  });
  page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
  page.on('request', (r) => {
    if (r.url() !== `file://${file}`) problems.push(`request: ${r.url()}`);
  });
  await page.goto(`file://${file}`);
  return { page, problems };
}

// The fixture app synthesized once for the run (test/fixtures/synthesize-fixture.ts), and its report as HTML.
let built: ComplianceReport | undefined;
// Built once for the file's two describes (it reads the whole synth's outcome).
const fixtureReport = (): ComplianceReport => {
  if (built) return built;
  const assembly = fixtureCompliance();
  return (built = buildComplianceReport(readEvidence(assembly), readValidationReport(assembly), new Date('2026-11-24T00:00:00Z')));
};

describe('report.html of the fixture app', () => {
  const report = fixtureReport();
  const html = renderHtml(reportDocument(report));
  const escape = (t: string) => t.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

  test('lists every acknowledgement in its folded group, with its rule, construct, reason and compensating control', () => {
    expect(report.acknowledgements.length).toBeGreaterThan(500);
    const folded = new Map([...html.matchAll(/<details id="(ack-\d+)">([\s\S]*?)<\/details>\n(?=<details id="ack-|<\/section>)/g)].map((m) => [m[1], m[2]]));
    const groups = acknowledgementGroups(report.acknowledgements);
    expect(folded.size).toBe(groups.length);
    for (const g of groups) {
      const group = folded.get(g.id)!;
      expect(group).toContain(escape(g.reason));
      expect(group).toContain(escape(g.compensatingControl));
      for (const a of g.entries) {
        expect(group).toContain(`<td>${escape(a.path)}</td>`);
        expect(group).toContain(escape(mergeRuleVariants([a.rule])[0].replace(/ \(.*\)$/, '')));
      }
    }
  });

  test('is self-contained: nothing it refers to lies outside the page', () => {
    expect(html).not.toMatch(/<link|\s(src|href)="(?!#)|url\(|@import/);
    expect(html.match(/<script>/g)).toHaveLength(1);
  });
});

inBrowser('report.html in a real browser (headless chromium)', () => {
  let browser: Browser;
  const dir = scratchDir('halo-report-html-');
  beforeAll(async () => {
    browser = await chromium.launch({ executablePath, args: ARGS });
  });
  afterAll(async () => {
    await browser?.close();
  });

  test('filters the findings, resolves its anchors, folds the acknowledgements and prints them unfolded', async () => {
    const file = join(dir, 'hand-made.html');
    writeFileSync(file, renderHtml(reportDocument(handMadeReport({ open: true }))));
    const { page, problems } = await open(browser, file);
    const rows = page.locator('#findings-table tbody tr:not([hidden])');
    const before = await rows.count();
    expect(before).toBe(19);
    await page.fill('#filter-text', 'frankfurt releases');
    expect(await page.textContent('#filter-count')).toBe('3 of 19 findings');
    expect(await rows.count()).toBe(3);
    expect(await rows.first().textContent()).toContain('non-compliant');
    await expect(rows.filter({ hasText: 'London/Security/AccessLogs' }).count()).resolves.toBe(0);
    await page.selectOption('#filter-status', 'acknowledged');
    expect(await rows.count()).toBe(2);
    await page.fill('#filter-text', '');
    await page.selectOption('#filter-status', '');
    expect(await rows.count()).toBe(before);
    // Every link within the page has its target; an acknowledgement group is a folded <details> until followed.
    const targets = await page.locator('a[href^="#"]').evaluateAll((links) => links.map((a) => a.getAttribute('href')!.slice(1)));
    expect(targets.length).toBeGreaterThan(10);
    for (const id of new Set(targets)) expect([id, await page.locator(`[id="${id}"]`).count()]).toEqual([id, 1]);
    const groups = page.locator('details[id^="ack-"]');
    expect(await groups.count()).toBe(2);
    expect(await groups.evaluateAll((ds) => ds.filter((d) => d.hasAttribute('open')).length)).toBe(0);
    expect(await page.locator('#ack-1 table').isVisible()).toBe(false);
    await page.locator('#findings-table a[href="#ack-1"]').first().click();
    expect(await page.locator('#ack-1').getAttribute('open')).toBe('');
    await page.evaluate('document.getElementById("ack-1").open = false');
    // Printed: every fold open, no filter bar, the unfiltered table replaced by its note.
    await page.emulateMedia({ media: 'print' });
    expect(await page.locator('#ack-1 table').isVisible()).toBe(true);
    expect(await page.locator('.filters').isVisible()).toBe(false);
    expect(await page.locator('#findings-table').isVisible()).toBe(false);
    expect(problems).toEqual([]);
  });

  test("opens the fixture app's report without errors; its screenshot is kept", async () => {
    const report = fixtureReport();
    const file = join(dir, 'fixture-report.html');
    writeFileSync(file, renderHtml(reportDocument(report)));
    const { page, problems } = await open(browser, file);
    const acknowledged = report.findings.filter((f) => f.status === 'acknowledged').length;
    expect(await page.textContent('#filter-count')).toBe(`${acknowledged} of ${acknowledged} findings`);
    await page.fill('#filter-text', 'london');
    const shown = await page.locator('#findings-table tbody tr:not([hidden])').count();
    expect(shown).toBeGreaterThan(0);
    expect(shown).toBeLessThan(acknowledged);
    await page.fill('#filter-text', '');
    await page.mouse.wheel(0, -1e6);
    const screenshots = process.env.HALO_SCREENSHOT_DIR ?? dir;
    mkdirSync(screenshots, { recursive: true });
    // The first screen (status, charts, provenance, contents): a full-page shot of the whole report costs seconds.
    await page.screenshot({ path: join(screenshots, 'compliance-report.png') });
    expect(existsSync(join(screenshots, 'compliance-report.png'))).toBe(true);
    expect(problems).toEqual([]);
  });
});
