#!/usr/bin/env node
import { App } from 'aws-cdk-lib';
import { synthesizeHalo } from '../stacks/synthesize';

synthesizeHalo(new App()).then((code) => {
  process.exitCode = code;
}, (error: Error) => {
  console.error(error.stack ?? String(error));
  process.exitCode = 1;
});
