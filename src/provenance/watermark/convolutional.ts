import { CONSTRAINT_LENGTH } from './params.ts';

// Rate-1/2, K=7 code with the standard generators 171 and 133 (octal), zero-terminated.
const G1 = 0o171;
const G2 = 0o133;
const STATES = 1 << (CONSTRAINT_LENGTH - 1);

function parity(x: number): number {
  x ^= x >> 4;
  x ^= x >> 2;
  x ^= x >> 1;
  return x & 1;
}

/** Encodes bits (0/1) followed by K-1 zero tail bits; returns 2 coded bits per input bit. */
export function convEncode(bits: readonly number[]): Uint8Array {
  const input = [...bits, ...new Array<number>(CONSTRAINT_LENGTH - 1).fill(0)];
  const out = new Uint8Array(input.length * 2);
  let reg = 0;
  input.forEach((bit, i) => {
    reg = ((reg << 1) | bit) & 0x7f;
    out[2 * i] = parity(reg & G1);
    out[2 * i + 1] = parity(reg & G2);
  });
  return out;
}

/**
 * Soft-decision Viterbi. `soft[i]` > 0 means coded bit i is more likely 0 (it was sent as +1).
 * Returns the `messageBits` decoded bits (the tail is dropped; the path must end in state 0).
 */
export function viterbiDecode(soft: Float64Array, messageBits: number): number[] {
  const steps = soft.length / 2;
  let metric = new Float64Array(STATES).fill(-Infinity);
  metric[0] = 0;
  const from = new Uint8Array(steps * STATES);
  for (let t = 0; t < steps; t++) {
    const s0 = soft[2 * t] ?? 0;
    const s1 = soft[2 * t + 1] ?? 0;
    const next = new Float64Array(STATES).fill(-Infinity);
    for (let state = 0; state < STATES; state++) {
      const m = metric[state] ?? -Infinity;
      if (m === -Infinity) continue;
      for (let bit = 0; bit < 2; bit++) {
        const reg = (state << 1) | bit;
        const gain = (parity(reg & G1) ? -s0 : s0) + (parity(reg & G2) ? -s1 : s1);
        const ns = reg & (STATES - 1);
        if (m + gain > (next[ns] ?? -Infinity)) {
          next[ns] = m + gain;
          from[t * STATES + ns] = state;
        }
      }
    }
    metric = next;
  }
  const bits = new Array<number>(steps);
  let state = 0;
  for (let t = steps - 1; t >= 0; t--) {
    bits[t] = state & 1;
    state = from[t * STATES + state] ?? 0;
  }
  return bits.slice(0, messageBits);
}
