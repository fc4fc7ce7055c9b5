/**
 * The process ParallelCfnGuardValidator starts: reads a GuardFanOutRequest on standard input, validates each chunk of
 * templates with its own CfnGuardValidator on its own thread (each runs one cfn-guard process, so the chunks run at the
 * same time), and writes the reports, in the chunks' order, as a JSON array. Exit 1 with the reason on any failure.
 */
import { readFileSync } from 'fs';
import { Worker } from 'worker_threads';
import type { PolicyValidationPluginReportBeta1 } from 'aws-cdk-lib';
import type { GuardFanOutRequest } from './parallel-cfn-guard';

// Plain JavaScript on the thread: the validator needs no transpiling.
const CHUNK = `
const { parentPort, workerData } = require('worker_threads');
const { CfnGuardValidator } = require(${JSON.stringify(require.resolve('@cdklabs/cdk-validator-cfnguard'))});
parentPort.postMessage(new CfnGuardValidator(workerData.props).validate({ templatePaths: workerData.templatePaths }));
`;

function validateChunk(request: GuardFanOutRequest, templatePaths: readonly string[]): Promise<PolicyValidationPluginReportBeta1> {
  return new Promise((resolve, reject) => {
    const thread = new Worker(CHUNK, { eval: true, workerData: { props: request.props, templatePaths } });
    thread.once('message', resolve);
    thread.once('error', reject);
    thread.once('exit', (code) => reject(new Error(`a cfn-guard thread exited (code ${code}) without a report`)));
  });
}

const request = JSON.parse(readFileSync(0, 'utf8')) as GuardFanOutRequest;
// Bounded: ParallelCfnGuardValidator makes at most one chunk per core, and at most 8.
// eslint-disable-next-line @cdklabs/promiseall-no-unbounded-parallelism
Promise.all(request.chunks.map((chunk) => validateChunk(request, chunk))).then(
  (reports) => process.stdout.write(JSON.stringify(reports)),
  (error: Error) => {
    process.stderr.write(`${error.message}\n`);
    process.exitCode = 1;
  },
);
