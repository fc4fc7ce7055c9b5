import { CdkAppMultiContext, ExpandStackSelection, type IIoHost, type StackSelector, StackSelectionStrategy, Toolkit } from '@aws-cdk/toolkit-lib';
import { mkdtempSync, readFileSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import type { CellDeployer, ReleaseCell } from './execute-types';

/** What the deployer uses of the Toolkit Library. */
export type ToolkitLike = Pick<Toolkit, 'fromCdkApp' | 'deploy'>;

/** The context key that selects the regions to synthesize, as `npx cdk synth -c regions=london` sets it (stacks/halo-app.ts). */
export const REGIONS_CONTEXT = 'regions';

export interface ToolkitCellDeployerProps {
  /** The repository: its cdk.json names the app and its context. */
  readonly root: string;
  /** Where the Toolkit's messages go, one line each. */
  readonly print: (line: string) => void;
  /**
   * Makes the Toolkit for one deployment, given the IoHost that prints its messages.
   * @default `new Toolkit({ ioHost, emojis: false, color: false })`
   */
  readonly toolkit?: (ioHost: IIoHost) => ToolkitLike;
}

/** The selection of one App stack alone: exactly one stack must match, and none it depends on is added. */
export function cellStackSelector(stack: string): StackSelector {
  return { strategy: StackSelectionStrategy.PATTERN_MUST_MATCH_SINGLE, patterns: [stack], expand: ExpandStackSelection.NONE };
}

/**
 * Deploys a cell's App stack with the AWS CDK Toolkit Library, as `npx cdk deploy --exclusively <stack> -c
 * regions=<slug>` would: the app command of cdk.json synthesizes only the cell's region (reading the release state just
 * written) into a folder of its own (regions deploy side by side), with cdk.json's context and version reporting
 * setting; no lookups (synthesis makes no AWS call); CloudFormation rolls a failed update back and the deploy rejects.
 */
export class ToolkitCellDeployer implements CellDeployer {
  constructor(private readonly props: ToolkitCellDeployerProps) {}

  public async deploy(cell: ReleaseCell): Promise<void> {
    const { root, print } = this.props;
    const cdkJson = JSON.parse(readFileSync(join(root, 'cdk.json'), 'utf8')) as { app: string; versionReporting?: boolean };
    const ioHost = printingIoHost((line) => print(`[${cell.key}] ${line}`));
    const toolkit = this.props.toolkit ? this.props.toolkit(ioHost) : new Toolkit({ ioHost, emojis: false, color: false });
    const source = await toolkit.fromCdkApp(cdkJson.app, {
      workingDirectory: root,
      outdir: mkdtempSync(join(tmpdir(), 'halo-release-')),
      disposeOutdir: true,
      contextStore: new CdkAppMultiContext(root, { [REGIONS_CONTEXT]: cell.key.split('/')[0] }),
      lookups: false,
      resolveDefaultEnvironment: false,
      // cdk.json's own setting, which the CLI reads and the Toolkit Library does not: the templates stay those of `npx cdk synth`.
      synthOptions: { versionReporting: cdkJson.versionReporting ?? true },
    });
    await toolkit.deploy(source, { stacks: cellStackSelector(cell.stack) });
  }
}

/** Prints the Toolkit's messages from info up, and answers its questions with their defaults (no one is at the keyboard). */
export function printingIoHost(print: (line: string) => void): IIoHost {
  const shown = new Set(['error', 'warn', 'result', 'info']);
  return {
    notify: async (message) => {
      if (shown.has(message.level)) for (const line of message.message.split('\n')) if (line.trim() !== '') print(line);
      return Promise.resolve();
    },
    requestResponse: async (request) => {
      for (const line of request.message.split('\n')) if (line.trim() !== '') print(line);
      print(`(answered: ${JSON.stringify(request.defaultResponse)})`);
      return Promise.resolve(request.defaultResponse);
    },
  };
}
