/**
 * Running one bench step: its command with a timeout and the process tree's memory sampled, its output's tail kept
 * for a failure message (scripts/bench.ts).
 */
import { ChildProcess, spawn } from 'child_process';
import { existsSync, readdirSync, readFileSync } from 'fs';
import { join } from 'path';
import { performance } from 'perf_hooks';

const root = join(__dirname, '..');
/** A command that runs longer than this has hung. */
const TIMEOUT_SECONDS = 900;

export interface Step {
  /** What the progress line and the table call it. */
  readonly label: string;
  readonly args: readonly string[];
  /** Environment changes: undefined removes the variable. */
  readonly env?: Record<string, string | undefined>;
  /** How the progress line shows the command, when not as its arguments. */
  readonly display?: string;
  readonly sampleMemory?: boolean;
}

export interface Outcome {
  readonly seconds: number;
  /** CPU seconds, user + system, of the command and every descendant it waited for (Linux). */
  readonly cpuSeconds?: number;
  /** Peak of the summed PSS of the process tree, MB (when sampled). */
  readonly peakMb?: number;
  readonly stdout: string;
}

/** A command that failed: the bench prints its output's tail and exits 1 with the reason. */
export class CommandFailed extends Error {
  constructor(
    readonly reason: string,
    readonly tail: string,
  ) {
    super(reason);
  }
}

/** The last `max` characters written to a stream. */
export class Tail {
  private text = '';
  constructor(private readonly max = 256 * 1024) {}
  add(chunk: Buffer): void {
    this.text = (this.text + chunk.toString('utf8')).slice(-this.max);
  }
  /** The last lines, without colour codes. */
  lines(count: number): string {
    return (
      this.text
        // eslint-disable-next-line no-control-regex -- strips ANSI colour escapes (ESC [ ... m) from the child's output
        .replace(/\x1b\[[0-9;]*m/g, '')
        .trimEnd()
        .split('\n')
        .slice(-count)
        .join('\n')
    );
  }
  toString(): string {
    return this.text;
  }
}

// ---- process tree memory (Linux /proc) --------------------------------------------------------------------------

/** Linux's /proc, which the process tree, its memory and the steps' CPU are read from. */
export const hasProc = process.platform === 'linux' && existsSync('/proc/self/status');

/** Children of every process, from the ppid field of /proc/<pid>/stat. */
function childrenByParent(): Map<number, number[]> {
  const children = new Map<number, number[]>();
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    let stat: string;
    try {
      stat = readFileSync(`/proc/${name}/stat`, 'utf8');
    } catch {
      continue; // exited meanwhile
    }
    // "pid (comm) state ppid ...": comm may hold spaces and parentheses, so split after its last ')'.
    const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
    const siblings = children.get(ppid);
    if (siblings) siblings.push(Number(name));
    else children.set(ppid, [Number(name)]);
  }
  return children;
}

/** The process and all its descendants. */
function processTree(pid: number): number[] {
  const children = childrenByParent();
  const tree: number[] = [];
  for (const queue = [pid]; queue.length > 0;) {
    const next = queue.pop()!;
    tree.push(next);
    queue.push(...(children.get(next) ?? []));
  }
  return tree;
}

/**
 * The process's proportional set size (PSS): its private pages plus its share of pages it shares with others (the
 * node binary and libraries mapped by the CLI and the app alike), so the tree's sum counts each page once. VmRSS where
 * the kernel has no smaps_rollup.
 */
function rssKb(pid: number): number {
  try {
    const pss = /^Pss:\s+(\d+) kB/m.exec(readFileSync(`/proc/${pid}/smaps_rollup`, 'utf8'))?.[1];
    if (pss !== undefined) return Number(pss);
  } catch {
    // gone, or no smaps_rollup: try status
  }
  try {
    return Number(/^VmRSS:\s+(\d+) kB/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? 0);
  } catch {
    return 0;
  }
}

/** Clock ticks per second of /proc's times: USER_HZ, which Linux's user-space ABI fixes at 100. */
const USER_HZ = 100;

/**
 * CPU seconds, user + system, of this process's children that have ended and been waited for, each with the
 * descendants it waited for itself (cutime and cstime of /proc/self/stat): a step's CPU is the difference over it.
 */
function endedChildrenCpuSeconds(): number | undefined {
  if (!hasProc) return undefined;
  const stat = readFileSync('/proc/self/stat', 'utf8');
  // Fields after "pid (comm) ": state is field 3, so cutime (16) and cstime (17) are the 14th and 15th.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(fields[13]) + Number(fields[14])) / USER_HZ;
}

// ---- running a command ------------------------------------------------------------------------------------------

/** The command running now, for the bench's signal handler. */
export function runningCommand(): ChildProcess | undefined {
  return running;
}

let running: ChildProcess | undefined;

export function killTree(child: ChildProcess, signal: NodeJS.Signals): void {
  const pids = child.pid !== undefined && hasProc ? processTree(child.pid) : [];
  if (pids.length === 0) child.kill(signal);
  for (const pid of pids) {
    try {
      process.kill(pid, signal);
    } catch {
      // already gone
    }
  }
}

export function commandLine(step: Step): string {
  const env = Object.entries(step.env ?? {})
    .filter(([k, v]) => v !== undefined && k !== 'PATH')
    .map(([k, v]) => `${k}=${v} `)
    .join('');
  return `${env}${step.display ?? step.args.join(' ')}`;
}

export function readJson<T>(file: string): T {
  return JSON.parse(readFileSync(join(root, file), 'utf8')) as T;
}

/** `npm run <name> -- <extra>` as npm runs it (its script through sh, node_modules/.bin first on PATH), without npm's own start-up. */
export function npmScript(label: string, name: string, extra: readonly string[], env: Step['env'] = {}): Step {
  const script = readJson<{ scripts?: Record<string, string> }>('package.json').scripts?.[name];
  if (!script) throw new Error(`package.json has no "${name}" script`);
  return {
    label,
    args: ['sh', '-c', `${script} "$@"`, name, ...extra],
    display: `npm ${name === 'test' ? 'test' : `run ${name}`}${extra.length > 0 ? ` -- ${extra.join(' ')}` : ''}  (${script})`,
    env: { ...env, PATH: `${join(root, 'node_modules', '.bin')}:${process.env.PATH ?? ''}` },
  };
}

/** How the CLI starts the app (cdk.json "app", e.g. `node -r sucrase/register/ts bin/halo.ts`), to start synth-cells the same way. */
export function appLoader(): string[] {
  const words = readJson<{ app: string }>('cdk.json').app.trim().split(/\s+/);
  return words.at(-1) === 'bin/halo.ts' ? words.slice(0, -1) : ['node', '-r', 'sucrase/register/ts'];
}

/** Runs the step once from the project folder (one at a time: its CPU is what ends meanwhile); its wall time runs from spawn to exit. */
export function runOnce(step: Step, name: string): Promise<Outcome> {
  const env: NodeJS.ProcessEnv = { ...process.env, CI: 'true' };
  for (const [key, value] of Object.entries(step.env ?? {})) {
    if (value === undefined) delete env[key];
    else env[key] = value;
  }
  const stdout = new Tail();
  const stderr = new Tail();
  return new Promise((resolve, reject) => {
    const start = performance.now();
    const cpuBefore = endedChildrenCpuSeconds();
    const child = spawn(step.args[0], step.args.slice(1), { cwd: root, env, stdio: ['ignore', 'pipe', 'pipe'] });
    running = child;
    let peakKb = 0;
    let exitedAt = 0;
    const sample = () => {
      if (child.pid !== undefined && exitedAt === 0)
        peakKb = Math.max(
          peakKb,
          processTree(child.pid).reduce((sum, pid) => sum + rssKb(pid), 0),
        );
    };
    const sampler = step.sampleMemory && hasProc ? setInterval(sample, 50) : undefined;
    const timeout = setTimeout(() => killTree(child, 'SIGTERM'), TIMEOUT_SECONDS * 1000);
    child.stdout.on('data', (chunk: Buffer) => stdout.add(chunk));
    child.stderr.on('data', (chunk: Buffer) => stderr.add(chunk));
    child.on('exit', () => {
      exitedAt = performance.now();
    });
    child.on('error', (error) => {
      clearInterval(sampler);
      clearTimeout(timeout);
      running = undefined;
      reject(new CommandFailed(`${name} could not start ${step.args[0]}: ${error.message}`, ''));
    });
    child.on('close', (code, signal) => {
      clearInterval(sampler);
      clearTimeout(timeout);
      running = undefined;
      const seconds = ((exitedAt || performance.now()) - start) / 1000;
      if (code === 0) {
        const cpuAfter = endedChildrenCpuSeconds();
        const cpuSeconds = cpuBefore !== undefined && cpuAfter !== undefined ? cpuAfter - cpuBefore : undefined;
        resolve({ seconds, cpuSeconds, peakMb: sampler ? peakKb / 1024 : undefined, stdout: stdout.toString() });
        return;
      }
      const how = signal
        ? `was stopped by ${signal}${seconds >= TIMEOUT_SECONDS ? ` after ${TIMEOUT_SECONDS} s` : ''}`
        : `exited with ${code} after ${seconds.toFixed(1)} s`;
      const tail = stderr.lines(40) || stdout.lines(40);
      reject(new CommandFailed(`${name} ${how}: ${commandLine(step)}`, tail));
    });
  });
}
