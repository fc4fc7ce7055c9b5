/** Kebab-case slug of a region's display name: `N. Virginia` is `n-virginia` (stack names `halo-<slug>-<layer>`). */
export function slugOf(name: string): string {
  return name.toLowerCase().replace(/\./g, '').replace(/\s+/g, '-');
}

/** PascalCase Stage name of a region's display name: its letters, `N. Virginia` is `NVirginia`. */
export function stageNameOf(name: string): string {
  return name.replace(/[^A-Za-z]/g, '');
}
