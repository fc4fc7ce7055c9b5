import { appendFileSync, existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'fs';
import { dirname, join } from 'path';
import type { ChannelHistory } from './channels';
import type { Clock, LogBook, LogEntry, StateStore } from './execute-types';
import { formatJson } from './json-file';
import { type CellReleaseState, CELLS_FILE, readCells, type StateCell } from './state';

/** Where a plan's log lives, relative to the repository. */
export function logFileOf(planId: string): string {
  return join('releases', 'log', `${planId}.jsonl`);
}

/**
 * The release state in releases/cells.json. Each write replaces one cell's entry, is judged as the app judges the file
 * at synth (lib/release/state.ts, at the clock's time) and lands whole (written beside, then renamed), so the file is
 * never one the app would refuse, nor half written.
 */
export class FileStateStore implements StateStore {
  private readonly file: string;

  constructor(
    root: string,
    private readonly cells: readonly StateCell[],
    private readonly channels: ChannelHistory,
    private readonly clock: Clock,
  ) {
    this.file = join(root, CELLS_FILE);
  }

  public cell(key: string): CellReleaseState {
    const { state, problems } = readCells(this.raw(), this.cells, this.channels, this.clock.now());
    if (!state) throw new Error(`${CELLS_FILE} no longer reads: ${problems.join('; ')}`);
    const cell = state.cells[key];
    if (!cell) throw new Error(`${CELLS_FILE} has no cell ${key}`);
    return cell;
  }

  public setCell(key: string, cell: CellReleaseState): void {
    const raw = this.raw() as { cells: Record<string, unknown> };
    raw.cells[key] = { blue: { ...cell.blue }, green: { ...cell.green } };
    const { problems } = readCells(raw, this.cells, this.channels, this.clock.now());
    if (problems.length > 0) throw new Error(`the release state for ${key} would not read, so it was not written: ${problems.join('; ')}`);
    const beside = `${this.file}.writing`;
    writeFileSync(beside, formatJson(raw));
    renameSync(beside, this.file);
  }

  private raw(): unknown {
    return JSON.parse(readFileSync(this.file, 'utf8'));
  }
}

/** A plan's log, one JSON object a line (releases/log/<plan id>.jsonl), appended to and never rewritten. */
export class FileLogBook implements LogBook {
  private readonly file: string;

  constructor(root: string, planId: string) {
    this.file = join(root, logFileOf(planId));
  }

  public entries(): LogEntry[] {
    if (!existsSync(this.file)) return [];
    // A line that does not parse is an append cut short by an interruption: what it began to say did not happen.
    return readFileSync(this.file, 'utf8')
      .split('\n')
      .flatMap((line) => {
        try {
          return line.trim() === '' ? [] : [JSON.parse(line) as LogEntry];
        } catch {
          return [];
        }
      });
  }

  public append(entry: LogEntry): void {
    mkdirSync(dirname(this.file), { recursive: true });
    // After a torn line, start a new one rather than extend it.
    const text = existsSync(this.file) ? readFileSync(this.file, 'utf8') : '';
    const torn = text !== '' && !text.endsWith('\n');
    appendFileSync(this.file, `${torn ? '\n' : ''}${JSON.stringify(entry)}\n`);
  }
}

/** The real clock. */
export const SYSTEM_CLOCK: Clock = {
  now: () => new Date(),
  sleep: (milliseconds) => new Promise((resolve) => setTimeout(resolve, milliseconds)),
};
