import type { Shot } from '../../../src/contract/index.ts';

/** The parts of a shot two people can change independently; a merge takes each from whoever changed it. */
const PARTS = {
  name: (s: Shot) => s.name,
  scene: (s: Shot) => s.scene,
  twin: (s: Shot) => s.twin.twinId,
  pose: (s: Shot) => s.twin.poseId,
  licence: (s: Shot) => s.twin.licenceId,
  placement: (s: Shot) => s.twin.transform,
  twinHidden: (s: Shot) => s.twin.hidden,
  garments: (s: Shot) => s.garments,
  look: (s: Shot) => s.look,
  output: (s: Shot) => s.output,
  use: (s: Shot) => s.use,
  sku: (s: Shot) => s.sku,
  labels: (s: Shot) => s.labels,
} as const;
export type ShotPart = keyof typeof PARTS;

/** JSON with sorted keys: the same value built in another order (the editor, the server) compares equal. */
function canonical(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) =>
    v && typeof v === 'object' && !Array.isArray(v)
      ? Object.fromEntries(Object.entries(v).sort(([a], [b]) => a.localeCompare(b)))
      : v,
  );
}
const same = (a: unknown, b: unknown): boolean => canonical(a) === canonical(b);

function withPart(shot: Shot, part: ShotPart, from: Shot): Shot {
  const t = from.twin;
  switch (part) {
    case 'twin':
      return { ...shot, twin: { ...shot.twin, twinId: t.twinId } };
    case 'pose':
      return { ...shot, twin: { ...shot.twin, poseId: t.poseId } };
    case 'licence':
      return { ...shot, twin: { ...shot.twin, licenceId: t.licenceId } };
    case 'placement':
      return { ...shot, twin: { ...shot.twin, transform: t.transform } };
    case 'twinHidden':
      return { ...shot, twin: { ...shot.twin, hidden: t.hidden } };
    default:
      return { ...shot, [part]: from[part] };
  }
}

/**
 * A three-way merge of a shot: `base` is the stored version both edits started from, `mine` this window's
 * copy, `theirs` the one stored since. Each part comes from whichever side changed it; a part both changed
 * differently is a conflict, and then there is no merge (the user reloads or keeps theirs or mine whole).
 * The result carries theirs' revision, so saving it replaces exactly what was merged.
 */
export function mergeShots(base: Shot, mine: Shot, theirs: Shot): { shot: Shot; conflicts: ShotPart[] } {
  let shot: Shot = { ...theirs };
  const conflicts: ShotPart[] = [];
  for (const part of Object.keys(PARTS) as ShotPart[]) {
    const of = PARTS[part];
    const mineChanged = !same(of(mine), of(base));
    if (!mineChanged) continue;
    if (!same(of(theirs), of(base)) && !same(of(theirs), of(mine))) conflicts.push(part);
    else shot = withPart(shot, part, mine);
  }
  return { shot: { ...shot, revision: theirs.revision }, conflicts };
}

/** What a render of the shot depends on (not its name, revision, SKU or labels): a proof is stale once this changes. */
export function pictureKey(shot: Shot): string {
  const { revision: _r, name: _n, sku: _s, labels: _l, ...picture } = shot;
  return canonical(picture);
}
