import { createHash } from 'node:crypto';

/** RFC 6962 hashing: leaves and nodes are domain-separated so a leaf can never pose as a node. */
export function leafHash(data: Buffer): Buffer {
  return createHash('sha256')
    .update(Buffer.from([0]))
    .update(data)
    .digest();
}

export function nodeHash(left: Buffer, right: Buffer): Buffer {
  return createHash('sha256')
    .update(Buffer.from([1]))
    .update(left)
    .update(right)
    .digest();
}

const EMPTY_ROOT = createHash('sha256').update(Buffer.alloc(0)).digest();

function splitPoint(n: number): number {
  let k = 1;
  while (k * 2 < n) k *= 2;
  return k;
}

/** Merkle tree hash over leaf hashes [lo, hi). */
function mth(leaves: readonly Buffer[], lo: number, hi: number): Buffer {
  const n = hi - lo;
  if (n === 0) return EMPTY_ROOT;
  if (n === 1) return leaves[lo] as Buffer;
  const k = splitPoint(n);
  return nodeHash(mth(leaves, lo, lo + k), mth(leaves, lo + k, hi));
}

export function rootOf(leaves: readonly Buffer[]): Buffer {
  return mth(leaves, 0, leaves.length);
}

/** PATH(m, D[n]) from RFC 6962 §2.1.1, for the tree made of the given leaves. */
export function inclusionPath(leaves: readonly Buffer[], index: number): Buffer[] {
  const walk = (m: number, lo: number, hi: number): Buffer[] => {
    const n = hi - lo;
    if (n <= 1) return [];
    const k = splitPoint(n);
    return m < k
      ? [...walk(m, lo, lo + k), mth(leaves, lo + k, hi)]
      : [...walk(m - k, lo + k, hi), mth(leaves, lo, lo + k)];
  };
  return walk(index, 0, leaves.length);
}

/** PROOF(m, D[n]) from RFC 6962 §2.1.2. */
export function consistencyPath(leaves: readonly Buffer[], m: number): Buffer[] {
  const sub = (m: number, lo: number, hi: number, whole: boolean): Buffer[] => {
    const n = hi - lo;
    if (m === n) return whole ? [] : [mth(leaves, lo, hi)];
    const k = splitPoint(n);
    return m <= k
      ? [...sub(m, lo, lo + k, whole), mth(leaves, lo + k, hi)]
      : [...sub(m - k, lo + k, hi, false), mth(leaves, lo, lo + k)];
  };
  if (m === 0 || m === leaves.length) return [];
  return sub(m, 0, leaves.length, true);
}

/** RFC 9162 §2.1.3.2: does `path` prove leaf `index` in a tree of `size` leaves with `root`? */
export function verifyInclusion(
  leaf: Buffer,
  index: number,
  size: number,
  path: readonly Buffer[],
  root: Buffer,
): boolean {
  if (index >= size) return false;
  let fn = index;
  let sn = size - 1;
  let r = leaf;
  for (const p of path) {
    if (sn === 0) return false;
    if (fn % 2 === 1 || fn === sn) {
      r = nodeHash(p, r);
      if (fn % 2 === 0) {
        while (fn % 2 === 0 && fn !== 0) {
          fn = Math.floor(fn / 2);
          sn = Math.floor(sn / 2);
        }
      }
    } else {
      r = nodeHash(r, p);
    }
    fn = Math.floor(fn / 2);
    sn = Math.floor(sn / 2);
  }
  return sn === 0 && r.equals(root);
}

/** RFC 9162 §2.1.4.2: is the tree of `second` leaves an append-only extension of the tree of `first` leaves? */
export function verifyConsistency(
  first: number,
  second: number,
  firstRoot: Buffer,
  secondRoot: Buffer,
  proof: readonly Buffer[],
): boolean {
  if (first > second) return false;
  if (first === second) return proof.length === 0 && firstRoot.equals(secondRoot);
  if (first === 0) return proof.length === 0;
  const path = (first & (first - 1)) === 0 ? [firstRoot, ...proof] : [...proof];
  if (path.length === 0) return false;
  let fn = first - 1;
  let sn = second - 1;
  while (fn % 2 === 1) {
    fn = Math.floor(fn / 2);
    sn = Math.floor(sn / 2);
  }
  let fr = path[0] as Buffer;
  let sr = path[0] as Buffer;
  for (const c of path.slice(1)) {
    if (sn === 0) return false;
    if (fn % 2 === 1 || fn === sn) {
      fr = nodeHash(c, fr);
      sr = nodeHash(c, sr);
      if (fn % 2 === 0) {
        while (fn % 2 === 0 && fn !== 0) {
          fn = Math.floor(fn / 2);
          sn = Math.floor(sn / 2);
        }
      }
    } else {
      sr = nodeHash(sr, c);
    }
    fn = Math.floor(fn / 2);
    sn = Math.floor(sn / 2);
  }
  return fr.equals(firstRoot) && sr.equals(secondRoot) && sn === 0;
}
