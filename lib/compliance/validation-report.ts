import { existsSync, readFileSync } from 'fs';
import { join } from 'path';

/** The parts of the cloud assembly's `validation-report.json` this project reads. */
export interface ValidationReport {
  readonly pluginReports: readonly {
    readonly pluginName: string;
    readonly conclusion?: string;
    readonly violations?: readonly {
      readonly ruleName: string;
      readonly severity?: string;
      readonly violatingConstructs?: readonly { readonly constructPath?: string }[];
    }[];
    readonly suppressedViolations?: readonly unknown[];
  }[];
}

/** Reads the validation report a synth wrote, or an empty one when every plugin passed silently. */
export function readValidationReport(assemblyDir: string): ValidationReport {
  const file = join(assemblyDir, 'validation-report.json');
  return existsSync(file) ? JSON.parse(readFileSync(file, 'utf8')) : { pluginReports: [] };
}

/** One line per finding that is neither fixed nor acknowledged: `<rule> at <construct path>`. */
export function unacknowledgedFindings(assemblyDir: string): string[] {
  return readValidationReport(assemblyDir).pluginReports.flatMap((plugin) => (plugin.violations ?? [])
    .flatMap((v) => (v.violatingConstructs ?? []).map((c) => `${v.ruleName} at ${c.constructPath ?? 'unknown construct'}`)));
}
