import type { AcknowledgementEntry, ComplianceReport, FindingRow } from '../../lib/compliance/report';

/**
 * A small auditor report built by hand (no synth): two regions, three packs, findings open, acknowledged and compliant,
 * an acknowledgement made under three packs' names of one rule, a framework with a control in each state.
 */

export const REPLICATION_REASON = 'Customer data must stay in the residency zone; replicating buckets elsewhere would break that promise.';
export const REPLICATION_CONTROL = 'S3 keeps objects in three AZs; AWS Backup copies stay in the zone.';
export const ROTATION_REASON = 'The application reads the secret at start; rotating it would need a deploy.';
export const ROTATION_CONTROL = 'The secret is readable only by the fleet role, and every read is in CloudTrail.';

const VARIANT_PACKS = ['HIPAA.Security', 'PCI.DSS.321', 'NIST.800.53.R5'];
const REGIONS = [
  { stage: 'London', code: 'eu-west-2', name: 'London' },
  { stage: 'Frankfurt', code: 'eu-central-1', name: 'Frankfurt' },
];
const BUCKETS = ['Security/AccessLogs/Bucket', 'Security/AuditTrail/Bucket', 'prod-stable-Data/Releases/Bucket'];

function row(
  region: (typeof REGIONS)[number],
  pack: string,
  rule: string,
  path: string,
  status: FindingRow['status'],
  why = { reason: '', compensatingControl: '' },
): FindingRow {
  return {
    region: region.code,
    stage: region.stage,
    stack: `halo-${region.name.toLowerCase()}-data`,
    path,
    pack,
    rule,
    check: rule.replace(/^.*-/, ''),
    level: 'error',
    status,
    reason: why.reason,
    compensatingControl: why.compensatingControl,
    acknowledgedAt: status === 'acknowledged' ? path.replace(/\/Resource$/, '') : '',
    resourceType: 'AWS::S3::Bucket',
    logicalId: `Bucket${path.length}`,
    ruleTitle: `The ${rule.replace(/^.*-/, '')} rule title.`,
    detail: status === 'non-compliant' ? 'The bucket has no replication configuration.' : '',
    controls: ['ISO/IEC 27001:2022 Annex A A.5.31'],
  };
}

export interface FixtureOptions {
  /** Adds one finding neither fixed nor acknowledged (on the releases bucket in Frankfurt). */
  readonly open?: boolean;
  /** Leaves the known-gap register empty. */
  readonly noGaps?: boolean;
}

/** The hand-made report; by default nothing open and one known gap. */
export function handMadeReport(options: FixtureOptions = {}): ComplianceReport {
  const replication = { reason: REPLICATION_REASON, compensatingControl: REPLICATION_CONTROL };
  const rotation = { reason: ROTATION_REASON, compensatingControl: ROTATION_CONTROL };
  const acknowledgements: AcknowledgementEntry[] = REGIONS.flatMap((r) =>
    BUCKETS.flatMap((b) =>
      VARIANT_PACKS.map((p) => ({ rule: `${p}-S3BucketReplicationEnabled`, path: `${r.stage}/${b}`, ...replication, findingsCovered: 1 })),
    ),
  );
  acknowledgements.push({ rule: 'AwsSolutions-SMG4', path: 'London/prod-stable-Data/Connection', ...rotation, findingsCovered: 1 });
  const findings: FindingRow[] = [
    ...acknowledgements
      .filter(
        (a) => a.reason === REPLICATION_REASON && !(options.open && a.path === 'Frankfurt/prod-stable-Data/Releases/Bucket' && a.rule.startsWith('HIPAA')),
      )
      .map((a) =>
        row(
          REGIONS.find((r) => a.path.startsWith(r.stage))!,
          a.rule.split('-')[0],
          a.rule,
          `${a.path}/Resource`,
          'acknowledged',
          replication,
        ),
      ),
    row(REGIONS[0], 'AwsSolutions', 'AwsSolutions-SMG4', 'London/prod-stable-Data/Connection/Resource', 'acknowledged', rotation),
    ...REGIONS.flatMap((r) => BUCKETS.map((b) => row(r, 'AwsSolutions', 'AwsSolutions-S10', `${r.stage}/${b}/Resource`, 'compliant'))),
    ...(options.open
      ? [row(REGIONS[1], 'HIPAA.Security', 'HIPAA.Security-S3BucketReplicationEnabled', 'Frankfurt/prod-stable-Data/Releases/Bucket/Resource', 'non-compliant')]
      : []),
  ];
  const n = (status: FindingRow['status']) => findings.filter((f) => f.status === status).length;
  const totals = { rulesEvaluated: 5, resourcesChecked: 7, compliant: n('compliant'), nonCompliant: n('non-compliant'), acknowledged: n('acknowledged') };
  return {
    title: 'Halo platform: compliance report',
    generatedAt: '2026-11-24T00:00:00.000Z',
    provenance: {
      runId: 'run-7f3a',
      synthStartedAt: '2026-11-23T23:59:00.000Z',
      commit: '0123456789abcdef0123456789abcdef01234567',
      dirty: true,
      repository: 'https://example.com/halo/infrastructure.git',
      versions: { awsCdkLib: '2.276.0', cdkCli: '2.1148.1', cdkNag: '3.0.2', guardValidator: '0.0.62', node: 'v20.19.0' },
      configSha256: 'c0ffee'.padEnd(64, '0'),
      templates: REGIONS.map((r, i) => ({
        path: `assembly-${r.stage}/halo-${r.name.toLowerCase()}-data.template.json`,
        stack: `halo-${r.name.toLowerCase()}-data`,
        sha256: String(i + 1).repeat(64),
      })),
    },
    regions: REGIONS,
    packs: ['AwsSolutions', ...VARIANT_PACKS],
    guard: false,
    totals,
    packTotals: [{ region: 'all', pack: 'AwsSolutions', ...totals }],
    summary: REGIONS.map((r) => ({ region: r.code, pack: 'AwsSolutions', ...totals })),
    unresolved: options.open
      ? [
          'eu-central-1 HIPAA.Security-S3BucketReplicationEnabled at Frankfurt/prod-stable-Data/Releases/Bucket/Resource: The bucket has no replication configuration',
        ]
      : [],
    notChecked: [],
    consistencyProblems: [],
    ownPack: [],
    proofsRan: true,
    proofs: REGIONS.map((r) => ({
      rule: 'Proof-FleetReadsRelease',
      stage: r.stage,
      region: r.code,
      stack: `halo-${r.name.toLowerCase()}-data`,
      path: `${r.stage}/prod-stable-Data`,
      actor: 'fleet role',
      principal: 'arn:aws:iam::111122223333:role/fleet',
      action: 's3:GetObject',
      resource: `arn:aws:s3:::releases-${r.code}/app.zip`,
      context: {},
      expected: 'allowed',
      result: 'allowed',
      passed: true,
      detail: '',
      why: 'The fleet installs the release at launch.',
    })),
    cells: [],
    securityServices: [],
    sqlDrills: [],
    acknowledgements,
    gaps: options.noGaps
      ? []
      : [
          {
            path: 'CapeTown/Security',
            control: 'Amazon Security Lake',
            reason: 'Not offered in af-south-1.',
            compensatingControl: 'CloudTrail and flow logs stay in the region.',
          },
        ],
    frameworks: [
      {
        framework: 'ISO/IEC 27001:2022 Annex A',
        controls: [
          { control: 'A.5.14', objectives: ['Encrypt data in transit'], rules: ['AwsSolutions-S10'], compliant: 6, nonCompliant: 0, acknowledged: 0 },
          {
            control: 'A.5.31',
            objectives: ['Keep data in its residency zone'],
            rules: VARIANT_PACKS.map((p) => `${p}-S3BucketReplicationEnabled`),
            compliant: 0,
            nonCompliant: options.open ? 1 : 0,
            acknowledged: 17,
          },
          { control: 'A.8.13', objectives: ['Protect credentials'], rules: ['AwsSolutions-SMG4'], compliant: 0, nonCompliant: 0, acknowledged: 1 },
        ],
      },
    ],
    unmappedRules: [],
    findings,
  };
}
