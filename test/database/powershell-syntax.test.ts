import { FIXTURE_STAGES } from '../fixtures/config';
import { fixtureStage } from '../fixtures/assembly';
import { embeddedScripts, powerShellSyntaxErrors } from '../powershell';
import { type Json, powerShellSteps } from './powershell-documents';

const checked = new Map<string, Promise<string[]>>();

/** The script's syntax errors and those of the scripts it embeds in here-strings, recursively (each text parsed once). */
function syntaxErrors(script: string, where = ''): Promise<string[]> {
  const key = `${where}\u0000${script}`;
  if (!checked.has(key)) checked.set(key, parsedErrors(script, where));
  return checked.get(key)!;
}

async function parsedErrors(script: string, where: string): Promise<string[]> {
  const errors = (await powerShellSyntaxErrors(script)).map((e) => `${where}${e}`);
  for (const embedded of await embeddedScripts(script)) {
    errors.push(...(await syntaxErrors(embedded.script, `${where}in ${embedded.target} (here-string from line ${embedded.line}): `)));
  }
  return errors;
}

// Every stack of every region of the fixture app, as synthesized for the run.
const stacks = FIXTURE_STAGES.map(fixtureStage).flatMap((stage) => stage.stacks.map((stack) => ({ ...stack, template: stage.templateJson(stack.id) })));
const scripts = stacks.flatMap((stack) =>
  Object.entries(stack.template.Resources as Record<string, Json>)
    .filter(([, resource]) => resource.Type === 'AWS::SSM::Document')
    .flatMap(([logicalId, resource]) => powerShellSteps(stack.stackName, logicalId, resource.Properties)),
);
const dataStacks = stacks.filter((stack) => stack.id.endsWith('-Data')).map((stack) => stack.stackName);

describe('the PowerShell syntax check', () => {
  test.each([
    ['an unbalanced single quote', "Rename-Computer -NewName 'node1 -Force"],
    ['an unterminated here-string', "$job = @'\nWrite-Output 1\n"],
    ['an unclosed brace', "if ($env:COMPUTERNAME -ne 'node1') {\n  Rename-Computer -NewName 'node1' -Force\n"],
    ['a " inside a double-quoted string (expression)', '$query = "SELECT "name" FROM sys.databases"'],
    ['a " inside a double-quoted string (argument)', 'Invoke-Sqlcmd -ServerInstance localhost -Query "SELECT "name FROM sys.databases"'],
    ['an unclosed param block', 'param([string] $Name'],
    ['an unclosed script block', '$action = {'],
    ['a switch clause without a body', "switch ($x) { 1 {'one'} 2 }"],
    ['a PowerShell 7 operator (SSM runs Windows PowerShell 5.1)', '$name = $env:NODE_NAME ?? "node1"'],
    // Next to the false positives handled below, errors stay errors.
    ['a backtick before the quote that ends a single-quoted string', "Write-Output 'it `'s'"],
    ['an unclosed quote in a comma-separated argument', "Import-Module FailoverClusters, 'ActiveDirectory\nWrite-Output done"],
    ['an unclosed block after an empty one', 'Invoke-Command -ScriptBlock { }\n$action = {'],
  ])('reports %s', async (_, script) => {
    expect(await powerShellSyntaxErrors(script)).not.toEqual([]);
  });

  test('says where: line:column, what, and the source around it', async () => {
    expect(await powerShellSyntaxErrors('$ErrorActionPreference = "Stop"\nif ($x) { Write-Output 1')).toEqual([
      '2:25 missing "}" near …"$x) { Write-Output 1"',
    ]);
  });

  test('accepts here-strings holding a script, subexpressions, splatting, try/catch and exit 3010', async () => {
    const script = [
      '$ErrorActionPreference = "Stop"',
      "Set-Content -Path 'C:\\Halo\\job.ps1' -Value @'",
      '$stamp = Get-Date -Format yyyyMMddHHmmss',
      'Invoke-Sqlcmd -Query "BACKUP LOG [$db] TO URL = N\'$url/$stamp.trn\';"',
      "'@",
      '$options = @{ ServerInstance = "localhost"; Query = "SELECT 1"; QueryTimeout = 0 }',
      'try {',
      '  Invoke-Sqlcmd @options',
      '} catch {',
      '  throw "failed on $env:COMPUTERNAME: $($_.Exception.Message)"',
      '}',
      "if ($env:COMPUTERNAME -ne 'node1') { Rename-Computer -NewName 'node1' -Force; exit 3010 }",
    ].join('\n');
    expect(await powerShellSyntaxErrors(script)).toEqual([]);
  });

  test.each([
    ['an empty script', ''],
    ['a script of comments', '# nothing to do\n<# really #>'],
    ['a param block alone', '[CmdletBinding()]\nparam([string] $Name) # no body'],
    ['empty script blocks', 'Invoke-Command -ScriptBlock {}\n$noop = {\n  # nothing\n}\n$none = @{ }; switch ($x) {}\nclass Empty { }'],
    ['switch clauses on one line', "switch -regex ($x) { '^a' { 'A'; break } 1 {'one'} 2 { if ($y) { 'B' } else { 'C' } } default { } }"],
    ['a backtick escape starting a bare word', 'Write-Output `$notAVariable `"quoted`"'],
    ['a digit in a parameter name', 'Write-S3Object -BucketName $bucket -Key $key -File $path -CalculateContentMD5Header $true'],
    ['an upper-case number suffix as an operand', '$totalMb = [math]::Floor($bytes / 1MB)\nif ($size -gt 2GB) { $n = 10L * 3 }'],
    [
      'bare words in a comma-separated argument',
      "Import-Module FailoverClusters, ActiveDirectory\nInstall-WindowsFeature Failover-Clustering, 'RSAT-Clustering-PowerShell', RSAT-AD-PowerShell -IncludeManagementTools",
    ],
  ])("accepts the grammar's known false positive: %s", async (_, script) => {
    expect(await powerShellSyntaxErrors(script)).toEqual([]);
  });

  test('finds scripts written to .ps1 files or run from a variable, not data here-strings', async () => {
    const script = [
      "Set-Content -Path 'C:\\Halo\\job.ps1' -Value @'",
      'Write-Output 1',
      "'@",
      "$FactsJson = @'",
      '{ "region": "eu-west-2" }',
      "'@",
      "$Body = @'",
      'Write-Output $Facts.region',
      "'@",
      '$remote = [scriptblock]::Create("param(`$FactsJson)`n$Body")',
      "$query = @'",
      'SELECT 1',
      "'@",
    ].join('\n');
    expect(await embeddedScripts(script)).toEqual([
      { target: 'C:\\Halo\\job.ps1', line: 2, script: 'Write-Output 1' },
      { target: '$Body', line: 8, script: 'Write-Output $Facts.region' },
    ]);
  });

  test('reports the errors of an embedded script', async () => {
    const errors = await syntaxErrors("Set-Content -Path 'C:\\Halo\\job.ps1' -Value @'\nWrite-Output 'oops\n'@");
    expect(errors).not.toEqual([]);
    errors.forEach((e) => expect(e).toMatch(/^in C:\\Halo\\job\.ps1 \(here-string from line 2\): 1:\d+ /));
  });
});

describe('the PowerShell that the SSM documents run', () => {
  test('is read with deploy-time values and SSM parameters filled in, the quoting around them untouched', () => {
    const runCommand = [
      { 'Fn::Join': ['', ["$arn = '", { Ref: 'Secret' }, "'"]] },
      { 'Fn::Sub': ['$url = "s3://${Bucket}.s3.${AWS::Region}.amazonaws.com/${Key}"', { Key: { 'Fn::GetAtt': ['Object', 'Key'] } }] },
      "Rename-Computer -NewName '{{ HostName }}'; exit {{Code}} # {{ Mode }}",
    ];
    const parameters = { HostName: { type: 'String' }, Code: { type: 'Integer' }, Mode: { type: 'String', default: 'full' } };
    const content = { schemaVersion: '2.2', parameters, mainSteps: [{ action: 'aws:runPowerShellScript', name: 'rename', inputs: { runCommand } }] };
    expect(powerShellSteps('Stack', 'Document', { Content: content })).toEqual([
      {
        stack: 'Stack',
        document: 'Document',
        step: 'rename',
        script:
          "$arn = 'resolvedvalue'\n$url = \"s3://resolvedvalue.s3.resolvedvalue.amazonaws.com/resolvedvalue\"\nRename-Computer -NewName 'parametervalue'; exit 1 # full",
        text: "$arn = 'resolvedvalue'\n$url = \"s3://resolvedvalue.s3.resolvedvalue.amazonaws.com/resolvedvalue\"\nRename-Computer -NewName '{{ HostName }}'; exit {{Code}} # {{ Mode }}",
      },
    ]);
  });

  test.each(dataStacks)('%s has scripts to check', (stackName) => {
    expect(scripts.filter((s) => s.stack === stackName).length).toBeGreaterThan(0);
  });

  test.each(scripts)('$stack $document $step parses', async ({ script }) => {
    expect(await syntaxErrors(script)).toEqual([]);
  });
});
