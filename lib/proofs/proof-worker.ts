// Entry of the thread that evaluates the proofs while the main thread runs the compliance packs: it loads the
// simulator while the app is built, then evaluates the one set of prepared proofs it is sent.
import { parentPort } from 'worker_threads';
import type { PreparedProofs } from './prepare';
import { evaluatePreparedProofs } from './run';

parentPort!.once('message', (prepared: PreparedProofs) => {
  evaluatePreparedProofs(prepared).then(
    (results) => parentPort!.postMessage({ results }),
    (error: Error) => parentPort!.postMessage({ error: error?.stack ?? String(error) }),
  );
});
