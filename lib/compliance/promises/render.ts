import { PROMISES, type PlatformPromise } from './table';

/** The page `npm run docs` writes; links are relative to docs/. */
export const PROMISE_INDEX_FILE = 'docs/promises.md';

const HALO_RULE = /^Halo-(\w+)$/;

const link = (path: string, text = path) => `[\`${text}\`](../${path})`;

/** Where a Halo rule is defined, or undefined for a cdk-nag pack's rule. */
export function haloRulePath(ruleId: string): string | undefined {
  const name = HALO_RULE.exec(ruleId)?.[1];
  return name ? `lib/compliance/rules/${name}.ts` : undefined;
}

const cell = (text: string) => text.replace(/\|/g, '\\|');

function rule(ruleId: string): string {
  const path = haloRulePath(ruleId);
  return path ? `[\`${ruleId}\`](../${path})` : `\`${ruleId}\` (cdk-nag)`;
}

function section(p: PlatformPromise): string[] {
  const none = 'none';
  const lines = [`## ${p.id}`, '', p.promise, '', `- **Status:** ${p.status}${p.pending ? `. ${p.pending}` : ''}`];
  lines.push('- **Seeds:**');
  for (const s of p.sources) lines.push(`  - \`${s.seed}\`, ${s.section}: "${s.quote}"`);
  lines.push(`- **Kept by:** ${p.keptBy.map((c) => `${link(c.path, c.symbol)} in \`${c.path}\``).join(', ') || none}`);
  lines.push(`- **Rules:** ${p.rules.map(rule).join(', ') || none}`);
  lines.push(`- **Proofs:** ${p.proofs.map((r) => `\`${r.proof}\` in ${link(r.path)}`).join(', ') || none}`);
  lines.push(`- **Tests:** ${p.tests.map((t) => link(t)).join(', ') || none}`);
  return [...lines, ''];
}

/** docs/promises.md: every promise of the seed documents and where it lives. */
export function renderPromiseIndex(promises: readonly PlatformPromise[] = PROMISES): string {
  const seeds = (p: PlatformPromise) => [...new Set(p.sources.map((s) => `\`${s.seed}\``))].join(', ');
  const lines = [
    '# Promise index',
    '',
    '<!-- Generated from lib/compliance/promises/table.ts by `npm run docs`. Do not edit: change the table and rerun. -->',
    '',
    'Each promise of the seed documents (`../shared/seeds/`), in our words, with the seed it comes from, the constructs and',
    'configuration checks that keep it, the compliance rules that check every synth (`Halo-*`: `lib/compliance/rules/`; the',
    "others are cdk-nag packs' rules), the permission proofs (declared with `proveAllowed`/`proveRefused`, evaluated after",
    'every synth; a proof a construct numbers or names is given by the fixed start of its ids, e.g. `NoVaultPolicyChange`)',
    'and the tests that pin it. A test fails when this page and its table disagree, or when the table names a file, export,',
    'rule, proof or test that does not exist.',
    '',
    '| promise | status | seed | in short |',
    '| --- | --- | --- | --- |',
    ...promises.map((p) => `| [${p.id}](#${p.id}) | ${p.status} | ${seeds(p)} | ${cell(p.promise)} |`),
    '',
    ...promises.flatMap(section),
  ];
  return `${lines.join('\n').trimEnd()}\n`;
}
