/**
 * The PowerShell of the synthesized SSM documents, read for tests: deploy-time values and SSM parameters filled in as SSM
 * would fill them (powershell-syntax.test.ts parses it), or left as written (powershell-parameters.test.ts checks them).
 */

/** What a CloudFormation value that is only known at deploy time stands for in the scripts. */
export const DEPLOY_TIME_VALUE = 'resolvedvalue';

/** Template JSON, read freely. */
export type Json = any;

/** A template value with its intrinsics resolved: joins and substitutions keep their literal text, values become placeholders. */
export function resolved(value: Json): Json {
  if (Array.isArray(value)) return value.map(resolved);
  if (value === null || typeof value !== 'object') return value;
  const entries = Object.entries(value as Record<string, Json>);
  const [key, arg] = entries.length === 1 ? entries[0] : [];
  if (key === 'Fn::Join') return Array.isArray(arg[1]) ? arg[1].map((part: Json) => String(resolved(part))).join(arg[0]) : DEPLOY_TIME_VALUE;
  if (key === 'Fn::Sub') {
    const [text, variables] = typeof arg === 'string' ? [arg, {}] : arg;
    return text.replace(/\$\{(!?)([^}]*)\}/g, (_: string, literal: string, name: string) =>
      literal ? `\${${name}}` : name in variables ? String(resolved(variables[name])) : DEPLOY_TIME_VALUE,
    );
  }
  if (key === 'Fn::Select' && Array.isArray(arg[1])) return resolved(arg[1][Number(arg[0])]) ?? DEPLOY_TIME_VALUE;
  if (key === 'Fn::If') return resolved(arg[1]);
  if (key === 'Ref' || key?.startsWith('Fn::')) return DEPLOY_TIME_VALUE;
  return Object.fromEntries(entries.map(([k, v]) => [k, resolved(v)]));
}

/** `{{ Name }}` as SSM fills it in: the parameter's default, or a value of its type. */
export function withParameters(script: string, parameters: Record<string, { type?: string; default?: unknown }>): string {
  return script.replace(/\{\{\s*([A-Za-z][\w.:/-]*)\s*\}\}/g, (_, name: string) => {
    const parameter = parameters[name];
    // eslint-disable-next-line @typescript-eslint/no-base-to-string -- a parameter's default is a PowerShell literal read as a string or number
    return parameter?.default !== undefined ? String(parameter.default) : parameter?.type === 'Integer' ? '1' : 'parametervalue';
  });
}

export interface DocumentScript {
  readonly stack: string;
  readonly document: string;
  readonly step: string;
  /** As SSM runs it: `{{ Name }}` filled in. */
  readonly script: string;
  /** As the document holds it: `{{ Name }}` left in. */
  readonly text: string;
}

/** An SSM document's content with its deploy-time values resolved. */
export function documentContent(stack: string, document: string, properties: Json): Json {
  const raw = resolved(properties.Content);
  if (typeof raw === 'string' && !raw.trim().startsWith('{')) throw new Error(`${stack} ${document}: content is not JSON; read it before parsing its scripts`);
  return typeof raw === 'string' ? JSON.parse(raw) : raw;
}

/** The PowerShell of an SSM document's steps: Command (2.x and 1.2) and Automation documents. */
export function powerShellSteps(stack: string, document: string, properties: Json): DocumentScript[] {
  const content = documentContent(stack, document, properties);
  const scripts: DocumentScript[] = [];
  const add = (step: string, lines: Json) => {
    if (lines === undefined) return;
    const text = Array.isArray(lines) ? lines.join('\n') : String(lines);
    scripts.push({ stack, document, step, script: withParameters(text, content.parameters ?? {}), text });
  };
  for (const step of content.mainSteps ?? []) {
    const inputs = step.inputs ?? {};
    if (step.action === 'aws:runPowerShellScript') add(step.name, inputs.runCommand);
    if (step.action === 'aws:runCommand' && /AWS-RunPowerShellScript$/.test(inputs.DocumentName)) add(step.name, inputs.Parameters?.commands);
    if (step.action === 'aws:executeScript' && /^PowerShell/i.test(inputs.Runtime ?? '')) add(step.name, inputs.Script);
  }
  (content.runtimeConfig?.['aws:runPowerShellScript']?.properties ?? []).forEach((p: Json, i: number) => add(`runtimeConfig ${p.id ?? i}`, p.runCommand));
  return scripts;
}
