import { Worker, WorkerOptions } from 'worker_threads';

/**
 * A worker thread running one of this project's modules. From TypeScript sources (the CLI's app, jest) the thread
 * transpiles them with sucrase, which only strips types: the parent has been type-checked, and sucrase keeps line numbers.
 */
export function projectThread(entry: string, options: WorkerOptions = {}): Worker {
  const module = JSON.stringify(entry);
  const code = __filename.endsWith('.ts') ? `require(${JSON.stringify(require.resolve('sucrase/register/ts'))}); require(${module});` : `require(${module});`;
  return new Worker(code, { ...options, eval: true, execArgv: [] });
}

/**
 * The node arguments that run one of this project's modules in a process of its own, transpiled as in
 * {@link projectThread}.
 */
export function projectProcessArgs(entry: string): string[] {
  return __filename.endsWith('.ts') ? ['-r', require.resolve('sucrase/register/ts'), entry] : [entry];
}
