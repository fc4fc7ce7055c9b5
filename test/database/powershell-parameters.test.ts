/**
 * What the constructs pass to the PowerShell matches what it reads: the facts each SSM step carries (`$Facts.<name>`),
 * the SSM document parameters (`{{ Name }}`) and who runs each document with which, and the param() blocks of the scripts
 * and their functions against every call of them. Read from the fixture app's templates and lib/database/runtime/scripts/.
 */
import { readdirSync, readFileSync } from 'fs';
import { join } from 'path';
import { SCRIPTS_DIR } from '../../lib/database/powershell';
import { FIXTURE_STAGES } from '../fixtures/config';
import { fixtureStage } from '../fixtures/assembly';
import { type CommandElement, type PowerShellInterface, type ScriptParameter, powerShellInterface } from '../powershell';
import { type Json, documentContent, powerShellSteps, resolved } from './powershell-documents';

const stacks = FIXTURE_STAGES.map(fixtureStage).flatMap((stage) => stage.stacks.map((stack) => ({ ...stack, template: stage.templateJson(stack.id) })));
const resourcesOf = (template: Json, type: string): [string, Json][] =>
  Object.entries(template.Resources as Record<string, Json>).filter(([, r]) => r.Type === type);
const documents = stacks.flatMap((stack) =>
  resourcesOf(stack.template, 'AWS::SSM::Document').map(([logicalId, resource]) => ({
    stack: stack.stackName,
    logicalId,
    name: resource.Properties.Name as string | undefined,
    type: resource.Properties.DocumentType as string,
    raw: resource.Properties.Content,
    content: documentContent(stack.stackName, logicalId, resource.Properties),
    steps: powerShellSteps(stack.stackName, logicalId, resource.Properties),
  })),
);
type Document = (typeof documents)[number];

/** The facts a step carries: the JSON of its `$FactsJson` here-string. */
function factsOf(text: string): Json {
  const json = /^\$FactsJson = @'\n([\s\S]*?)\n'@$/m.exec(text)?.[1];
  return json === undefined ? undefined : JSON.parse(json);
}

/** Each `$Facts.a.b` a step's scripts read, as its names (a .NET member call on a value, `.TrimEnd(`, is not a fact). */
function factReads(text: string): string[][] {
  const withoutFacts = text.replace(/^\$FactsJson = @'\n[\s\S]*?\n'@$/m, '');
  return [...withoutFacts.matchAll(/\$Facts((?:\.[A-Za-z_]\w*)+)(\()?/g)].map((m) =>
    m[1]
      .slice(1)
      .split('.')
      .slice(0, m[2] ? -1 : undefined),
  );
}

/** Whether the facts hold the path (through arrays as PowerShell's member enumeration does; a member of a string or number is .NET's). */
function holds(value: Json, path: readonly string[]): boolean {
  if (path.length === 0) return true;
  if (Array.isArray(value)) return value.length > 0 && value.every((v) => holds(v, path));
  if (value !== null && typeof value === 'object') return Object.hasOwn(value, path[0]) && holds(value[path[0]], path.slice(1));
  return true;
}

const steps = documents.flatMap((d) => d.steps.map((s) => ({ ...s, facts: factsOf(s.text), reads: factReads(s.text) })));
const withFacts = steps.filter((s) => s.facts !== undefined);
const clusterFacts = withFacts.find((s) => s.facts.clustered === true)!.facts;

describe('the facts each SSM step passes its scripts', () => {
  test('the fixture has clustered and standalone cells, and most steps carry facts', () => {
    expect(withFacts.some((s) => s.facts.clustered === false)).toBe(true);
    expect(withFacts.length).toBeGreaterThan(steps.length / 2);
  });

  test('a step whose scripts read $Facts carries them', () => {
    expect(steps.filter((s) => s.facts === undefined && s.reads.length > 0).map((s) => `${s.stack} ${s.document} ${s.step}`)).toEqual([]);
  });

  test("hold every fact the step's scripts read (a standalone node lacks only a cluster's own, which the scripts read only when clustered)", () => {
    const missing = withFacts.flatMap((s) => {
      const allowed = s.facts.clustered ? [] : Object.keys(clusterFacts).filter((name) => !Object.hasOwn(s.facts, name));
      return s.reads
        .filter((path) => !holds(s.facts, path) && !allowed.includes(path[0]))
        .map((path) => `${s.stack} ${s.document} ${s.step}: $Facts.${path.join('.')}`);
    });
    expect([...new Set(missing)]).toEqual([]);
  });

  test('hold no fact that no script reads', () => {
    const read = new Set(withFacts.flatMap((s) => s.reads.map((path) => path[0])));
    expect(Object.keys(clusterFacts).filter((name) => !read.has(name))).toEqual([]);
  });
});

/** `{{ Name }}` references: a document parameter, or in Automation a step's output (`step.Output`) or a built-in (`automation:…`). */
const references = (value: Json) => [...JSON.stringify(value).matchAll(/\{\{\s*([A-Za-z][\w.:/-]*)\s*\}\}/g)].map((m) => m[1]);
const declared = (d: Document): Record<string, Json> => d.content.parameters ?? {};

/** Who runs each document, with which parameters: associations, Automation steps, schedules and functions. */
function callers(): { who: string; document: Document; given: string[] }[] {
  const byRef = (stack: string, value: Json) => documents.find((d) => d.stack === stack && value?.Ref === d.logicalId);
  return stacks.flatMap((stack) => [
    ...resourcesOf(stack.template, 'AWS::SSM::Association').flatMap(([id, r]) => {
      const document = byRef(stack.stackName, r.Properties.Name);
      return document ? [{ who: `${stack.stackName} association ${id}`, document, given: Object.keys(r.Properties.Parameters ?? {}) }] : [];
    }),
    ...documents
      .filter((d) => d.stack === stack.stackName && d.type === 'Automation')
      .flatMap((automation) =>
        (automation.raw.mainSteps as Json[])
          .filter((step) => step.action === 'aws:runCommand')
          .flatMap((step) => {
            const document = byRef(stack.stackName, step.inputs.DocumentName);
            return document ? [{ who: `${automation.logicalId} step ${step.name}`, document, given: Object.keys(step.inputs.Parameters ?? {}) }] : [];
          }),
      ),
    ...resourcesOf(stack.template, 'AWS::Scheduler::Schedule').flatMap(([id, r]) => {
      const input = JSON.parse(resolved(r.Properties.Target.Input ?? '{}'));
      const document = documents.find((d) => d.stack === stack.stackName && d.name !== undefined && d.name === input.DocumentName);
      return document ? [{ who: `${stack.stackName} schedule ${id}`, document, given: Object.keys(input.Parameters ?? {}) }] : [];
    }),
    // A function that names a document in its environment runs it with no parameters (the login rotation's SendCommand).
    ...resourcesOf(stack.template, 'AWS::Lambda::Function').flatMap(([id, r]) =>
      Object.values(r.Properties.Environment?.Variables ?? {}).flatMap((value) => {
        const document = byRef(stack.stackName, value);
        return document ? [{ who: `${stack.stackName} function ${id}`, document, given: [] }] : [];
      }),
    ),
  ]);
}

describe('the SSM document parameters', () => {
  test('every {{ Name }} is a declared parameter, or a step output the Automation declares, and every parameter is used', () => {
    const problems = documents.flatMap((d) => {
      const used = references(d.content.mainSteps);
      const outputs = new Set((d.content.mainSteps as Json[]).flatMap((s) => (s.outputs ?? []).map((o: Json) => `${s.name}.${o.Name}`)));
      const unknown = used.filter((name) => !Object.hasOwn(declared(d), name) && !outputs.has(name) && !name.startsWith('automation:'));
      const unused = Object.keys(declared(d)).filter((name) => !used.includes(name));
      return [...unknown.map((name) => `${d.logicalId}: {{ ${name} }} is not declared`), ...unused.map((name) => `${d.logicalId}: ${name} is never used`)];
    });
    expect([...new Set(problems)]).toEqual([]);
  });

  test('each document is run with parameters it declares, and every one without a default', () => {
    const runs = callers();
    // Every kind of caller is there, so the check below reads something.
    expect(['association', 'step', 'schedule', 'function'].filter((kind) => !runs.some((r) => r.who.includes(` ${kind} `)))).toEqual([]);
    expect(runs.some((r) => r.given.length > 0)).toBe(true);
    const problems = runs.flatMap(({ who, document, given }) => [
      ...given.filter((name) => !Object.hasOwn(declared(document), name)).map((name) => `${who}: ${document.logicalId} has no parameter ${name}`),
      ...Object.entries(declared(document))
        .filter(([name, p]) => p.default === undefined && !given.includes(name))
        .map(([name]) => `${who}: ${document.logicalId} needs ${name}`),
    ]);
    expect(problems).toEqual([]);
  });
});

const scriptFiles = readdirSync(SCRIPTS_DIR).filter((f) => f.endsWith('.ps1'));
const readScript = (file: string) => readFileSync(join(SCRIPTS_DIR, file), 'utf8');

/** What binding a call's arguments to the parameters reports: names it does not declare, mandatory ones it leaves out. */
function bindingProblems(elements: readonly CommandElement[], parameters: readonly ScriptParameter[]): string[] {
  const problems: string[] = [];
  const named = new Set<string>();
  let positional = 0;
  let splatted = false;
  for (let i = 0; i < elements.length; i++) {
    const element = elements[i];
    if ('argument' in element) {
      if (element.argument.startsWith('@')) splatted = true;
      else positional++;
      continue;
    }
    const parameter = parameters.find((p) => p.name.toLowerCase() === element.parameter.toLowerCase());
    if (!parameter) problems.push(`-${element.parameter} is not a parameter (${parameters.map((p) => p.name).join(', ') || 'none'})`);
    else named.add(parameter.name);
    if (parameter && !parameter.switch && !element.attached) i++;
  }
  const byPosition = parameters.filter((p) => !named.has(p.name) && !p.switch);
  if (positional > byPosition.length) problems.push(`${positional} values by position for ${byPosition.length} parameters`);
  const bound = new Set([...named, ...byPosition.slice(0, positional).map((p) => p.name)]);
  if (!splatted) problems.push(...parameters.filter((p) => p.mandatory && !bound.has(p.name)).map((p) => `mandatory -${p.name} is not given`));
  return problems;
}

/** `powershell.exe … -File <dir>\<script>.ps1 <arguments>` in a script's code or strings: the script run and its arguments. */
function scriptRuns(text: string): { script: string; line: number; elements: CommandElement[] }[] {
  return text.split('\n').flatMap((line, index) => {
    const run = /powershell\.exe\b.*?-File\s+"?[^\s"]*?([\w-]+\.ps1)"?((?:[ \t]+[^\s"]+)*)/.exec(line);
    if (!run) return [];
    const elements = run[2]
      .trim()
      .split(/\s+/)
      .filter(Boolean)
      .map((token): CommandElement => (/^-[A-Za-z]\w*$/.test(token) ? { parameter: token.slice(1), attached: false } : { argument: token }));
    return [{ script: run[1], line: index + 1, elements }];
  });
}

describe("the scripts' param() blocks", () => {
  let interfaces: Map<string, PowerShellInterface>;
  beforeAll(async () => {
    interfaces = new Map();
    // One after another: the parser is one WebAssembly instance.
    for (const file of scriptFiles) interfaces.set(file, await powerShellInterface(readScript(file)));
  });

  test('the functions the scripts define have names of their own (common.ps1 and certificate.ps1 are loaded together)', () => {
    const names = [...interfaces.values()].flatMap((i) => [...i.functions.keys()]);
    expect(names.length).toBeGreaterThan(10);
    expect(names.filter((name, i) => names.indexOf(name) !== i)).toEqual([]);
  });

  test('every call of a function they define names only its parameters and gives each mandatory one', () => {
    const functions = new Map([...interfaces.values()].flatMap((i) => [...i.functions]));
    const calls = [...interfaces].flatMap(([file, i]) => i.calls.filter((c) => functions.has(c.command)).map((c) => ({ file, ...c })));
    expect(calls.filter((c) => c.command === 'Invoke-WithRetry').length).toBeGreaterThan(10);
    const problems = calls.flatMap((c) => bindingProblems(c.elements, functions.get(c.command)!).map((p) => `${c.file}:${c.line} ${c.command}: ${p}`));
    expect(problems).toEqual([]);
  });

  test('every run of a script with a param() block names only its parameters and gives each mandatory one', () => {
    const runs = scriptFiles.flatMap((file) => scriptRuns(readScript(file)).map((r) => ({ file, ...r })));
    expect(runs.map((r) => `${r.file} runs ${r.script}`)).toEqual([
      'add-tenant-database.ps1 runs sql-backup.ps1',
      'install-backup-jobs.ps1 runs sql-backup.ps1',
    ]);
    const problems = runs.flatMap((r) => {
      const parameters = interfaces.get(r.script)?.parameters;
      if (!parameters) return [`${r.file}:${r.line} runs ${r.script}, which has no param() block`];
      return bindingProblems(r.elements, parameters).map((p) => `${r.file}:${r.line} ${r.script}: ${p}`);
    });
    expect(problems).toEqual([]);
  });

  test("sql-backup.ps1's -Kind accepts the kind of every SQL Agent job the construct installs (the facts' agentJobs)", () => {
    const kind = interfaces.get('sql-backup.ps1')!.parameters!.find((p) => p.name === 'Kind')!;
    expect(kind).toEqual({ name: 'Kind', mandatory: true, switch: false, allowed: ['Full', 'Log', 'Metrics'] });
    const jobs = withFacts.filter((s) => /sql-backup\.ps1/.test(s.text)).flatMap((s) => s.facts.agentJobs as { name: string; kind: string }[]);
    expect(new Set(jobs.map((j) => j.kind))).toEqual(new Set(['Full', 'Log', 'Metrics']));
    expect(jobs.filter((j) => !kind.allowed!.includes(j.kind))).toEqual([]);
  });

  test('the binding check reports an unknown parameter, a missing mandatory one and too many values by position', () => {
    const parameters: ScriptParameter[] = [
      { name: 'What', mandatory: true, switch: false },
      { name: 'Attempts', mandatory: false, switch: false },
      { name: 'Quiet', mandatory: false, switch: true },
    ];
    expect(bindingProblems([{ parameter: 'what', attached: false }, { argument: '"x"' }, { parameter: 'Quiet', attached: false }], parameters)).toEqual([]);
    expect(bindingProblems([{ argument: '"x"' }, { argument: '3' }], parameters)).toEqual([]);
    expect(bindingProblems([{ parameter: 'Attempt', attached: false }], parameters)).toEqual([
      '-Attempt is not a parameter (What, Attempts, Quiet)',
      'mandatory -What is not given',
    ]);
    expect(bindingProblems([{ argument: '1' }, { argument: '2' }, { argument: '3' }], parameters)).toEqual(['3 values by position for 2 parameters']);
    expect(bindingProblems([{ argument: '@options' }], parameters)).toEqual([]);
  });
});
