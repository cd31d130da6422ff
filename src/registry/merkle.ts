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

/** The hash of the leaves [lo, hi) of a tree; where it comes from (an array, stored nodes) is the caller's. */
export type SubtreeHash = (lo: number, hi: number) => Buffer;

/** Merkle tree hash over an array of leaf hashes. */
function arrayHash(leaves: readonly Buffer[]): SubtreeHash {
  const mth = (lo: number, hi: number): Buffer => {
    const n = hi - lo;
    if (n === 0) return EMPTY_ROOT;
    if (n === 1) return leaves[lo] as Buffer;
    const k = splitPoint(n);
    return nodeHash(mth(lo, lo + k), mth(lo + k, hi));
  };
  return mth;
}

/**
 * Merkle tree hash over complete subtrees: in RFC 6962's split every left part is a complete subtree of 2^level
 * leaves starting at a multiple of 2^level, so any [lo, hi) of the recursion is at most log2(n) complete nodes.
 */
export function subtreeHashFrom(complete: (level: number, index: number) => Buffer): SubtreeHash {
  const mth = (lo: number, hi: number): Buffer => {
    const n = hi - lo;
    if (n === 0) return EMPTY_ROOT;
    if ((n & (n - 1)) === 0) return complete(Math.log2(n), lo / n);
    const k = splitPoint(n);
    return nodeHash(complete(Math.log2(k), lo / k), mth(lo + k, hi));
  };
  return mth;
}

export function rootOf(leaves: readonly Buffer[]): Buffer {
  return arrayHash(leaves)(0, leaves.length);
}

/** PATH(m, D[n]) from RFC 6962 §2.1.1, for the tree made of the given leaves. */
export function inclusionPath(leaves: readonly Buffer[], index: number): Buffer[] {
  return inclusionPathOf(leaves.length, index, arrayHash(leaves));
}

/** PATH(m, D[size]) with subtree hashes from `mth`. */
export function inclusionPathOf(size: number, index: number, mth: SubtreeHash): Buffer[] {
  const walk = (m: number, lo: number, hi: number): Buffer[] => {
    const n = hi - lo;
    if (n <= 1) return [];
    const k = splitPoint(n);
    return m < k ? [...walk(m, lo, lo + k), mth(lo + k, hi)] : [...walk(m - k, lo + k, hi), mth(lo, lo + k)];
  };
  return walk(index, 0, size);
}

/** PROOF(m, D[n]) from RFC 6962 §2.1.2. */
export function consistencyPath(leaves: readonly Buffer[], m: number): Buffer[] {
  return consistencyPathOf(leaves.length, m, arrayHash(leaves));
}

/** PROOF(m, D[size]) with subtree hashes from `mth`. */
export function consistencyPathOf(size: number, m: number, mth: SubtreeHash): Buffer[] {
  const sub = (m: number, lo: number, hi: number, whole: boolean): Buffer[] => {
    const n = hi - lo;
    if (m === n) return whole ? [] : [mth(lo, hi)];
    const k = splitPoint(n);
    return m <= k
      ? [...sub(m, lo, lo + k, whole), mth(lo + k, hi)]
      : [...sub(m - k, lo + k, hi, false), mth(lo, lo + k)];
  };
  if (m === 0 || m === size) return [];
  return sub(m, 0, size, true);
}

/** Whether any of the sorted indices lies in [lo, hi). */
function anyIn(sorted: readonly number[], lo: number, hi: number): boolean {
  let a = 0;
  let b = sorted.length;
  while (a < b) {
    const mid = (a + b) >> 1;
    if ((sorted[mid] as number) < lo) a = mid + 1;
    else b = mid;
  }
  return a < sorted.length && (sorted[a] as number) < hi;
}

/**
 * Proves many leaves at once (a push's records): the hashes of the largest subtrees that hold none of them, in
 * the order of a left-to-right walk of the tree of `size` leaves. With the leaves themselves, they give the root.
 */
export function batchInclusionPathOf(size: number, indices: readonly number[], mth: SubtreeHash): Buffer[] {
  const sorted = [...indices].sort((a, b) => a - b);
  const out: Buffer[] = [];
  const walk = (lo: number, hi: number): void => {
    if (!anyIn(sorted, lo, hi)) out.push(mth(lo, hi));
    else if (hi - lo > 1) {
      const k = splitPoint(hi - lo);
      walk(lo, lo + k);
      walk(lo + k, hi);
    }
  };
  if (size > 0) walk(0, size);
  return out;
}

/** Does `path` (batchInclusionPathOf) prove that each leaf sits at its index in the tree of `size` leaves with `root`? */
export function verifyBatchInclusion(
  leaves: ReadonlyMap<number, Buffer>,
  size: number,
  path: readonly Buffer[],
  root: Buffer,
): boolean {
  const sorted = [...leaves.keys()].sort((a, b) => a - b);
  if (sorted.length === 0 || (sorted[0] as number) < 0 || (sorted.at(-1) as number) >= size) return false;
  let used = 0;
  const walk = (lo: number, hi: number): Buffer | null => {
    if (!anyIn(sorted, lo, hi)) return used < path.length ? (path[used++] as Buffer) : null;
    if (hi - lo === 1) return leaves.get(lo) as Buffer;
    const k = splitPoint(hi - lo);
    const left = walk(lo, lo + k);
    const right = left && walk(lo + k, hi);
    return left && right ? nodeHash(left, right) : null;
  };
  const computed = walk(0, size);
  return computed !== null && used === path.length && computed.equals(root);
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
