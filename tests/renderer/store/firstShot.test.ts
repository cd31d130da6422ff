import { describe, expect, it } from 'vitest';
import type { Shot } from '../../../src/contract/index.ts';
import { pickFirstShot } from '../../../renderer/src/store/firstShot.ts';

const shot = (shotId: string) => ({ shotId }) as Shot;
const shots = ['a', 'b', 'refused-1', 'refused-2'].map(shot);
const allowed = (ids: string[]) => async (id: string) => ids.includes(id);

describe('the shot the studio opens with', () => {
  it('is the one open last time when it still exists', async () => {
    expect((await pickFirstShot(shots, 'a', allowed([])))?.shotId).toBe('a');
  });

  it('is otherwise the newest shot the policy gate clears, not a refused one', async () => {
    expect((await pickFirstShot(shots, 'deleted', allowed(['a', 'b'])))?.shotId).toBe('b');
    expect((await pickFirstShot(shots, null, allowed(['a'])))?.shotId).toBe('a');
  });

  it('falls back to the newest when nothing can render, and to nothing when there are no shots', async () => {
    expect((await pickFirstShot(shots, null, allowed([])))?.shotId).toBe('refused-2');
    expect(await pickFirstShot([], 'a', allowed(['a']))).toBeUndefined();
  });
});
