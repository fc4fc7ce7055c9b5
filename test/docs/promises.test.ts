import { existsSync, readFileSync } from 'fs';
import { join } from 'path';
import { PROMISE_INDEX_FILE, PROMISES, haloRulePath, renderPromiseIndex } from '../../lib/compliance/promises';
import { ruleTitles } from '../../lib/compliance/report/rule-titles';
import { fixtureProofs } from '../fixtures/assembly';

const root = join(__dirname, '..', '..');
const read = (path: string) => readFileSync(join(root, path), 'utf8');
const escape = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** Whether the module at `path` exports `name` (a declaration or an export list). */
function exportsName(path: string, name: string): boolean {
  const text = read(path);
  const declared = new RegExp(`^export (?:declare )?(?:abstract )?(?:async )?(?:class|function|const|let|interface|type|enum) ${escape(name)}\\b`, 'm');
  const listed = new RegExp(`^export (?:type )?\\{[^}]*\\b${escape(name)}\\b[^}]*\\}`, 'm');
  return declared.test(text) || listed.test(text);
}

describe('the promise index (docs/promises.md)', () => {
  test('is what the promise table renders (run `npm run docs` after changing lib/compliance/promises/)', () => {
    expect(read(PROMISE_INDEX_FILE)).toBe(renderPromiseIndex());
  });

  test('names each promise once, with a seed, and never calls a promise kept that it does not keep', () => {
    const ids = PROMISES.map((p) => p.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const p of PROMISES) {
      expect(p.id).toMatch(/^[a-z0-9]+(-[a-z0-9]+)*$/);
      expect(p.sources.length).toBeGreaterThan(0);
      expect(p.keptBy.length).toBeGreaterThan(0);
      if (p.status === 'kept') {
        expect({ id: p.id, pending: p.pending }).toEqual({ id: p.id, pending: undefined });
        expect({ id: p.id, pinned: p.rules.length + p.proofs.length + p.tests.length > 0 }).toEqual({ id: p.id, pinned: true });
      } else {
        expect({ id: p.id, pending: (p.pending ?? '').length > 20 }).toEqual({ id: p.id, pending: true });
      }
    }
  });

  test('holds the promises issue 17 had to search for: witness in a third AZ, backups in zone, HSTS, vault lock, hourly log backups', () => {
    const ids = PROMISES.map((p) => p.id);
    for (const id of ['witness-third-az', 'backups-in-zone', 'hsts', 'vault-lock', 'hourly-log-backups']) expect(ids).toContain(id);
  });

  test('every construct, check or constant it names exists and is exported from the file it names', () => {
    const missing = PROMISES.flatMap((p) =>
      p.keptBy.filter((c) => !existsSync(join(root, c.path)) || !exportsName(c.path, c.symbol)).map((c) => `${p.id}: ${c.symbol} in ${c.path}`),
    );
    expect(missing).toEqual([]);
  });

  test("every rule it names is a rule of the compliance gate (the project's rules or a cdk-nag pack's)", () => {
    const known = ruleTitles();
    const missing = PROMISES.flatMap((p) => p.rules.filter((r) => !known.has(r)).map((r) => `${p.id}: ${r}`));
    expect(missing).toEqual([]);
    const haloFiles = PROMISES.flatMap((p) => p.rules.flatMap((r) => haloRulePath(r) ?? []));
    expect(haloFiles.filter((path) => !existsSync(join(root, path)))).toEqual([]);
  });

  test('every permission proof it names is declared in the file it names', () => {
    const missing = PROMISES.flatMap((p) =>
      p.proofs
        .filter((r) => {
          if (!existsSync(join(root, r.path))) return true;
          const text = read(r.path);
          return !/prove(Allowed|Refused)\(/.test(text) || !new RegExp(`\\bid: ['\`]${escape(r.proof)}`).test(text);
        })
        .map((r) => `${p.id}: ${r.proof} in ${r.path}`),
    );
    expect(missing).toEqual([]);
  });

  test("every permission proof it names is among the fixture synth's proofs", () => {
    // A proof's id may end in what its construct adds (`NoVaultPolicyChange0`, `ExpiredOperatorRefused`): the table names its fixed part.
    const ids = fixtureProofs().proofs.map((p) => p.rule.replace(/^Proof-/, ''));
    const missing = PROMISES.flatMap((p) => p.proofs.filter((r) => !ids.some((id) => id.startsWith(r.proof))).map((r) => `${p.id}: ${r.proof}`));
    expect(missing).toEqual([]);
  });

  test('every test file it names exists', () => {
    const missing = PROMISES.flatMap((p) => p.tests.filter((t) => !/\.test\.ts$/.test(t) || !existsSync(join(root, t))).map((t) => `${p.id}: ${t}`));
    expect(missing).toEqual([]);
  });

  test('every link of the page leads to a file of the repository or a promise of the page', () => {
    const page = read(PROMISE_INDEX_FILE);
    const links = [...page.matchAll(/\]\(([^)]+)\)/g)].map((m) => m[1]);
    expect(links.length).toBeGreaterThan(PROMISES.length);
    const anchors = new Set(PROMISES.map((p) => `#${p.id}`));
    const broken = links.filter((l) => (l.startsWith('#') ? !anchors.has(l) : !l.startsWith('../') || !existsSync(join(root, 'docs', l))));
    expect(broken).toEqual([]);
    for (const p of PROMISES) expect(page).toContain(`\n## ${p.id}\n`);
  });

  // The seeds live beside the repository (../shared/seeds/), as ../shared/ARCHITECTURE.md does; a clone without them skips this.
  const seeds = join(root, '..', 'shared', 'seeds');
  (existsSync(seeds) ? test : test.skip)('quotes each seed word for word, in the section it names', () => {
    const normal = (text: string) => text.replace(/\s+/g, ' ').trim();
    const wrong = PROMISES.flatMap((p) =>
      p.sources
        .filter((s) => {
          const path = join(seeds, s.seed);
          if (!existsSync(path)) return true;
          const text = normal(readFileSync(path, 'utf8'));
          return !text.includes(normal(s.quote)) || !text.includes(normal(s.section));
        })
        .map((s) => `${p.id}: ${s.seed} "${s.quote}"`),
    );
    expect(wrong).toEqual([]);
  });
});
