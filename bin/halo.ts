#!/usr/bin/env node
import { App } from 'aws-cdk-lib';
import { synthWarnings, unacknowledgedFindings } from '../lib/compliance';
import { writeEvidence } from '../lib/compliance/evidence';
import { ConfigError } from '../lib/config';
import { buildHaloApp, complianceEvidenceOf, HaloApp } from '../stacks/halo-app';

const app = new App();
let halo: HaloApp;
try {
  halo = buildHaloApp(app);
} catch (error) {
  if (!(error instanceof ConfigError)) throw error;
  console.error(error.message);
  process.exit(1);
}
try {
  app.synth();
} finally {
  // Written even when the gate fails the synth, so `npm run compliance` can report what failed.
  writeEvidence(app.outdir, app, complianceEvidenceOf(halo));
}
// The CLI checks findings only for the stacks it selected (none at the top level, where all are in Stages): fail here.
synthWarnings(app.outdir).forEach((warning) => console.error(`Warning: ${warning}`));
const findings = unacknowledgedFindings(app.outdir);
if (findings.length > 0) {
  console.error(`Compliance gate: ${findings.length} finding(s) neither fixed nor acknowledged:\n${findings.map((f) => `- ${f}`).join('\n')}`);
  process.exitCode = 1;
}
