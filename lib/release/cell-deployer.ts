import {
  CdkAppMultiContext,
  DiffMethod,
  ExpandStackSelection,
  type ICloudAssemblySource,
  type IIoHost,
  type StackSelector,
  StackSelectionStrategy,
  Toolkit,
} from '@aws-cdk/toolkit-lib';
import { mkdtempSync, readFileSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import type { CellDeployer, ReleaseCell } from './execute-types';

/** What the deployer uses of the Toolkit Library. */
export type ToolkitLike = Pick<Toolkit, 'fromCdkApp' | 'deploy' | 'diff'>;

/** What the Toolkit's diff resolves to: each selected stack's differences (`TemplateDiff` of @aws-cdk/cloudformation-diff). */
export type StackDiffs = Awaited<ReturnType<Toolkit['diff']>>;

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
 * Its pending changes are the Toolkit's diff of that synthesis against the deployed template (`cdk diff --exclusively
 * --method=template-only`: read-only, CloudFormation GetTemplate through the bootstrap lookup role).
 */
export class ToolkitCellDeployer implements CellDeployer {
  constructor(private readonly props: ToolkitCellDeployerProps) {}

  public async deploy(cell: ReleaseCell): Promise<void> {
    const { toolkit, source } = await this.synthesizer(cell);
    await toolkit.deploy(source, { stacks: cellStackSelector(cell.stack) });
  }

  public async pendingChanges(cell: ReleaseCell): Promise<string[]> {
    const { toolkit, source } = await this.synthesizer(cell);
    // Template only: a change set would write to CloudFormation, and its resolved values are not what differs here.
    return changesOf(await toolkit.diff(source, { stacks: cellStackSelector(cell.stack), method: DiffMethod.TemplateOnly() }));
  }

  /** A Toolkit printing under the cell's key, and the cell's region as cdk.json's app synthesizes it from the files on disk. */
  private async synthesizer(cell: ReleaseCell): Promise<{ readonly toolkit: ToolkitLike; readonly source: ICloudAssemblySource }> {
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
    return { toolkit, source };
  }
}

/**
 * The differences of a Toolkit diff, one line each (`Resources ApplicationBlueFleet... modified`), the stack's name
 * first when several stacks are diffed; none when every selected stack is as deployed. CDK metadata and the bootstrap
 * version rule are left out, as `cdk diff` leaves them out.
 */
export function changesOf(diffs: StackDiffs): string[] {
  const entries = Object.entries(diffs);
  return entries.flatMap(([stack, diff]) => {
    const lines: string[] = [];
    for (const [name, scalar] of [
      ['AWSTemplateFormatVersion', diff.awsTemplateFormatVersion],
      ['Description', diff.description],
      ['Transform', diff.transform],
    ] as const) {
      if (scalar?.isDifferent) lines.push(`${name} changed`);
    }
    const sections = [
      ['Parameters', diff.parameters],
      ['Mappings', diff.mappings],
      ['Conditions', diff.conditions],
      ['Metadata', diff.metadata],
      ['Resources', diff.resources],
      ['Outputs', diff.outputs],
      ['Other', diff.unknown],
    ] as const;
    for (const [name, collection] of sections) {
      collection.forEachDifference((id: string, change: { readonly isAddition: boolean; readonly isRemoval: boolean }) =>
        lines.push(`${name} ${id} ${change.isAddition ? 'added' : change.isRemoval ? 'removed' : 'modified'}`),
      );
    }
    return entries.length > 1 ? lines.map((line) => `${stack}: ${line}`) : lines;
  });
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
