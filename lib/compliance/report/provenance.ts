import { spawnSync } from 'child_process';
import { createHash } from 'crypto';
import { existsSync, readFileSync } from 'fs';
import { join, relative, resolve, sep } from 'path';
import { pathToFileURL } from 'url';

/** A template of the cloud assembly and its SHA-256, as the synth wrote it. */
export interface TemplateDigest {
  /** Path of the template file relative to the cloud assembly, e.g. `assembly-London/LondonNetwork327502D1.template.json`. */
  readonly path: string;
  /** The stack's name, e.g. `halo-london-network`. */
  readonly stack: string;
  readonly sha256: string;
}

/** The versions of the tools that made and judged the templates. */
export interface ToolVersions {
  readonly awsCdkLib: string;
  /** The CLI that ran the app (CDK_CLI_VERSION), or the installed one when no CLI ran it (tests, scripts), as said. */
  readonly cdkCli: string;
  readonly cdkNag: string;
  readonly guardValidator: string;
  readonly node: string;
}

/** What the synth records of itself, so the report can name the code, tools, configuration and templates behind it. */
export interface SynthProvenance {
  /** `git rev-parse HEAD`, or 'unknown' outside a git work tree. */
  readonly commit: string;
  /** Whether `git status --porcelain` listed changes (false when the commit is unknown). */
  readonly dirty: boolean;
  /** The repository: its `origin` remote, else the work tree as a file URI ('unknown' outside git). */
  readonly repository: string;
  readonly versions: ToolVersions;
  /** SHA-256 of the canonical JSON of the resolved configuration. */
  readonly configSha256: string;
  readonly templates: readonly TemplateDigest[];
}

/** Options of {@link synthProvenance}. */
export interface SynthProvenanceOptions {
  /** The cloud assembly the synth wrote. */
  readonly outdir: string;
  /** The resolved configuration the app was built from. */
  readonly config: unknown;
  /** The version the CDK CLI announced to the app (its CDK_CLI_VERSION), if a CLI ran it. */
  readonly cliVersion?: string;
  /** The work tree to ask git about. @default process.cwd() */
  readonly workTree?: string;
}

export const sha256 = (content: string | Buffer) => createHash('sha256').update(content).digest('hex');

/** JSON with object keys sorted at every level, so equal configurations hash equally whatever their key order. */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map((v) => canonicalJson(v ?? null)).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined && typeof v !== 'function')
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}

/** The commit and whether the tree has changes; 'unknown' (never a failure) when git or the repository is missing. */
export function gitState(workTree = process.cwd()): { commit: string; dirty: boolean; repository: string } {
  const git = (...args: string[]) => spawnSync('git', args, { cwd: workTree, encoding: 'utf8', timeout: 10_000 });
  const head = git('rev-parse', 'HEAD', '--show-toplevel');
  const [commit, topLevel] = head.status === 0 ? head.stdout.trim().split('\n') : [];
  if (!commit || !/^[0-9a-f]{40,64}$/.test(commit)) return { commit: 'unknown', dirty: false, repository: 'unknown' };
  const status = git('status', '--porcelain');
  const origin = git('remote', 'get-url', 'origin');
  return {
    commit,
    dirty: status.status !== 0 || status.stdout.trim().length > 0,
    repository: repositoryUri(origin.status === 0 ? origin.stdout.trim() : '', topLevel ?? workTree),
  };
}

/**
 * The remote as a URI without credentials (SARIF's repositoryUri is a URI; a token in a remote must not reach a report):
 * URLs lose their user and password, scp-like `git@host:path` becomes `ssh://host/path`, a local path a file URI.
 */
export function repositoryUri(remote: string, workTree: string): string {
  if (!remote) return pathToFileURL(workTree).href;
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(remote)) {
    try {
      const url = new URL(remote);
      url.username = '';
      url.password = '';
      return url.href;
    } catch {
      return 'unknown';
    }
  }
  const scp = /^(?:[^@\s/]+@)?([^:\s/]{2,}):(?!\/\/)(.+)$/.exec(remote);
  if (scp) return `ssh://${scp[1]}/${scp[2].replace(/^\/+/, '')}`;
  return pathToFileURL(resolve(workTree, remote)).href;
}

function installedVersion(pkg: string): string {
  try {
    return (JSON.parse(readFileSync(require.resolve(`${pkg}/package.json`), 'utf8')) as { version: string }).version;
  } catch {
    return 'not installed';
  }
}

/** The tools' versions; the CLI's is the one that ran the app when it said so, else the installed one, marked as such. */
export function toolVersions(cliVersion?: string): ToolVersions {
  return {
    awsCdkLib: installedVersion('aws-cdk-lib'),
    // The CLI passes its version in CDK_CLI_VERSION; without it the app did not run under a CLI.
    cdkCli: cliVersion || `${installedVersion('aws-cdk')} (installed; the app was not run by the CDK CLI)`,
    cdkNag: installedVersion('cdk-nag'),
    guardValidator: installedVersion('@cdklabs/cdk-validator-cfnguard'),
    node: process.version,
  };
}

interface AssemblyManifest {
  readonly artifacts?: Record<string, { readonly type: string; readonly properties?: { templateFile?: string; stackName?: string; directoryName?: string } }>;
}

/** Every stack template the assembly's manifests list (nested Stage assemblies included), hashed as it is on disk now. */
export function assemblyTemplates(assemblyDir: string, dir = assemblyDir): TemplateDigest[] {
  const manifestFile = join(dir, 'manifest.json');
  if (!existsSync(manifestFile)) return [];
  const manifest = JSON.parse(readFileSync(manifestFile, 'utf8')) as AssemblyManifest;
  return Object.entries(manifest.artifacts ?? {}).flatMap(([id, artifact]): TemplateDigest[] => {
    if (artifact.type === 'cdk:cloud-assembly' && artifact.properties?.directoryName)
      return assemblyTemplates(assemblyDir, join(dir, artifact.properties.directoryName));
    if (artifact.type !== 'aws:cloudformation:stack' || !artifact.properties?.templateFile) return [];
    const file = join(dir, artifact.properties.templateFile);
    return [
      {
        path: relative(assemblyDir, file).split(sep).join('/'),
        stack: artifact.properties.stackName ?? id,
        sha256: existsSync(file) ? sha256(readFileSync(file)) : 'missing',
      },
    ];
  });
}

/** What a finished synth records of its commit, tools, configuration and templates (no AWS call; git only locally). */
export function synthProvenance(options: SynthProvenanceOptions): SynthProvenance {
  return {
    ...gitState(options.workTree),
    versions: toolVersions(options.cliVersion),
    configSha256: sha256(canonicalJson(options.config)),
    templates: assemblyTemplates(options.outdir),
  };
}
