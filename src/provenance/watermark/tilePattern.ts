import { convEncode } from './convolutional.ts';
import type { KeyedPattern } from './keyedPattern.ts';
import { messageBits } from './payload.ts';
import { TILE_CHIPS } from './params.ts';

/** The ±1 tile for a payload: sync chips are the key's signs, data chips are signs times the coded bit. */
export function tilePattern(pattern: KeyedPattern, payload: bigint): Float32Array {
  const coded = convEncode(messageBits(payload));
  const tile = new Float32Array(TILE_CHIPS);
  for (let i = 0; i < TILE_CHIPS; i++) {
    const pn = pattern.pn[i] ?? 1;
    const bit = pattern.codedBitOf[i] ?? -1;
    tile[i] = bit < 0 ? pn : coded[bit] ? -pn : pn;
  }
  return tile;
}
