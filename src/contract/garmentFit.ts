/**
 * The body keypoints a garment covers, from its landmarks (garment/1 and the fit speak COCO names). A pair of
 * landmarks stands for the joint between them: a cuff for the wrist, a leg hem for the ankle; the waist stands in for
 * a hip the garment has no landmark for. Pure: the core writes garment.json with it, the studio previews the fit.
 */
type P = { x: number; y: number };

const mid = (a?: P, b?: P): P | undefined => (a && b ? { x: (a.x + b.x) / 2, y: (a.y + b.y) / 2 } : (a ?? b));

export function keypointsFromLandmarks(l: Partial<Record<string, P>>): Record<string, P> {
  const k: Record<string, P | undefined> = {
    left_shoulder: l.left_shoulder,
    right_shoulder: l.right_shoulder,
    left_elbow: l.left_elbow,
    right_elbow: l.right_elbow,
    left_wrist: mid(l.left_cuff_outer, l.left_cuff_inner),
    right_wrist: mid(l.right_cuff_outer, l.right_cuff_inner),
    left_hip: l.left_hip ?? l.left_waist,
    right_hip: l.right_hip ?? l.right_waist,
    left_knee: l.left_knee,
    right_knee: l.right_knee,
    left_ankle: mid(l.left_leg_hem_outer, l.left_leg_hem_inner),
    right_ankle: mid(l.right_leg_hem_outer, l.right_leg_hem_inner),
  };
  return Object.fromEntries(Object.entries(k).filter((e): e is [string, P] => e[1] !== undefined));
}
