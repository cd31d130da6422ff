import { f, linearGradient, radialGradient, v } from './svg.ts';

/** Seamless-paper studio backdrops: a wall that curves into the floor, lit from the upper left. */

export type StudioColours = { wallTop: string; wall: string; floor: string; floorNear: string; shade: string };

export const W = 1024;
export const H = 1536;
export const FLOOR_Y = Math.round(H * 0.93);

export function studioSvg(c: StudioColours, grainHref: string): string {
  const defs = [
    linearGradient('wall', v(0, 0), v(0, H), [
      [0, c.wallTop],
      [0.45, c.wall],
      [0.66, c.wall],
      [0.78, c.floor],
      [0.93, c.floor],
      [1, c.floorNear],
    ]),
    radialGradient('pool', v(W * 0.44, H * 0.52), H * 0.55, [
      [0, '#ffffff', 0.34],
      [0.5, '#ffffff', 0.12],
      [1, '#ffffff', 0],
    ]),
    radialGradient('vignette', v(W / 2, H * 0.55), H * 0.78, [
      [0.55, c.shade, 0],
      [1, c.shade, 0.5],
    ]),
    linearGradient('sweep', v(0, H * 0.66), v(0, H * 0.8), [
      [0, c.shade, 0],
      [0.45, c.shade, 0.12],
      [1, c.shade, 0],
    ]),
    radialGradient('floorPool', v(0, 0), 1, [
      [0, '#ffffff', 0.2],
      [1, '#ffffff', 0],
    ]),
    `<pattern id="paper" patternUnits="userSpaceOnUse" width="128" height="128"><image width="128" height="128" href="${grainHref}"/></pattern>`,
  ];
  // The floor's light falls off towards the camera; a broad soft pool sits where the twin will stand.
  const floorPool = `<ellipse cx="0" cy="0" rx="1" ry="1" fill="url(#floorPool)" transform="translate(${W * 0.5} ${FLOOR_Y}) scale(${W * 0.5} ${H * 0.08})"/>`;
  return (
    `<defs>${defs.join('')}</defs>` +
    `<rect width="${W}" height="${H}" fill="url(#wall)"/>` +
    `<rect width="${W}" height="${H}" fill="url(#sweep)"/>` +
    `<rect width="${W}" height="${H}" fill="url(#pool)"/>` +
    floorPool +
    `<rect width="${W}" height="${H}" fill="url(#paper)" opacity="0.05"/>` +
    `<rect width="${f(W)}" height="${f(H)}" fill="url(#vignette)"/>`
  );
}
