import { spawnSync } from 'child_process';
import { readFileSync } from 'fs';
import { join } from 'path';
import Ajv from 'ajv';
import { readValidationReport } from '../../lib/compliance';
import { buildComplianceReport, ComplianceReport } from '../../lib/compliance/report';
import { freshEvidence } from '../../lib/compliance/report/freshness';
import { canonicalJson, repositoryUri, sha256 } from '../../lib/compliance/report/provenance';
import { renderSarif } from '../../lib/compliance/report/render-sarif';
import { readSynthAttempt } from '../../lib/compliance/report/synth-attempt';
import { fixtureCompliance } from '../fixtures/assembly';
import { fixtureAssembly } from './report-fixture';

const root = join(__dirname, '..', '..');
const version = (pkg: string) => JSON.parse(readFileSync(require.resolve(`${pkg}/package.json`), 'utf8')).version;

/** The SARIF 2.1.0 schema (draft-04; ajv 8 reads it without its meta-schema, with the formats it names). */
function sarifValidator() {
  const { $schema: _draft, id: _id, ...schema } = JSON.parse(readFileSync(require.resolve('@microsoft/jest-sarif/lib/schemas/sarif-2.1.0-rtm.5.json'), 'utf8'));
  const isUri = (s: string) => URL.canParse(s);
  const ajv = new Ajv({
    strict: false,
    allErrors: true,
    unicodeRegExp: false,
    formats: { uri: isUri, 'uri-reference': true, 'date-time': (s: string) => !Number.isNaN(Date.parse(s)) },
  });
  return ajv.compile(schema);
}

// The fixture app's report, built once for the file (both describes read it; building it is the file's largest cost).
let built: (ReturnType<typeof freshEvidence> & { report: ComplianceReport }) | undefined;
function fixtureReport(): NonNullable<typeof built> {
  if (built) return built;
  const dir = fixtureCompliance();
  const { attempt, evidence } = freshEvidence(dir);
  return (built = { attempt, evidence, report: buildComplianceReport(evidence, readValidationReport(dir), new Date()) });
}

describe('provenance: the report names the synth, commit, tools, configuration and templates behind it', () => {
  const dir = fixtureCompliance();
  const { attempt, evidence, report } = fixtureReport();

  test('the fixture synth recorded its attempt, and its evidence and report carry that run', () => {
    expect(attempt).toEqual(readSynthAttempt(dir));
    expect(attempt.outcome).toBe('succeeded');
    expect(report.provenance).toMatchObject({ runId: attempt.runId, synthStartedAt: attempt.startedAt });
  });

  test('commit and dirty state from git, versions from the installed packages and Node', () => {
    const head = spawnSync('git', ['rev-parse', 'HEAD'], { cwd: root, encoding: 'utf8' });
    expect(report.provenance.commit).toBe(head.status === 0 ? head.stdout.trim() : 'unknown');
    expect(typeof report.provenance.dirty).toBe('boolean');
    expect(report.provenance.versions).toEqual({
      awsCdkLib: version('aws-cdk-lib'),
      cdkNag: version('cdk-nag'),
      guardValidator: version('@cdklabs/cdk-validator-cfnguard'),
      node: process.version,
      // The fixture synth runs the app without the CLI: the installed CLI, said so.
      cdkCli: `${version('aws-cdk')} (installed; the app was not run by the CDK CLI)`,
    });
  });

  test('every template of the assembly, with its SHA-256 as on disk; the configuration hash is canonical', () => {
    const stacks = report.provenance.templates;
    expect(stacks.length).toBeGreaterThan(20);
    for (const t of stacks) expect(sha256(readFileSync(join(dir, t.path)))).toBe(t.sha256);
    expect(new Set(stacks.map((t) => t.stack))).toEqual(new Set(evidence.resources.map((r) => r.stack)));
    expect(report.provenance.configSha256).toMatch(/^[0-9a-f]{64}$/);
    expect(canonicalJson({ b: [1, { d: 2, c: undefined }], a: 'x' })).toBe(canonicalJson({ a: 'x', b: [1, { d: 2 }] }));
  });

  test('every row of a resource names its type and logical ID as in its template', () => {
    const resourceRows = report.findings.filter((f) => f.pack !== 'Permission proofs');
    expect(resourceRows.filter((f) => !f.logicalId || !f.resourceType).map((f) => `${f.rule} ${f.path}`)).toEqual([]);
    const templates = new Map(report.provenance.templates.map((t) => [t.stack, JSON.parse(readFileSync(join(dir, t.path), 'utf8')).Resources]));
    const wrong = resourceRows.filter((f) => templates.get(f.stack)?.[f.logicalId]?.Type !== f.resourceType);
    expect(wrong.slice(0, 5).map((f) => `${f.rule} ${f.path} ${f.logicalId}`)).toEqual([]);
  });
});

describe('report.sarif', () => {
  const validate = sarifValidator();

  test.each([
    [
      'the small fixture with open and acknowledged findings',
      () => {
        const dir = fixtureAssembly();
        return { dir, report: buildComplianceReport(freshEvidence(dir).evidence, readValidationReport(dir), new Date()) };
      },
    ],
    ['the fixture app synthesized as CI does', () => ({ dir: fixtureCompliance(), report: fixtureReport().report })],
  ])('%s: valid SARIF 2.1.0; open findings as results, acknowledgements as accepted suppressions with their reason', (_name, assembly) => {
    const { dir, report } = assembly();
    const log = JSON.parse(JSON.stringify(renderSarif(report, dir)));
    expect(validate(log) ? [] : validate.errors!.slice(0, 5)).toEqual([]);
    const [run] = log.runs;
    // The schema does bite: a suppression of an unknown kind is refused.
    expect(validate({ ...log, runs: [{ ...run, results: [{ ...run.results[0], suppressions: [{ kind: 'whatever' }] }] }] })).toBe(false);
    const open = report.findings.filter((f) => f.status === 'non-compliant');
    const acknowledged = report.findings.filter((f) => f.status === 'acknowledged');
    expect(run.results.filter((r: any) => !r.suppressions)).toHaveLength(open.length);
    expect(run.results.filter((r: any) => r.suppressions)).toHaveLength(acknowledged.length);
    expect(
      run.results.flatMap((r: any) => r.suppressions ?? []).every((s: any) => s.kind === 'external' && s.status === 'accepted' && s.justification.length > 20),
    ).toBe(true);
    expect(run.automationDetails.id).toBe(`halo-compliance/${report.provenance.runId}`);
    expect(run.properties.commit).toBe(report.provenance.commit);
    // Each result points at its resource's line in its template.
    const located = run.results.filter((r: any) => r.locations[0].physicalLocation?.region);
    expect(located.length).toBe(run.results.length);
    for (const r of located.slice(0, 50)) {
      const loc = r.locations[0];
      const line = readFileSync(join(dir, loc.physicalLocation.artifactLocation.uri), 'utf8').split('\n')[loc.physicalLocation.region.startLine - 1];
      expect(line).toBe(`  "${loc.logicalLocations[0].name}": {`);
    }
  });
});

describe('the repository in the provenance', () => {
  test.each([
    ['https://user:token@github.com/halo/platform.git', 'https://github.com/halo/platform.git'],
    ['git@github.com:halo/platform.git', 'ssh://github.com/halo/platform.git'],
    ['ssh://git@github.com/halo/platform.git', 'ssh://github.com/halo/platform.git'],
    ['/work/main', 'file:///work/main'],
    ['../main', 'file:///work/main'],
    ['', 'file:///work/clone'],
  ])('%j becomes a URI without credentials: %s', (remote, uri) => {
    expect(repositoryUri(remote, '/work/clone')).toBe(uri);
  });
});
