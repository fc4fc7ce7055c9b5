import { existsSync, readFileSync, statSync } from 'fs';
import { join } from 'path';
import { ComplianceEvidence, EVIDENCE_FILES, readEvidence } from '../evidence';
import type { LivePosture } from './build';
import { assemblyTemplates } from './provenance';
import { readSynthAttempt, SynthAttempt } from './synth-attempt';

/** The report will not describe this evidence: the message says why and what to run. `npm run compliance` exits 2 on it. */
export class ReportRefused extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ReportRefused';
  }
}

const SYNTH_AGAIN = 'run `npx cdk synth && npm run compliance`';
const describe = (a: { runId: string; startedAt: string }) => `run ${a.runId}, started ${a.startedAt}`;

/**
 * The evidence of the latest synth attempt in a cloud assembly, refused unless that attempt completed its evidence and the
 * templates are still the ones it wrote: the report must describe the code as synthesized last, never an older synth.
 */
export function freshEvidence(assemblyDir: string): { attempt: SynthAttempt; evidence: ComplianceEvidence } {
  const attempt = readSynthAttempt(assemblyDir);
  if (!attempt) throw new ReportRefused(`${assemblyDir} records no synth attempt (no synth, or one older than the attempt record): ${SYNTH_AGAIN}`);
  const last = `the last synth attempt (${describe(attempt)})`;
  if (attempt.outcome === 'started') throw new ReportRefused(`${last} has not finished: it is still running or was stopped; wait for it, or ${SYNTH_AGAIN}`);
  if (attempt.outcome === 'config-error') {
    throw new ReportRefused(`${last} stopped on a configuration error${attempt.message ? ` (${attempt.message})` : ''}; fix it and ${SYNTH_AGAIN}`);
  }
  if (attempt.outcome === 'crashed')
    throw new ReportRefused(`${last} crashed before its evidence was complete${attempt.message ? ` (${attempt.message})` : ''}; ${SYNTH_AGAIN}`);
  if (!existsSync(join(assemblyDir, EVIDENCE_FILES.evidence)))
    throw new ReportRefused(`${last} left no ${EVIDENCE_FILES.evidence} in ${assemblyDir}; ${SYNTH_AGAIN}`);

  let evidence: ComplianceEvidence;
  try {
    evidence = readEvidence(assemblyDir);
  } catch (error) {
    throw new ReportRefused(`the evidence in ${assemblyDir} cannot be read (${(error as Error).message.split('\n')[0]}); ${SYNTH_AGAIN}`);
  }
  if (evidence.runId !== attempt.runId) {
    const from = evidence.runId ? `run ${evidence.runId}, started ${evidence.synthStartedAt}` : 'a synth that recorded no run';
    throw new ReportRefused(`the evidence in ${assemblyDir} comes from ${from}, not from ${last}; ${SYNTH_AGAIN}`);
  }
  const changed = changedTemplates(assemblyDir, evidence);
  if (changed.length > 0) {
    throw new ReportRefused(
      `${changed[0]}${changed.length > 1 ? ` (and ${changed.length - 1} more)` : ''} since ${last}; the report describes templates as synthesized: ${SYNTH_AGAIN}`,
    );
  }
  return { attempt, evidence };
}

/** Templates whose content, or whose presence in the assembly's manifests, differs from what the synth recorded. */
export function changedTemplates(assemblyDir: string, evidence: ComplianceEvidence): string[] {
  const now = new Map(assemblyTemplates(assemblyDir).map((t) => [t.path, t.sha256]));
  const recorded = new Map((evidence.provenance?.templates ?? []).map((t) => [t.path, t.sha256]));
  if (recorded.size === 0) return [`the synth recorded no template hashes in ${EVIDENCE_FILES.evidence}`];
  return [
    ...[...recorded].filter(([path]) => !now.has(path) || now.get(path) === 'missing').map(([path]) => `${path} is gone`),
    ...[...recorded].filter(([path, sha]) => now.has(path) && now.get(path) !== 'missing' && now.get(path) !== sha).map(([path]) => `${path} was changed`),
    ...[...now.keys()].filter((path) => !recorded.has(path)).map((path) => `${path} was added`),
  ];
}

/** A duration such as `24h`, `90m` or `2d`, in milliseconds; undefined when it is not one. */
export function parseDuration(text: string): number | undefined {
  const match = /^(\d+(?:\.\d+)?)\s*(m|h|d)$/.exec(text.trim());
  if (!match || Number(match[1]) <= 0) return undefined;
  return Number(match[1]) * { m: 60_000, h: 3_600_000, d: 86_400_000 }[match[2] as 'm' | 'h' | 'd'];
}

const STATUSES = new Set(['compliant', 'non-compliant', 'acknowledged', 'not-checked']);
/** A verifier clock a little ahead of this one is no reason to refuse. */
const CLOCK_SKEW_MS = 5 * 60_000;

/** Options of {@link readLivePosture}. */
export interface LivePostureOptions {
  /** The oldest live posture the report accepts, in milliseconds. */
  readonly maxAgeMs: number;
  /** @default now */
  readonly now?: Date;
}

/** The live verifier's results from `npm run verify -- --json <file>`, refused when unreadable or older than the limit. */
export function readLivePosture(file: string, { maxAgeMs, now = new Date() }: LivePostureOptions): LivePosture {
  if (!existsSync(file) || !statSync(file).isFile())
    throw new ReportRefused(`--live ${file}: no such file; write it with \`npm run verify -- --all --json ${file}\``);
  let live: Partial<LivePosture>;
  try {
    live = JSON.parse(readFileSync(file, 'utf8'));
  } catch (error) {
    throw new ReportRefused(`--live ${file} is not JSON (${(error as Error).message}); write it again with \`npm run verify -- --all --json ${file}\``);
  }
  const taken = Date.parse(String(live.generatedAt));
  if (!live.generatedAt || Number.isNaN(taken) || !Array.isArray(live.findings)) {
    throw new ReportRefused(
      `--live ${file} is not the live verifier's JSON (it needs generatedAt and findings); write it with \`npm run verify -- --all --json ${file}\``,
    );
  }
  const bad = live.findings.find((f) => !f || typeof f.rule !== 'string' || typeof f.path !== 'string' || !STATUSES.has(f.status));
  if (bad)
    throw new ReportRefused(
      `--live ${file} has a row that is not a finding (${JSON.stringify(bad).slice(0, 120)}); write it again with \`npm run verify -- --all --json ${file}\``,
    );
  const age = now.getTime() - taken;
  if (age < -CLOCK_SKEW_MS)
    throw new ReportRefused(
      `--live ${file} says it was taken ${live.generatedAt}, after now (${now.toISOString()}): check the clocks and run \`npm run verify -- --all --json ${file}\` again`,
    );
  if (age > maxAgeMs) {
    throw new ReportRefused(
      `--live ${file} was taken ${live.generatedAt}, ${hours(age)} ago, older than the limit of ${hours(maxAgeMs)}: run \`npm run verify -- --all --json ${file}\` again (or raise --live-max-age)`,
    );
  }
  return live as LivePosture;
}

const hours = (ms: number) => (ms >= 3_600_000 ? `${Math.round((ms / 3_600_000) * 10) / 10} h` : `${Math.round(ms / 60_000)} min`);
