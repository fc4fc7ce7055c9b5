import { rmSync } from 'fs';

/** Stops the fixture synth if no test waited for its end, and removes the run's folder: nothing stays in os.tmpdir(). */
export default async function globalTeardown(): Promise<void> {
  const synth = globalThis.haloFixtureSynth;
  if (!synth) return;
  if (synth.process.exitCode === null && synth.process.signalCode === null) {
    const exited = new Promise((resolve) => synth.process.once('exit', resolve));
    synth.process.kill();
    await exited;
  }
  rmSync(synth.root, { recursive: true, force: true });
}
