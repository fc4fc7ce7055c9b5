import { spawnSync } from 'child_process';
import { statSync } from 'fs';
import { availableParallelism } from 'os';
import { join } from 'path';
import { CfnGuardValidator, CfnGuardValidatorProps } from '@cdklabs/cdk-validator-cfnguard';
import type { IPolicyValidationContextBeta1, IPolicyValidationPluginBeta1, PolicyValidationPluginReportBeta1 } from 'aws-cdk-lib';
import { projectProcessArgs } from '../threads/project-thread';

/** What the fan-out process (cfn-guard-fan-out.ts) reads on its standard input. */
export interface GuardFanOutRequest {
  readonly props: CfnGuardValidatorProps;
  readonly chunks: readonly (readonly string[])[];
}

/**
 * Splits the templates, in their order, into at most `count` runs of about equal size (bytes): cfn-guard's time grows
 * with the template. Concatenating the runs gives the templates back in order.
 */
export function contiguousChunks(paths: readonly string[], sizes: readonly number[], count: number): string[][] {
  const total = sizes.reduce((a, b) => a + b, 0);
  const chunks: string[][] = [];
  let filled = 0;
  paths.forEach((path, i) => {
    // The chunk this template's middle falls in, so no chunk is left empty while templates remain.
    const target = Math.min(count - 1, Math.floor(((filled + sizes[i] / 2) / Math.max(total, 1)) * count));
    while (chunks.length <= target) chunks.push([]);
    chunks[chunks.length - 1].push(path);
    filled += sizes[i];
  });
  return chunks.filter((c) => c.length > 0);
}

/**
 * The Control Tower proactive controls through cfn-guard, as `CfnGuardValidator` runs them, on every core: the templates
 * are split in contiguous runs, each validated by its own `CfnGuardValidator` (one cfn-guard process each) at the same
 * time, and the reports joined in the templates' order. The validator reports each template's findings in turn, so the
 * joined report is the one a single run gives (test/compliance/parallel-cfn-guard.test.ts compares them).
 */
export class ParallelCfnGuardValidator implements IPolicyValidationPluginBeta1 {
  public readonly name: string;
  public readonly version?: string;
  public readonly ruleIds?: string[];
  private readonly single: CfnGuardValidator;

  /**
   * @param props as `CfnGuardValidator` takes them
   * @param parallelism cfn-guard processes at most; @default the cores Node may use, at most 8 (each process holds its
   *   templates and rules in memory)
   */
  constructor(
    private readonly props: CfnGuardValidatorProps,
    private readonly parallelism = Math.min(availableParallelism(), 8),
  ) {
    this.single = new CfnGuardValidator(props);
    this.name = this.single.name;
    this.version = this.single.version;
    this.ruleIds = this.single.ruleIds;
  }

  public validate(context: IPolicyValidationContextBeta1): PolicyValidationPluginReportBeta1 {
    const paths = context.templatePaths;
    const chunks = contiguousChunks(
      paths,
      paths.map((p) => statSync(p).size),
      this.parallelism,
    );
    if (chunks.length <= 1) return this.single.validate(context);
    const request: GuardFanOutRequest = { props: this.props, chunks };
    const run = spawnSync(process.execPath, projectProcessArgs(join(__dirname, 'cfn-guard-fan-out')), {
      input: JSON.stringify(request),
      encoding: 'utf8',
      maxBuffer: this.props.maxBuffer ?? 512 * 1024 * 1024,
    });
    if (run.error || run.status !== 0) {
      const why = run.error?.message ?? (run.stderr.trim() || `exit ${run.status ?? run.signal}`);
      throw new Error(`cfn-guard in ${chunks.length} processes failed: ${why}`);
    }
    const reports = JSON.parse(run.stdout) as PolicyValidationPluginReportBeta1[];
    return { success: reports.every((r) => r.success), violations: reports.flatMap((r) => r.violations) };
  }
}
