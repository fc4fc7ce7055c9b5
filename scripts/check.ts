/**
 * `npm run check`: `npm run typecheck` and eslint's part of `npm run lint` in one pass. One TypeScript program (from
 * tsconfig.json) gives tsc's diagnostics and then serves eslint's type-aware rules, which would otherwise build the
 * same program again (about 20 s of CPU on two cores). eslint's rules are eslint.config.mjs's; only the TypeScript
 * files get the program, as `project` gives it to them. Prettier is not part of it: CI runs it beside.
 * Exit 0 clean, 1 on a type error or a lint error, 2 on a bad command line.
 */
import { ESLint } from 'eslint';
import * as ts from 'typescript';
import { noOptions } from './no-options';

const USAGE = 'usage: npm run check   (type-check and eslint with one TypeScript program; npm run typecheck and npm run lint do each alone)';

function typeCheck(): { program: ts.Program; errors: number } {
  const config = ts.getParsedCommandLineOfConfigFile(
    'tsconfig.json',
    {},
    {
      ...ts.sys,
      onUnRecoverableConfigFileDiagnostic: (d) => {
        throw new Error(ts.flattenDiagnosticMessageText(d.messageText, '\n'));
      },
    },
  );
  if (!config) throw new Error('tsconfig.json could not be read');
  const program = ts.createProgram({ rootNames: config.fileNames, options: config.options, projectReferences: config.projectReferences });
  const diagnostics = [...config.errors, ...ts.getPreEmitDiagnostics(program)];
  const host = { getCanonicalFileName: (f: string) => f, getCurrentDirectory: () => ts.sys.getCurrentDirectory(), getNewLine: () => ts.sys.newLine };
  if (diagnostics.length > 0) process.stdout.write(ts.formatDiagnosticsWithColorAndContext(diagnostics, host));
  return { program, errors: diagnostics.filter((d) => d.category === ts.DiagnosticCategory.Error).length };
}

async function main(argv: string[]): Promise<number> {
  const refused = noOptions(argv, USAGE);
  if (refused !== undefined) return refused;
  const { program, errors } = typeCheck();
  const eslint = new ESLint({
    overrideConfig: [{ files: ['**/*.ts'], languageOptions: { parserOptions: { project: null, programs: [program] } } }],
  });
  const results = await eslint.lintFiles(['.']);
  const formatted = await (await eslint.loadFormatter('stylish')).format(results);
  if (formatted) process.stdout.write(formatted);
  // errorCount includes the fatal (parsing) errors.
  const lintErrors = results.reduce((n, r) => n + r.errorCount, 0);
  console.log(`check: ${errors} type error(s), ${lintErrors} lint error(s) in ${results.length} files`);
  return errors > 0 || lintErrors > 0 ? 1 : 0;
}

main(process.argv.slice(2)).then(
  (code) => (process.exitCode = code),
  (error: Error) => {
    console.error(`check: ${error.message}`);
    process.exitCode = 1;
  },
);
