import { IConstruct } from 'constructs';

/** Metadata type under which a known gap is recorded on its construct. */
export const GAP_METADATA = 'halo:gap';

/** A control the platform cannot provide somewhere, and what covers the risk instead. */
export interface Gap {
  /** What is missing, e.g. `Amazon Security Lake`. */
  readonly control: string;
  /** Why it is missing here. */
  readonly reason: string;
  /** What covers the risk instead. */
  readonly compensatingControl: string;
}

/** Records a known gap in the compliance register, with the control that compensates for it. */
export function recordGap(scope: IConstruct, gap: Gap): void {
  for (const [field, text] of Object.entries(gap)) {
    if (typeof text !== 'string' || text.trim().length < 10) throw new Error(`recordGap(${scope.node.path}): ${field} must say it in at least 10 characters`);
  }
  scope.node.addMetadata(GAP_METADATA, gap);
}

/** Every known gap under a construct (usually the App), with where it applies. */
export function gapRegister(root: IConstruct): (Gap & { path: string })[] {
  return root.node.findAll().flatMap((c) => c.node.metadata.filter((m) => m.type === GAP_METADATA).map((m) => ({ ...(m.data as Gap), path: c.node.path })));
}
