import sharp from 'sharp';

/** A synthetic mannequin (no real person): an SVG figure and its COCO-17 keypoints, in the image's pixels. */
export interface Figure {
  width: number;
  height: number;
  keypoints: Record<string, { x: number; y: number }>;
}

export function mannequinKeypoints(armSpread: number): Figure['keypoints'] {
  const cx = 200;
  return {
    nose: { x: cx, y: 105 },
    left_eye: { x: cx + 12, y: 92 },
    right_eye: { x: cx - 12, y: 92 },
    left_ear: { x: cx + 30, y: 98 },
    right_ear: { x: cx - 30, y: 98 },
    left_shoulder: { x: cx + 70, y: 215 },
    right_shoulder: { x: cx - 70, y: 215 },
    left_elbow: { x: cx + 90 + armSpread * 0.5, y: 380 },
    right_elbow: { x: cx - 90 - armSpread * 0.5, y: 380 },
    left_wrist: { x: cx + 95 + armSpread, y: 530 },
    right_wrist: { x: cx - 95 - armSpread, y: 530 },
    left_hip: { x: cx + 45, y: 520 },
    right_hip: { x: cx - 45, y: 520 },
    left_knee: { x: cx + 40, y: 740 },
    right_knee: { x: cx - 40, y: 740 },
    left_ankle: { x: cx + 38, y: 945 },
    right_ankle: { x: cx - 38, y: 945 },
  };
}

const line = (a: { x: number; y: number }, b: { x: number; y: number }, w: number) =>
  `<line x1="${a.x}" y1="${a.y}" x2="${b.x}" y2="${b.y}" stroke="url(#skin)" stroke-width="${w}" stroke-linecap="round"/>`;

export async function mannequinPng(armSpread: number): Promise<{ png: Buffer; figure: Figure }> {
  const k = mannequinKeypoints(armSpread);
  const p = (n: string) => k[n]!;
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="400" height="1000">
  <defs><linearGradient id="skin" x1="0" x2="1"><stop offset="0" stop-color="#b9a594"/><stop offset="0.5" stop-color="#e3d3c4"/><stop offset="1" stop-color="#a8927f"/></linearGradient></defs>
  ${line(p('left_shoulder'), p('left_elbow'), 44)}${line(p('left_elbow'), p('left_wrist'), 36)}
  ${line(p('right_shoulder'), p('right_elbow'), 44)}${line(p('right_elbow'), p('right_wrist'), 36)}
  ${line(p('left_hip'), p('left_knee'), 70)}${line(p('left_knee'), p('left_ankle'), 52)}
  ${line(p('right_hip'), p('right_knee'), 70)}${line(p('right_knee'), p('right_ankle'), 52)}
  <path d="M130 200 Q200 180 270 200 L262 420 Q255 470 250 540 L150 540 Q145 470 138 420 Z" fill="url(#skin)"/>
  <rect x="182" y="140" width="36" height="60" rx="14" fill="url(#skin)"/>
  <ellipse cx="200" cy="100" rx="46" ry="58" fill="url(#skin)"/>
  <ellipse cx="${p('left_ankle').x + 8}" cy="962" rx="34" ry="14" fill="#8f7b6b"/>
  <ellipse cx="${p('right_ankle').x - 8}" cy="962" rx="34" ry="14" fill="#8f7b6b"/>
</svg>`;
  const png = await sharp(Buffer.from(svg)).png().toBuffer();
  return { png, figure: { width: 400, height: 1000, keypoints: k } };
}

/** A flat T-shirt cut-out with the body points it covers. */
export async function topPng(
  colour: string,
): Promise<{ png: Buffer; width: number; height: number; keypoints: Record<string, { x: number; y: number }> }> {
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="320" height="360">
  <path d="M95 10 Q160 40 225 10 L300 60 L280 150 L245 135 L240 350 L80 350 L75 135 L40 150 L20 60 Z" fill="${colour}" stroke="rgba(0,0,0,0.25)" stroke-width="3"/>
  <path d="M120 14 Q160 50 200 14" fill="none" stroke="rgba(0,0,0,0.3)" stroke-width="4"/></svg>`;
  return {
    png: await sharp(Buffer.from(svg)).png().toBuffer(),
    width: 320,
    height: 360,
    keypoints: {
      left_shoulder: { x: 230, y: 30 },
      right_shoulder: { x: 90, y: 30 },
      left_hip: { x: 205, y: 335 },
      right_hip: { x: 115, y: 335 },
    },
  };
}

export async function trousersPng(
  colour: string,
): Promise<{ png: Buffer; width: number; height: number; keypoints: Record<string, { x: number; y: number }> }> {
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="220" height="460">
  <path d="M20 10 L200 10 L210 450 L130 450 L110 120 L90 450 L10 450 Z" fill="${colour}" stroke="rgba(0,0,0,0.3)" stroke-width="3"/></svg>`;
  return {
    png: await sharp(Buffer.from(svg)).png().toBuffer(),
    width: 220,
    height: 460,
    keypoints: {
      left_hip: { x: 155, y: 20 },
      right_hip: { x: 65, y: 20 },
      left_knee: { x: 160, y: 230 },
      right_knee: { x: 60, y: 230 },
      left_ankle: { x: 170, y: 440 },
      right_ankle: { x: 50, y: 440 },
    },
  };
}

export async function scenePng(
  width: number,
  height: number,
  floorY: number,
  wall: string,
  floor: string,
): Promise<Buffer> {
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}">
  <defs><radialGradient id="w" cx="0.5" cy="0.4" r="0.8"><stop offset="0" stop-color="${wall}"/><stop offset="1" stop-color="#3a3a40"/></radialGradient>
  <linearGradient id="f" x1="0" y1="0" x2="0" y2="1"><stop offset="0" stop-color="${floor}"/><stop offset="1" stop-color="#2a2a2e"/></linearGradient></defs>
  <rect width="${width}" height="${floorY}" fill="url(#w)"/><rect y="${floorY}" width="${width}" height="${height - floorY}" fill="url(#f)"/></svg>`;
  return sharp(Buffer.from(svg)).jpeg({ quality: 88 }).toBuffer();
}
