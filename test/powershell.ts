import { readFileSync } from 'fs';
import { setFlagsFromString } from 'v8';
import { Language, Node, Parser, Tree } from 'web-tree-sitter';

/**
 * PowerShell syntax checks for tests, with the tree-sitter-powershell grammar (a real PowerShell grammar, run as
 * WebAssembly: nothing native, no pwsh needed).
 *
 * Valid PowerShell that the grammar (0.26.4) rejects, and how each is handled (errors are reported at the script's own positions):
 * - a backtick escape starting a bare word (Write-Output `$x): parsed as `aa` (same length, the escaped character is literal);
 * - a digit in a parameter name (-CalculateContentMD5Header, read as a redirection): parsed with the digit as `a`;
 * - an upper-case number suffix as an operand (`$bytes / 1MB`, `$n -gt 1L`): parsed in lower case;
 * - an empty script block `{ }` (not a hashtable, switch or class body): parsed with a `;` inserted after its `{`;
 * - two switch clauses on one line (`1 {'a'} default {'b'}`): when they fail, parsed again with `;` between the clauses;
 * - bare words in a comma-separated argument (Import-Module A, B): when they fail, parsed again with the words as numbers;
 * - a script of comments only, or a param block only: accepted in exactly that tree shape.
 * Not false positives here: `??`, `?.` and the ternary (PowerShell 7) are errors in the Windows PowerShell 5.1 that SSM runs.
 */

let parser: Promise<Parser> | undefined;

/** The parser, loaded once per test file. */
function powerShellParser(): Promise<Parser> {
  parser ??= (async () => {
    // V8 would also compile the grammar's WebAssembly (1 MB) with its optimizing tier, in the background: about 11 s of
    // CPU that outlives the tests and keeps the process from exiting. Its baseline compiler alone parses fast enough.
    setFlagsFromString('--liftoff-only');
    await Parser.init();
    // Bytes, not a path: with a path web-tree-sitter does `await import('fs/promises')`, which Jest rejects. A Uint8Array
    // of this realm: web-tree-sitter checks `instanceof Uint8Array`, which a Buffer fails in Jest's sandbox.
    const grammar = await Language.load(new Uint8Array(readFileSync(require.resolve('tree-sitter-powershell/tree-sitter-powershell.wasm'))));
    const created = new Parser();
    created.setLanguage(grammar);
    return created;
  })();
  return parser;
}

const WORD_START_ESCAPE = /(?<=^|[ \t])`[^\s'#]/gm;
const DIGIT_IN_PARAMETER = /(?<=(?:^|[ \t(])-[A-Za-z_]\w*)\d/gm;
const NUMBER_SUFFIX = /(?<![\w.$])(\d+(?:\.\d+)?(?:e[+-]?\d+)?)([KMGTP]B|[LD])\b/gi;
/** `{` opening a block of white space and comments, unless a hashtable (`@{`), `${`, or after `)`, class, enum or switch. */
const EMPTY_BLOCK = /(?<![@$)]\s*)(?<!\b(?:class|enum|switch)\b[^{}\n]*)\{(?=(?:\s|<#[\s\S]*?#>|#[^\n]*)*\})/gi;
/** A bare word: no quote, variable, subexpression, separator or comment in it, and not a parameter. */
const BARE_WORD = /^[^\s'"`$@(){}[\];,|&<>#-][^\s'"`$@(){}[\];,|&<>#]*$/;

/** A change for the grammar at the script's index `at`: `text` inserted there, or (overwrite) written over as many characters. */
interface Edit {
  readonly at: number;
  readonly text: string;
  readonly overwrite?: boolean;
}

/** The script as the grammar gets it (see above), and the way from its indices back to the script's. */
interface GrammarInput {
  readonly text: string;
  readonly edits: readonly Edit[];
  original(index: number): number;
}

function grammarInput(script: string, edits: readonly Edit[] = []): GrammarInput {
  let masked = script
    .replace(WORD_START_ESCAPE, 'aa')
    .replace(DIGIT_IN_PARAMETER, 'a')
    .replace(NUMBER_SUFFIX, (_, number: string, suffix: string) => number + suffix.toLowerCase());
  for (const { at, text } of edits.filter((e) => e.overwrite)) masked = masked.slice(0, at) + text + masked.slice(at + text.length);
  const inserted = [...[...masked.matchAll(EMPTY_BLOCK)].map((m) => ({ at: m.index + 1, text: ';' })), ...edits.filter((e) => !e.overwrite)].sort(
    (a, b) => a.at - b.at,
  );
  const text =
    inserted.map((insertion, k) => masked.slice(inserted[k - 1]?.at ?? 0, insertion.at) + insertion.text).join('') +
    masked.slice(inserted[inserted.length - 1]?.at ?? 0);
  const original = (index: number) => {
    let shift = 0;
    for (const { at, text: added } of inserted) {
      if (index < at + shift) break;
      if (index < at + shift + added.length) return at;
      shift += added.length;
    }
    return index - shift;
  };
  return { text, edits, original };
}

/** After a switch clause's block that another clause follows on the same line: a `;`. */
function betweenSwitchClauses(root: Node, input: GrammarInput, script: string): Edit[] {
  return root
    .descendantsOfType('statement_block')
    .filter((block) => block.parent?.type === 'switch_clause' || (block.parent?.isError && block.parent.parent?.type === 'switch_clause'))
    .map((block) => input.original(block.endIndex))
    .filter((end) => /^[ \t]+[^\s;}#]/.test(script.slice(end)))
    .map((at) => ({ at, text: ';' }));
}

/**
 * The bare words of a comma-separated command argument (`Import-Module A, B`) as numbers of the same length: a list
 * element either way, and no quote is added, so no string ends elsewhere than in the script.
 */
function numberedListWords(root: Node, input: GrammarInput, script: string): Edit[] {
  const asNumber = (at: number, word: string) => ({ at, text: '0'.repeat(word.length), overwrite: true });
  // A command's arguments: its command_elements, or what follows its name on its line in an ERROR node the grammar made of it.
  const afterName = (error: Node) => {
    const name = error.children.findIndex((c) => c.type === 'command_name');
    const rest = name < 0 ? [] : error.children.slice(name + 1);
    const end = rest.findIndex((c) => c.startPosition.row !== error.children[name].startPosition.row || [';', '|', '&&', '||'].includes(c.type));
    return end < 0 ? rest : rest.slice(0, end);
  };
  const errors = [root, ...root.descendantsOfType('ERROR')].filter((n) => n.isError);
  const elements = [...root.descendantsOfType('command_elements').flatMap((e) => e.children), ...errors.flatMap(afterName)];
  return elements.flatMap((element) => {
    const [start, end] = [input.original(element.startIndex), input.original(element.endIndex)];
    if (!/^[ \t]*,/.test(script.slice(end))) return [];
    const edits = element.type === 'generic_token' && BARE_WORD.test(script.slice(start, end)) ? [asNumber(start, script.slice(start, end))] : [];
    const next = /^[ \t]*,[ \t]*(?:'[^'\n]*'|"[^"\n]*"|\$\w+|([^\s'"`$@(){}[\];,|&<>#-][^\s'"`$@(){}[\];,|&<>#]*))/;
    for (let at = end, m = next.exec(script.slice(at)); m; at += m[0].length, m = next.exec(script.slice(at))) {
      if (m[1]) edits.push(asNumber(at + m[0].length - m[1].length, m[1]));
    }
    return edits;
  });
}

async function withTree<T>(script: string, read: (root: Node, input: GrammarInput) => T): Promise<T> {
  const powerShell = await powerShellParser();
  const parse = (input: GrammarInput): Tree => {
    const tree = powerShell.parse(input.text);
    if (!tree) throw new Error('tree-sitter-powershell returned no tree');
    return tree;
  };
  let input = grammarInput(script);
  let tree = parse(input);
  // Parsed again while the failed parse shows a switch or comma list that the grammar needs written another way.
  for (let round = 0; round < 5 && tree.rootNode.hasError; round++) {
    const known = new Set(input.edits.map((e) => `${e.at}${e.text}`));
    const added = [...betweenSwitchClauses(tree.rootNode, input, script), ...numberedListWords(tree.rootNode, input, script)].filter(
      (e) => !known.has(`${e.at}${e.text}`) && known.add(`${e.at}${e.text}`),
    );
    if (added.length === 0) break;
    tree.delete();
    input = grammarInput(script, [...input.edits, ...added]);
    tree = parse(input);
  }
  try {
    return read(tree.rootNode, input);
  } finally {
    tree.delete(); // WASM memory is not garbage-collected
  }
}

/** One line per syntax error in `script` (line:column, what is wrong, the source around it); [] when it parses. */
export async function powerShellSyntaxErrors(script: string): Promise<string[]> {
  return withTree(script, (root, input) => {
    if (!root.hasError || onlyComments(root, input, script)) return [];
    const errors = new Set<string>();
    let accepted = 0;
    const report = (index: number, what: string) => {
      const at = input.original(index);
      const before = script.slice(0, at);
      errors.add(`${before.split('\n').length}:${at - before.lastIndexOf('\n')} ${what} near ${excerpt(script, at)}`);
    };
    const pending = [root];
    while (pending.length > 0) {
      const node = pending.pop()!;
      if (node.isError) {
        report(node.startIndex, `unexpected ${JSON.stringify(script.slice(input.original(node.startIndex), input.original(node.endIndex)).slice(0, 30))}`);
      } else if (node.isMissing) {
        if (paramBlockAlone(node)) accepted++;
        else report(node.startIndex, `missing "${node.type}"`);
      } else if (node.hasError && !node.children.some((c) => c.hasError || c.isMissing)) {
        // The grammar inserted a token of a hidden rule, which the tree does not show: report at the end of the node.
        report(node.endIndex, `missing token at the end of ${node.type}`);
      }
      if (node.hasError) pending.push(...node.children.slice().reverse());
    }
    if (errors.size === 0 && accepted === 0) report(0, 'an error the grammar does not locate');
    return [...errors];
  });
}

/** A parameter of a script's or a function's param() block. */
export interface ScriptParameter {
  readonly name: string;
  readonly mandatory: boolean;
  /** A [switch]: named alone, it takes no value. */
  readonly switch: boolean;
  /** The values its [ValidateSet(...)] allows, if it has one. */
  readonly allowed?: readonly string[];
}

/** What a command's arguments are, in order: `-Name` (attached: `-Name:value`) or a value. */
export type CommandElement = { readonly parameter: string; readonly attached: boolean } | { readonly argument: string };

/** A script's interface: its own param() block, the functions it defines, and every command it runs with its arguments. */
export interface PowerShellInterface {
  readonly parameters?: readonly ScriptParameter[];
  readonly functions: ReadonlyMap<string, readonly ScriptParameter[]>;
  readonly calls: readonly { readonly command: string; readonly line: number; readonly elements: readonly CommandElement[] }[];
}

function parametersOf(list: Node | null | undefined): ScriptParameter[] {
  return (list?.namedChildren ?? [])
    .filter((p) => p.type === 'script_parameter')
    .map((p) => {
      const attributes = p.descendantsOfType('attribute');
      const named = (name: string) => attributes.find((a) => a.descendantsOfType('attribute_name')[0]?.text.toLowerCase() === name.toLowerCase());
      const args = (a: Node | undefined) => a?.descendantsOfType('attribute_argument').map((arg) => arg.text.trim()) ?? [];
      const validateSet = named('ValidateSet');
      return {
        name: p.children.find((c) => c.type === 'variable')!.text.replace(/^\$/, ''),
        mandatory: args(named('Parameter')).some((arg) => /^Mandatory(\s*=\s*\$true)?$/i.test(arg)),
        switch: attributes.some((a) => /^\[switch\]$/i.test(a.text)),
        ...(validateSet ? { allowed: args(validateSet).map((v) => v.replace(/^(['"])(.*)\1$/, '$2')) } : {}),
      };
    });
}

/** The interface of `script` (see PowerShellInterface), read from its syntax tree. */
export async function powerShellInterface(script: string): Promise<PowerShellInterface> {
  return withTree(script, (root, input) => {
    const functions = new Map(
      root.descendantsOfType('function_statement').map((f) => {
        const declared = f.children.find((c) => c.type === 'function_parameter_declaration');
        const block = f.children.find((c) => c.type === 'script_block')?.children.find((c) => c.type === 'param_block');
        const list = (declared ?? block)?.children.find((c) => c.type === 'parameter_list');
        return [f.children.find((c) => c.type === 'function_name')!.text, parametersOf(list)] as const;
      }),
    );
    const calls = root.descendantsOfType('command').flatMap((command) => {
      const name = command.descendantsOfType('command_name')[0];
      if (!name) return [];
      // Elements with no white space between them are one argument (`$acl.GetAccessRules($true)`, which the grammar splits).
      const nodes = (command.children.find((c) => c.type === 'command_elements')?.namedChildren ?? []).filter((e) => e.type !== 'command_argument_sep');
      const joined = nodes.filter((e, i) => i === 0 || e.type === 'command_parameter' || e.startIndex !== nodes[i - 1].endIndex);
      const elements = joined.map((e): CommandElement =>
        e.type === 'command_parameter'
          ? { parameter: e.text.replace(/^-/, '').replace(/:$/, ''), attached: e.text.endsWith(':') || input.text[e.endIndex] === ':' }
          : { argument: e.text },
      );
      return [{ command: name.text, line: name.startPosition.row + 1, elements }];
    });
    const own = root.children.find((c) => c.type === 'param_block')?.children.find((c) => c.type === 'parameter_list');
    return { ...(own ? { parameters: parametersOf(own) } : {}), functions, calls };
  });
}

/** PowerShell held in a verbatim here-string: written to a .ps1 file, or assigned to a variable that is run as a script. */
export interface EmbeddedScript {
  /** The file written (`C:\Halo\job.ps1`), or the variable run (`$Body`). */
  readonly target: string;
  /** The line of the outer script where the here-string's content starts. */
  readonly line: number;
  readonly script: string;
}

/**
 * The scripts in `script`'s verbatim here-strings: `Set-Content x.ps1 -Value @'…'@` (any command with a .ps1 argument),
 * or `$Body = @'…'@` where `$Body` goes to `[scriptblock]::Create(…)` or `Invoke-Expression`. An expandable here-string's
 * content is only known at run time, and other here-strings (JSON, SQL) are data.
 */
export async function embeddedScripts(script: string): Promise<EmbeddedScript[]> {
  return withTree(script, (root, input) =>
    root.descendantsOfType('verbatim_here_string_characters').flatMap((hereString) => {
      const target = writtenFile(hereString) ?? runVariable(hereString, script);
      if (!target) return [];
      const start = input.original(hereString.startIndex);
      const text = script.slice(start, input.original(hereString.endIndex));
      return [{ target, line: script.slice(0, start).split('\n').length + 1, script: text.replace(/^@'[ \t]*\r?\n/, '').replace(/\r?\n'@$/, '') }];
    }),
  );
}

const ancestor = (node: Node, type: string) => {
  let found = node.parent;
  while (found && found.type !== type) found = found.parent;
  return found;
};

function writtenFile(hereString: Node): string | undefined {
  return ancestor(hereString, 'command')
    ?.descendantsOfType(['generic_token', 'string_literal'])
    .map((n) => n.text.replace(/^(['"])(.*)\1$/s, '$2'))
    .find((text) => /\.ps1$/i.test(text));
}

function runVariable(hereString: Node, script: string): string | undefined {
  const assignment = ancestor(hereString, 'assignment_expression');
  const variable = assignment?.child(0)?.descendantsOfType('variable')[0]?.text;
  if (!variable || assignment?.childForFieldName('value')?.text.trim() !== hereString.text) return undefined;
  const name = variable.replace(/^\$/, '').replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const run = new RegExp(`\\[scriptblock\\]::Create\\(.*(?<!\`)\\$${name}\\b|\\b(Invoke-Expression|iex)\\s+(-Command\\s+)?\\$${name}\\b`, 'i');
  return run.test(script) ? variable : undefined;
}

/** The whole script is comments and white space (the grammar wants at least one statement). */
function onlyComments(root: Node, input: GrammarInput, script: string): boolean {
  if (!root.isError) return false;
  let rest = script;
  for (const c of root.children.filter((n) => n.type === 'comment').reverse()) {
    rest = rest.slice(0, input.original(c.startIndex)) + rest.slice(input.original(c.endIndex));
  }
  return rest.trim() === '';
}

/** The grammar's missing ";" after a script's param block when no statement follows (PowerShell needs none). */
function paramBlockAlone(missing: Node): boolean {
  const list = missing.parent?.parent;
  return (
    missing.type === ';' &&
    missing.parent?.type === 'empty_statement' &&
    list?.type === 'statement_list' &&
    list.namedChildren.filter((n) => n.type !== 'comment').length === 1 &&
    list.parent?.type === 'program' &&
    list.parent.children.some((n) => n.type === 'param_block')
  );
}

function excerpt(script: string, at: number): string {
  const start = Math.max(0, at - 20);
  const end = Math.min(script.length, at + 30);
  return `${start > 0 ? '…' : ''}${JSON.stringify(script.slice(start, end))}${end < script.length ? '…' : ''}`;
}
