import { execFile } from 'child_process';
import { readdirSync, readFileSync } from 'fs';
import { join } from 'path';
import { promisify } from 'util';

/** A rule of cfn-lint the project accepts on its templates, with why. */
export interface AcceptedLintRule {
  readonly rule: string;
  /** Only findings whose message includes this text are accepted. */
  readonly messageIncludes?: string;
  /** W3005 only: accepted when the redundant DependsOn names a resource of one of these types. */
  readonly dependsOnTypes?: readonly string[];
  readonly reason: string;
}

/** The committed configuration: lint/cfn-lint.json. */
export interface LintConfiguration {
  readonly cfnLintVersion: string;
  readonly accepted: readonly AcceptedLintRule[];
}

/** One finding of cfn-lint, as its JSON output gives it (the parts read here). */
export interface LintMatch {
  readonly Rule: { readonly Id: string };
  readonly Location: { readonly Path?: readonly (string | number)[] };
  readonly Filename: string;
  readonly Message: string;
}

/** A synthesized template and the region it deploys to. */
export interface RegionTemplate {
  readonly region: string;
  readonly file: string;
}

/** Every template of a cloud assembly (nested Stage assemblies included), with its stack's region. */
export function assemblyTemplates(assemblyDir: string): RegionTemplate[] {
  const manifest = JSON.parse(readFileSync(join(assemblyDir, 'manifest.json'), 'utf8')) as {
    artifacts?: Record<string, { type: string; environment?: string; properties?: { templateFile?: string; directoryName?: string } }>;
  };
  return Object.values(manifest.artifacts ?? {}).flatMap((artifact) => {
    if (artifact.type === 'cdk:cloud-assembly' && artifact.properties?.directoryName)
      return assemblyTemplates(join(assemblyDir, artifact.properties.directoryName));
    if (artifact.type !== 'aws:cloudformation:stack' || !artifact.properties?.templateFile) return [];
    return [{ region: artifact.environment!.split('/').pop()!, file: join(assemblyDir, artifact.properties.templateFile) }];
  });
}

/** The rule that accepts a finding, if any. */
export function acceptedBy(
  match: LintMatch,
  config: LintConfiguration,
  template: () => { Resources?: Record<string, { Type: string }> },
): AcceptedLintRule | undefined {
  return config.accepted.find((accepted) => {
    if (accepted.rule !== match.Rule.Id) return false;
    if (accepted.messageIncludes && !match.Message.includes(accepted.messageIncludes)) return false;
    if (accepted.dependsOnTypes) {
      const target = match.Message.match(/^'([^']+)' dependency already enforced/)?.[1];
      const type = target ? template().Resources?.[target]?.Type : undefined;
      if (!type || !accepted.dependsOnTypes.includes(type)) return false;
    }
    return true;
  });
}

/** The version cfn-lint reports, e.g. `1.51.0`; undefined when it is not installed. */
export async function cfnLintVersion(command = 'cfn-lint'): Promise<string | undefined> {
  try {
    const { stdout } = await promisify(execFile)(command, ['--version']);
    return stdout.trim().split(/\s+/).pop();
  } catch {
    return undefined;
  }
}

/** Runs cfn-lint on templates of one region and returns its findings (cfn-lint exits non-zero when it finds any). */
export async function lintRegion(region: string, files: readonly string[], command = 'cfn-lint'): Promise<LintMatch[]> {
  try {
    const { stdout } = await promisify(execFile)(command, ['--format', 'json', '--regions', region, '--', ...files], { maxBuffer: 256 * 1024 * 1024 });
    return JSON.parse(stdout || '[]');
  } catch (error) {
    const stdout = (error as { stdout?: string }).stdout;
    if (stdout && stdout.trim().startsWith('[')) return JSON.parse(stdout);
    throw error;
  }
}

/** Templates grouped by region, regions in the order first seen. */
export function byRegion(templates: readonly RegionTemplate[]): Map<string, string[]> {
  const groups = new Map<string, string[]>();
  for (const t of templates) groups.set(t.region, [...(groups.get(t.region) ?? []), t.file]);
  return groups;
}

/** The assembly directories of a cdk.out holding nested Stage assemblies. */
export function listAssemblies(outdir: string): string[] {
  return readdirSync(outdir)
    .filter((d) => d.startsWith('assembly-'))
    .map((d) => join(outdir, d));
}
