import {
  Bucket, GetBucketEncryptionCommand, GetBucketPolicyCommand, GetBucketTaggingCommand, GetBucketVersioningCommand,
  GetObjectLockConfigurationCommand, GetPublicAccessBlockCommand, paginateListBuckets,
} from '@aws-sdk/client-s3';
import { collect, mapPool } from '../resilience';
import { CheckContext, CheckResult, verdict } from '../types';

/** The answer, or undefined when S3 says the configuration does not exist. */
async function orNone<T>(call: Promise<T>, ...missing: string[]): Promise<T | undefined> {
  try {
    return await call;
  } catch (error) {
    if (missing.includes((error as { name?: string }).name ?? '')) return undefined;
    throw error;
  }
}

interface PolicyStatement { Effect?: string; Condition?: Record<string, Record<string, unknown>> }

/** Whether a bucket policy denies every request not made over TLS. */
export function deniesPlainHttp(policy: string | undefined): boolean {
  if (!policy) return false;
  const statements = ([] as PolicyStatement[]).concat(JSON.parse(policy).Statement ?? []);
  return statements.some((s) => s.Effect === 'Deny' && String(s.Condition?.Bool?.['aws:SecureTransport']) === 'false');
}

/** What one bucket has, as far as the checks ask. */
interface BucketState {
  readonly name: string;
  readonly encryption?: string;
  readonly publicAccessBlocked: boolean;
  readonly tlsOnly: boolean;
  readonly versioning?: string;
  readonly objectLock: boolean;
  readonly tags: Readonly<Record<string, string>>;
  /** Why the bucket's configuration could not be read (e.g. its policy denies the verifier). */
  readonly unreadable?: string;
}

/** The bucket's state; one whose configuration cannot be read fails every check that needs it; a deleted one is skipped. */
async function stateOf(ctx: CheckContext, name: string): Promise<BucketState | undefined> {
  try {
    return await readState(ctx, name);
  } catch (error) {
    const code = (error as { name?: string }).name ?? 'error';
    if (code === 'NoSuchBucket') return undefined;
    return { name, publicAccessBlocked: false, tlsOnly: false, objectLock: false, tags: {}, unreadable: `configuration unreadable: ${code}` };
  }
}

async function readState(ctx: CheckContext, name: string): Promise<BucketState> {
  const { s3 } = ctx.clients;
  const Bucket = name;
  const [encryption, block, policy, versioning, lock, tagging] = await Promise.all([
    orNone(s3.send(new GetBucketEncryptionCommand({ Bucket })), 'ServerSideEncryptionConfigurationNotFoundError'),
    orNone(s3.send(new GetPublicAccessBlockCommand({ Bucket })), 'NoSuchPublicAccessBlockConfiguration'),
    orNone(s3.send(new GetBucketPolicyCommand({ Bucket })), 'NoSuchBucketPolicy'),
    s3.send(new GetBucketVersioningCommand({ Bucket })),
    orNone(s3.send(new GetObjectLockConfigurationCommand({ Bucket })), 'ObjectLockConfigurationNotFoundError'),
    orNone(s3.send(new GetBucketTaggingCommand({ Bucket })), 'NoSuchTagSet'),
  ]);
  const b = block?.PublicAccessBlockConfiguration;
  return {
    name,
    encryption: encryption?.ServerSideEncryptionConfiguration?.Rules?.[0]?.ApplyServerSideEncryptionByDefault?.SSEAlgorithm,
    publicAccessBlocked: Boolean(b?.BlockPublicAcls && b.IgnorePublicAcls && b.BlockPublicPolicy && b.RestrictPublicBuckets),
    tlsOnly: deniesPlainHttp(policy?.Policy),
    versioning: versioning.Status,
    objectLock: lock?.ObjectLockConfiguration?.ObjectLockEnabled === 'Enabled',
    tags: Object.fromEntries((tagging?.TagSet ?? []).map((t) => [t.Key ?? '', t.Value ?? ''])),
  };
}

/**
 * Every bucket of the region: default KMS or S3 encryption, public access blocked, TLS-only policy;
 * the app's buckets (known by CloudFormation's tags) versioned and locked where declared; and no
 * bucket of the app in another region.
 */
export async function s3Buckets(ctx: CheckContext): Promise<CheckResult[]> {
  const { expected } = ctx;
  const all: Bucket[] = await collect(paginateListBuckets({ client: ctx.clients.s3, pageSize: 1000 }, {}), (p) => p.Buckets);
  const here = all.filter((b) => b.BucketRegion === expected.region);
  const states = (await mapPool(here, ctx.concurrency ?? 16, (b) => stateOf(ctx, b.Name ?? ''))).filter((s): s is BucketState => s !== undefined);
  const failing = (test: (s: BucketState) => string | undefined, among = states) => among.flatMap((s) => {
    const found = s.unreadable ?? test(s);
    return found ? [{ resource: s.name, found }] : [];
  });
  const declared = (s: BucketState) => expected.buckets.find((d) => d.stack === s.tags['aws:cloudformation:stack-name'] && d.logicalId === s.tags['aws:cloudformation:logical-id']);
  const ours = states.filter((s) => declared(s));
  const missing = expected.buckets.filter((d) => !ours.some((s) => declared(s) === d)).map((d) => ({ resource: `${d.stack}/${d.logicalId}`, found: `not in ${expected.region}` }));
  const elsewhere = all.filter((b) => expected.bucketNamePrefixes.some((prefix) => b.Name?.startsWith(prefix)) && b.BucketRegion !== expected.region).map((b) => ({ resource: b.Name ?? '?', found: `in ${b.BucketRegion}` }));
  const n = states.length;
  return [
    verdict(ctx, 'S3 default encryption', 'every bucket encrypts by default with KMS or S3 keys', n, 'buckets',
      failing((s) => (['aws:kms', 'aws:kms:dsse', 'AES256'].includes(s.encryption ?? '') ? undefined : `default encryption ${s.encryption ?? 'none'}`))),
    verdict(ctx, 'S3 public access', 'every bucket blocks public ACLs and policies (all four settings)', n, 'buckets', failing((s) => (s.publicAccessBlocked ? undefined : 'public access not fully blocked'))),
    verdict(ctx, 'S3 TLS only', 'every bucket policy denies requests without TLS (aws:SecureTransport false)', n, 'buckets', failing((s) => (s.tlsOnly ? undefined : 'no TLS-only statement'))),
    verdict(ctx, 'S3 versioning', 'versioning enabled on every bucket the app declares versioned', ours.length, 'app buckets',
      failing((s) => (declared(s)!.versioned && s.versioning !== 'Enabled' ? `versioning ${s.versioning ?? 'never enabled'}` : undefined), ours)),
    verdict(ctx, 'S3 Object Lock', 'Object Lock enabled on every bucket the app declares locked', ours.length, 'app buckets',
      failing((s) => (declared(s)!.objectLock && !s.objectLock ? 'Object Lock off' : undefined), ours)),
    verdict(ctx, 'S3 app buckets in region', `all ${expected.buckets.length} buckets of the app in ${expected.region}, none in another region`, expected.buckets.length, 'app buckets', [...missing, ...elsewhere]),
  ];
}
