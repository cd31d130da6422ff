import type { Shot } from '../../../src/contract/index.ts';

/** Where the studio remembers the shot that was open last (per browser profile / Electron session). */
export const LAST_SHOT_KEY = 'twin-studio.lastShot';

/**
 * The shot the studio opens with: the one open last time, else the newest that the policy gate clears,
 * else the newest. A first screen should show work that can render, not a refusal.
 */
export async function pickFirstShot(
  shots: readonly Shot[],
  remembered: string | null,
  canRender: (shotId: string) => Promise<boolean>,
): Promise<Shot | undefined> {
  const last = remembered ? shots.find((s) => s.shotId === remembered) : undefined;
  if (last) return last;
  for (let i = shots.length - 1; i >= 0; i--) {
    if (await canRender(shots[i]!.shotId)) return shots[i];
  }
  return shots[shots.length - 1];
}

export function rememberedShot(): string | null {
  try {
    return globalThis.localStorage?.getItem(LAST_SHOT_KEY) ?? null;
  } catch {
    return null;
  }
}

export function rememberShot(shotId: string): void {
  try {
    globalThis.localStorage?.setItem(LAST_SHOT_KEY, shotId);
  } catch {
    // Storage refused (private window, quota): the next start picks a shot that can render instead.
  }
}
