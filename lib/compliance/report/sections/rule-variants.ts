// The HIPAA, PCI DSS and NIST packs run the same rule under three names; the report lists it once with its packs.
const VARIANT = /^(HIPAA\.Security|PCI\.DSS\.321|NIST\.800\.53\.R5)-(.+)$/;

/** Rule ids with their pack variants merged: `S3BucketLoggingEnabled (HIPAA.Security, PCI.DSS.321)`, `AwsSolutions-IAM5 ([Resource::*], ...)`. */
export function mergeRuleVariants(rules: readonly string[], maxVariants = Infinity): string[] {
  const byBase = new Map<string, string[]>();
  for (const rule of new Set(rules)) {
    const variant = VARIANT.exec(rule);
    const qualified = /^(.*?)(\[.*\])$/.exec(rule);
    const [base, which] = variant ? [variant[2], variant[1]] : qualified ? [qualified[1], qualified[2]] : [rule, ''];
    byBase.set(base, [...(byBase.get(base) ?? []), ...(which ? [which] : [])]);
  }
  return [...byBase]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([base, variants]) => {
      if (variants.length === 0) return base;
      const shown = variants.length > maxVariants ? `${variants.length} variants` : variants.sort().join(', ');
      return `${base} (${shown})`;
    });
}
