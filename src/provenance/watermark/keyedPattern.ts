import { createHash } from 'node:crypto';
import { CODED_BITS, SYNC_CHIPS, TILE_CHIPS } from './params.ts';

/** The key's chips: where sync and data sit in a 64x64 tile and their ±1 spreading signs. */
export interface KeyedPattern {
  /** ±1 for each of the 4096 tile positions. */
  pn: Int8Array;
  /** 1 where a position carries sync, 0 where it carries data. */
  isSync: Uint8Array;
  /** The coded bit each data position carries (-1 at sync positions). */
  codedBitOf: Int16Array;
}

/** SHA-256 in counter mode: a deterministic byte stream that depends only on the key. */
function keyStream(key: string, bytes: number): Uint8Array {
  const out = new Uint8Array(bytes);
  for (let block = 0, at = 0; at < bytes; block++) {
    const digest = createHash('sha256').update(`${key}\u0000${block}`).digest();
    out.set(digest.subarray(0, Math.min(32, bytes - at)), at);
    at += 32;
  }
  return out;
}

const patterns = new Map<string, KeyedPattern>();

/** The chip pattern of a key (derived once per key and kept: every embed and detection uses it). */
export function keyedPattern(key: string): KeyedPattern {
  let pattern = patterns.get(key);
  if (!pattern) {
    pattern = derivePattern(key);
    if (patterns.size >= 8) patterns.clear();
    patterns.set(key, pattern);
  }
  return pattern;
}

function derivePattern(key: string): KeyedPattern {
  const stream = keyStream(key, TILE_CHIPS / 8 + TILE_CHIPS * 4);
  const pn = new Int8Array(TILE_CHIPS);
  for (let i = 0; i < TILE_CHIPS; i++) pn[i] = ((stream[i >> 3] ?? 0) >> (i & 7)) & 1 ? 1 : -1;

  // Fisher-Yates over the positions; the first SYNC_CHIPS become sync, the rest carry data.
  const order = Array.from({ length: TILE_CHIPS }, (_, i) => i);
  const view = new DataView(stream.buffer, stream.byteOffset + TILE_CHIPS / 8);
  for (let i = TILE_CHIPS - 1; i > 0; i--) {
    const j = view.getUint32((TILE_CHIPS - 1 - i) * 4) % (i + 1);
    const tmp = order[i] ?? 0;
    order[i] = order[j] ?? 0;
    order[j] = tmp;
  }
  const isSync = new Uint8Array(TILE_CHIPS);
  const codedBitOf = new Int16Array(TILE_CHIPS).fill(-1);
  order.forEach((pos, rank) => {
    if (rank < SYNC_CHIPS) isSync[pos] = 1;
    else codedBitOf[pos] = (rank - SYNC_CHIPS) % CODED_BITS;
  });
  return { pn, isSync, codedBitOf };
}
