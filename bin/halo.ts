#!/usr/bin/env node
import { App } from 'aws-cdk-lib';
import { finishSynthAttempt, startSynthAttempt } from '../lib/compliance/report/synth-attempt';
import type * as Synthesize from '../stacks/synthesize';

const app = new App();
// Recorded before the app's modules load: a region file that does not even load must not leave an older synth's record standing.
const attempt = startSynthAttempt(app.outdir, new Date(), app.node.getAllContext());
let synthesize: typeof Synthesize;
try {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  synthesize = require('../stacks/synthesize') as typeof Synthesize;
} catch (error) {
  // Mostly a typo in regions/ (the configuration is code): one line that names the file and place, no stack trace.
  const message = (error instanceof Error ? error.message : String(error)).split('\n')[0];
  finishSynthAttempt(app.outdir, attempt, 'crashed', `the app could not load: ${message}`);
  console.error(`The app could not load (a syntax or import error in the configuration or code): ${message}`);
  process.exit(1);
}

synthesize.synthesizeHalo(app, { attempt }).then(
  (code) => {
    process.exitCode = code;
  },
  (error: Error) => {
    console.error(error.stack ?? String(error));
    process.exitCode = 1;
  },
);
