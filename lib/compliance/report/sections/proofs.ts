import { Block, heading, paragraph, plural, table } from '../blocks';
import type { ComplianceReport } from '../model';

/** Permission proofs: one folded table per region, one row per proof. */
export function proofs(report: ComplianceReport): Block[] {
  const failed = report.proofs.filter((p) => !p.passed).length;
  const regions = [...new Set(report.proofs.map((p) => p.region))];
  const nameOf = new Map(report.regions.map((r) => [r.code, r.name]));
  return [
    heading(2, 'Permission proofs'),
    paragraph(
      report.proofsRan
        ? `Every call a service or role must be able to make at run time, and every call that must be refused, declared beside the construct that creates what it touches and evaluated after the synth against the synthesized identity, key, bucket, topic, secret, vault and trust policies with an IAM policy simulator (@cloud-copilot/iam-simulate). ${report.proofs.length} proofs, ${failed} not holding.`
        : 'Not run in this synth (halo:proofs=off): no permission is evidenced.',
    ),
    ...regions.map((region): Block => {
      const own = report.proofs.filter((p) => p.region === region);
      const notHolding = own.filter((p) => !p.passed).length;
      return {
        kind: 'details',
        open: notHolding > 0,
        title: `${nameOf.get(region) ?? region} (${region})`,
        subtitle: `${plural(own.length, 'proof')}, ${notHolding} not holding`,
        blocks: [
          table(
            ['region', 'proof', 'actor', 'action', 'resource', 'request context', 'expected', 'result', 'why'],
            own.map((p) => [
              p.region,
              p.rule,
              p.actor,
              p.action,
              p.resource,
              Object.entries(p.context)
                .map(([k, v]) => `${k}=${Array.isArray(v) ? v.join('|') : String(v)}`)
                .join('; '),
              p.expected,
              p.passed ? p.result : `${p.result.toUpperCase()}: ${p.detail}`,
              p.why,
            ]),
          ),
        ],
      };
    }),
  ];
}
