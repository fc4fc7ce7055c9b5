import { existsSync, readFileSync } from 'fs';
import { join } from 'path';

/** A rule's finding on one or more constructs, as a plugin reported it. */
export interface ReportedViolation {
  readonly ruleName: string;
  readonly description?: string;
  readonly severity?: string;
  readonly violatingConstructs?: readonly { readonly constructPath?: string }[];
}

/** The parts of the cloud assembly's `validation-report.json` this project reads. */
export interface ValidationReport {
  readonly pluginReports: readonly {
    readonly pluginName: string;
    readonly conclusion?: string;
    /** A plugin that failed without findings (it crashed) says why here. */
    readonly metadata?: Readonly<Record<string, string>>;
    readonly violations?: readonly ReportedViolation[];
    readonly suppressedViolations?: readonly (ReportedViolation & {
      readonly acknowledgedId?: string;
      /** The acknowledgement's reason; ours end with ` Compensating control: ...`. */
      readonly reason?: string;
      readonly acknowledgedAt?: string;
    })[];
  }[];
}

/** The file aws-cdk-lib writes the plugins' findings to, in the cloud assembly. */
export const VALIDATION_REPORT_FILE = 'validation-report.json';

/** Reads the validation report a synth wrote, or an empty one when every plugin passed silently. */
export function readValidationReport(assemblyDir: string): ValidationReport {
  const file = join(assemblyDir, VALIDATION_REPORT_FILE);
  return existsSync(file) ? JSON.parse(readFileSync(file, 'utf8')) : { pluginReports: [] };
}

/** The plugin that carries construct annotations (CDK's own warnings and errors) into the report. */
export const ANNOTATIONS_PLUGIN = 'Construct Annotations';

type Violation = NonNullable<ValidationReport['pluginReports'][number]['violations']>[number];

/** Annotation warnings inform (the CLI prints them); every other finding, of any severity, is a compliance finding. */
const isWarningAnnotation = (plugin: string, v: Violation) => plugin === ANNOTATIONS_PLUGIN && v.severity === 'warning';

function lines(assemblyDir: string, keep: (plugin: string, v: Violation) => boolean): string[] {
  return readValidationReport(assemblyDir).pluginReports.flatMap((plugin) =>
    (plugin.violations ?? [])
      .filter((v) => keep(plugin.pluginName, v))
      .flatMap((v) => (v.violatingConstructs ?? []).map((c) => `${v.ruleName} at ${c.constructPath ?? 'unknown construct'}`)),
  );
}

/** One line per finding that is neither fixed nor acknowledged: `<rule> at <construct path>`. */
export function unacknowledgedFindings(assemblyDir: string): string[] {
  return lines(assemblyDir, (plugin, v) => !isWarningAnnotation(plugin, v));
}

/** One line per plugin that failed without a finding (it crashed): whatever it checks is not checked. */
export function failedPlugins(assemblyDir: string): string[] {
  return readValidationReport(assemblyDir)
    .pluginReports.filter((p) => p.conclusion === 'failure' && (p.violations ?? []).length === 0)
    .map((p) => `${p.pluginName} failed without a finding: ${Object.values(p.metadata ?? {}).join('; ') || 'no reason given'}`);
}

/** One line per annotation warning, e.g. elevated access about to lapse. */
export function synthWarnings(assemblyDir: string): string[] {
  return lines(assemblyDir, isWarningAnnotation);
}
