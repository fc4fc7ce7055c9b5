import {
  Bucket,
  GetBucketEncryptionCommand,
  GetBucketPolicyCommand,
  GetBucketTaggingCommand,
  GetBucketVersioningCommand,
  GetObjectLockConfigurationCommand,
  GetPublicAccessBlockCommand,
  ListBucketsCommand,
} from '@aws-sdk/client-s3';
import { AwsCommand, CallFailed, NotChecked, OutputOf, required, send } from '../aws-call';
import { Judgement, verdict } from '../judge';
import { mapPool, pageAll } from '../paging';
import { CheckContext, CheckResult, ExpectedBucket } from '../types';

/** The results the S3 check gives, in order. */
export const S3_CHECKS = ['S3 default encryption', 'S3 public access', 'S3 TLS only', 'S3 versioning', 'S3 Object Lock', 'S3 app buckets in region'] as const;

interface PolicyStatement {
  Effect?: string;
  Condition?: Record<string, Record<string, unknown>>;
}

/** Whether a bucket policy denies every request not made over TLS. */
export function deniesPlainHttp(policy: string | undefined): boolean {
  if (!policy) return false;
  const statements = ([] as PolicyStatement[]).concat(JSON.parse(policy).Statement ?? []);
  return statements.some((s) => s.Effect === 'Deny' && String(s.Condition?.Bool?.['aws:SecureTransport']) === 'false');
}

/** One setting of a bucket: its value, or why it could not be read. */
type Read<T> = { readonly value: T } | { readonly unread: string };

/** What one bucket has, as far as the checks ask; each setting read on its own, so one denied read spoils only its checks. */
interface BucketState {
  readonly name: string;
  readonly encryption: Read<string | undefined>;
  readonly publicAccessBlocked: Read<boolean>;
  readonly tlsOnly: Read<boolean>;
  readonly versioning: Read<string | undefined>;
  readonly objectLock: Read<boolean>;
  readonly tags: Read<Readonly<Record<string, string>>>;
}

class BucketGone extends Error {}

/** A setting: `answer` maps the call's answer, or `undefined` when S3 says the setting does not exist (`missing`). */
async function setting<C extends AwsCommand, T>(
  ctx: CheckContext,
  command: C,
  missing: string | undefined,
  answer: (a: OutputOf<C> | undefined) => T,
): Promise<Read<T>> {
  try {
    return { value: answer(await send(ctx.clients.s3, command)) };
  } catch (error) {
    if (error instanceof CallFailed && error.code === 'NoSuchBucket') throw new BucketGone();
    if (error instanceof CallFailed && error.code === missing) return { value: answer(undefined) };
    if (error instanceof NotChecked) return { unread: error.message };
    throw error;
  }
}

const ENCRYPTION = 's3:GetEncryptionConfiguration';
const PUBLIC_ACCESS = 's3:GetBucketPublicAccessBlock';
const OBJECT_LOCK = 's3:GetBucketObjectLockConfiguration';
const TAGGING = 's3:GetBucketTagging';

/** The bucket's state, or undefined if it was deleted since it was listed. */
async function stateOf(ctx: CheckContext, name: string): Promise<BucketState | undefined> {
  const Bucket = name;
  try {
    // eslint-disable-next-line @cdklabs/promiseall-no-unbounded-parallelism -- six calls about one bucket
    const [encryption, publicAccessBlocked, tlsOnly, versioning, objectLock, tags] = await Promise.all([
      // A configuration without its rule, default or algorithm read nothing: not checked, not "encryption none".
      setting(ctx, new GetBucketEncryptionCommand({ Bucket }), 'ServerSideEncryptionConfigurationNotFoundError', (a) => {
        if (!a) return undefined;
        const rule = required(required(a, 'ServerSideEncryptionConfiguration', ENCRYPTION), 'Rules', ENCRYPTION)[0];
        if (!rule) throw new NotChecked('missing-data', `the answer of ${ENCRYPTION} had no rule: nothing was read`);
        return required(required(rule, 'ApplyServerSideEncryptionByDefault', ENCRYPTION), 'SSEAlgorithm', ENCRYPTION);
      }),
      // Each of the four settings must be read: one missing is not checked, not "not blocked".
      setting(ctx, new GetPublicAccessBlockCommand({ Bucket }), 'NoSuchPublicAccessBlockConfiguration', (a) => {
        if (!a) return false;
        const b = required(a, 'PublicAccessBlockConfiguration', PUBLIC_ACCESS);
        return (['BlockPublicAcls', 'IgnorePublicAcls', 'BlockPublicPolicy', 'RestrictPublicBuckets'] as const)
          .map((f) => required(b, f, PUBLIC_ACCESS))
          .every(Boolean);
      }),
      setting(ctx, new GetBucketPolicyCommand({ Bucket }), 'NoSuchBucketPolicy', (a) => deniesPlainHttp(a && required(a, 'Policy', 's3:GetBucketPolicy'))),
      // A bucket never versioned answers with no Status: that is an answer.
      setting(ctx, new GetBucketVersioningCommand({ Bucket }), undefined, (a) => a?.Status),
      setting(
        ctx,
        new GetObjectLockConfigurationCommand({ Bucket }),
        'ObjectLockConfigurationNotFoundError',
        (a) => (a && required(required(a, 'ObjectLockConfiguration', OBJECT_LOCK), 'ObjectLockEnabled', OBJECT_LOCK)) === 'Enabled',
      ),
      // A tag without its key or value cannot say whose bucket it is: the tags are not read.
      setting(ctx, new GetBucketTaggingCommand({ Bucket }), 'NoSuchTagSet', (a) =>
        Object.fromEntries((a ? required(a, 'TagSet', TAGGING) : []).map((t) => [required(t, 'Key', TAGGING), required(t, 'Value', TAGGING)])),
      ),
    ]);
    return { name, encryption, publicAccessBlocked, tlsOnly, versioning, objectLock, tags };
  } catch (error) {
    if (error instanceof BucketGone) return undefined;
    throw error;
  }
}

/** Judges one setting of each bucket: `test` says what is wrong; a setting not read leaves its bucket unchecked. */
function judge<T>(states: readonly BucketState[], field: (s: BucketState) => Read<T>, test: (value: T, s: BucketState) => string | undefined): Judgement {
  const judged: Judgement = { failures: [], unchecked: [] };
  for (const s of states) {
    const r = field(s);
    if ('unread' in r) judged.unchecked.push({ resource: s.name, found: r.unread });
    else {
      const found = test(r.value, s);
      if (found) judged.failures.push({ resource: s.name, found });
    }
  }
  return judged;
}

/**
 * Every bucket of the region: default KMS or S3 encryption, public access blocked, TLS-only policy;
 * the app's buckets (known by CloudFormation's tags) versioned and locked where declared; and no
 * bucket of the app in another region.
 */
export async function s3Buckets(ctx: CheckContext): Promise<CheckResult[]> {
  const { expected } = ctx;
  const all: Bucket[] = await pageAll(ctx.clients.s3, (ContinuationToken) => new ListBucketsCommand({ MaxBuckets: 1000, ContinuationToken }), {
    items: 'Buckets',
    next: 'ContinuationToken',
  });
  // A bucket without its name cannot be read nor told to be the app's: the listing proves nothing.
  const unnamed = all.filter((b) => !b.Name).length;
  if (unnamed)
    throw new NotChecked('missing-data', `the answer of s3:ListAllMyBuckets (ListBuckets) gave no name for ${unnamed} bucket(s): they cannot be checked`);
  const unplaced = all.filter((b) => !b.BucketRegion);
  if (unplaced.length)
    throw new NotChecked(
      'missing-data',
      `the answer of s3:ListAllMyBuckets (ListBuckets) gave no region for ${unplaced.length} bucket(s), e.g. ${unplaced[0].Name}: residency cannot be judged`,
    );
  const here = all.filter((b) => b.BucketRegion === expected.region);
  const states = (await mapPool(here, ctx.concurrency ?? 16, (b) => stateOf(ctx, b.Name ?? ''))).filter((s): s is BucketState => s !== undefined);
  const declaredAs = (s: BucketState): ExpectedBucket | undefined => {
    const tags = 'value' in s.tags ? s.tags.value : {};
    return expected.buckets.find((d) => d.stack === tags['aws:cloudformation:stack-name'] && d.logicalId === tags['aws:cloudformation:logical-id']);
  };
  const ours = states.filter((s) => declaredAs(s));
  // A bucket whose tags could not be read and whose name is the app's may be one of the app's buckets: not judged either way.
  const maybeOurs = states.filter((s) => 'unread' in s.tags && expected.bucketNamePrefixes.some((p) => s.name.startsWith(p)));
  const appBuckets = (
    test: (value: boolean | string | undefined, d: ExpectedBucket) => string | undefined,
    field: (s: BucketState) => Read<boolean | string | undefined>,
  ) => {
    const judged = judge(ours, field, (v, s) => test(v, declaredAs(s)!));
    maybeOurs.forEach((s) =>
      judged.unchecked.push({
        resource: s.name,
        found: `its tags could not be read, so whether it is the app's is unknown: ${(s.tags as { unread: string }).unread}`,
      }),
    );
    return judged;
  };
  const missing = expected.buckets.filter((d) => !ours.some((s) => declaredAs(s) === d));
  const residency: Judgement = {
    failures: [
      ...(maybeOurs.length ? [] : missing.map((d) => ({ resource: `${d.stack}/${d.logicalId}`, found: `not in ${expected.region}` }))),
      ...all
        .filter((b) => expected.bucketNamePrefixes.some((p) => b.Name?.startsWith(p)) && b.BucketRegion !== expected.region)
        .map((b) => ({ resource: b.Name ?? '?', found: `in ${b.BucketRegion}` })),
    ],
    unchecked: maybeOurs.length
      ? missing.map((d) => ({
          resource: `${d.stack}/${d.logicalId}`,
          found: `not found by its tags; ${maybeOurs.length} bucket(s) of the app's names have tags that could not be read (${maybeOurs.map((s) => s.name).join(', ')})`,
        }))
      : [],
  };
  const n = states.length;
  const some = { expectSome: expected.buckets.length > 0 };
  const ownCount = ours.length + maybeOurs.length;
  return [
    verdict(
      ctx,
      S3_CHECKS[0],
      'every bucket encrypts by default with KMS or S3 keys',
      n,
      'buckets',
      judge(
        states,
        (s) => s.encryption,
        (v) => (['aws:kms', 'aws:kms:dsse', 'AES256'].includes(v ?? '') ? undefined : `default encryption ${v ?? 'none'}`),
      ),
      some,
    ),
    verdict(
      ctx,
      S3_CHECKS[1],
      'every bucket blocks public ACLs and policies (all four settings)',
      n,
      'buckets',
      judge(
        states,
        (s) => s.publicAccessBlocked,
        (v) => (v ? undefined : 'public access not fully blocked'),
      ),
      some,
    ),
    verdict(
      ctx,
      S3_CHECKS[2],
      'every bucket policy denies requests without TLS (aws:SecureTransport false)',
      n,
      'buckets',
      judge(
        states,
        (s) => s.tlsOnly,
        (v) => (v ? undefined : 'no TLS-only statement'),
      ),
      some,
    ),
    verdict(
      ctx,
      S3_CHECKS[3],
      'versioning enabled on every bucket the app declares versioned',
      ownCount,
      'app buckets',
      appBuckets(
        (v, d) => (d.versioned && v !== 'Enabled' ? `versioning ${v ?? 'never enabled'}` : undefined),
        (s) => s.versioning,
      ),
      some,
    ),
    verdict(
      ctx,
      S3_CHECKS[4],
      'Object Lock enabled on every bucket the app declares locked',
      ownCount,
      'app buckets',
      appBuckets(
        (v, d) => (d.objectLock && !v ? 'Object Lock off' : undefined),
        (s) => s.objectLock,
      ),
      some,
    ),
    verdict(
      ctx,
      S3_CHECKS[5],
      `all ${expected.buckets.length} buckets of the app in ${expected.region}, none in another region`,
      expected.buckets.length,
      'app buckets',
      residency,
    ),
  ];
}
