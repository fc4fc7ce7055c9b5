import { readFileSync } from 'fs';
import { join } from 'path';
import { Stack } from 'aws-cdk-lib';
import { IConstruct } from 'constructs';

/** The PowerShell scripts the SQL Server documents run: `.ps1` files in `runtime/scripts/` beside this module. */
export const SCRIPTS_DIR = join(__dirname, 'runtime', 'scripts');

const cache = new Map<string, string>();

/** The text of `runtime/scripts/<name>.ps1`. */
export function scriptText(name: string): string {
  let text = cache.get(name);
  if (text === undefined) {
    text = readFileSync(join(SCRIPTS_DIR, `${name}.ps1`), 'utf8')
      .replace(/\r\n/g, '\n')
      .trimEnd();
    cache.set(name, text);
  }
  return text;
}

/**
 * A script for an SSM step: `$Facts` (the stack's values, as JSON in a literal here-string, so no value is ever parsed
 * as PowerShell), then the named files in order. Tokens in the facts resolve at deploy time inside the JSON.
 */
export function scriptWithFacts(scope: IConstruct, facts: object, ...files: string[]): string[] {
  return [`$FactsJson = @'\n${Stack.of(scope).toJsonString(facts)}\n'@`, '$Facts = ConvertFrom-Json $FactsJson', ...files.map(scriptText)];
}

/**
 * A script whose body runs as the cell's formation account (CredSSP to this node, so it can reach the other node
 * too): the step reads the account from its secret; the body gets `$Facts` and the common functions.
 */
export function scriptAsFormationAccount(scope: IConstruct, facts: object & { setupSecretArn: string }, ...files: string[]): string[] {
  return [...scriptWithFacts(scope, facts, 'common'), `$Body = @'\n${['common', ...files].map(scriptText).join('\n')}\n'@`, scriptText('as-formation-account')];
}

/** `$<variable> = @'...'@`: a script file as a literal here-string, to write to the node (the job scripts). */
export function embeddedScript(variable: string, name: string): string {
  const text = scriptText(name);
  if (/^'@/m.test(text)) throw new Error(`runtime/scripts/${name}.ps1 has a line starting with '@, which would end the here-string that embeds it`);
  return `$${variable} = @'\n${text}\n'@`;
}

/** An `aws:runPowerShellScript` step. */
export function powerShellStep(name: string, lines: string[], timeoutSeconds = 3600): Record<string, unknown> {
  return { action: 'aws:runPowerShellScript', name, inputs: { timeoutSeconds: String(timeoutSeconds), runCommand: lines } };
}
