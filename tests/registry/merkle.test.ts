import { describe, expect, it } from 'vitest';
import {
  batchInclusionPathOf,
  consistencyPath,
  consistencyPathOf,
  inclusionPath,
  inclusionPathOf,
  leafHash,
  rootOf,
  subtreeHashFrom,
  verifyBatchInclusion,
  verifyConsistency,
  verifyInclusion,
} from '../../src/registry/merkle.ts';

// The RFC 6962 reference leaves used by certificate-transparency's own tests.
const REFERENCE_LEAVES = [
  '',
  '00',
  '10',
  '2021',
  '3031',
  '40414243',
  '5051525354555657',
  '606162636465666768696a6b6c6d6e6f',
].map((h) => leafHash(Buffer.from(h, 'hex')));

describe('RFC 6962 Merkle tree', () => {
  it('matches the reference roots', () => {
    expect(rootOf([]).toString('hex')).toBe('e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855');
    expect(rootOf(REFERENCE_LEAVES.slice(0, 1)).toString('hex')).toBe(
      '6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d',
    );
    expect(rootOf(REFERENCE_LEAVES).toString('hex')).toBe(
      '5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328',
    );
  });

  const leaves = Array.from({ length: 21 }, (_, i) => leafHash(Buffer.from([i, i * 7])));

  it('proves every leaf in every tree size and refuses a wrong leaf, index or root', () => {
    for (let n = 1; n <= leaves.length; n++) {
      const tree = leaves.slice(0, n);
      const root = rootOf(tree);
      for (let m = 0; m < n; m++) {
        const path = inclusionPath(tree, m);
        expect(verifyInclusion(tree[m] as Buffer, m, n, path, root)).toBe(true);
        expect(verifyInclusion(leafHash(Buffer.from('x')), m, n, path, root)).toBe(false);
        if (n > 1) expect(verifyInclusion(tree[m] as Buffer, (m + 1) % n, n, path, root)).toBe(false);
      }
    }
  });

  it('proves every prefix consistent and refuses a rewritten history', () => {
    for (let n = 1; n <= leaves.length; n++) {
      const tree = leaves.slice(0, n);
      for (let m = 1; m <= n; m++) {
        const proof = consistencyPath(tree, m);
        expect(verifyConsistency(m, n, rootOf(tree.slice(0, m)), rootOf(tree), proof)).toBe(true);
        if (m < n) {
          const rewritten = [...tree.slice(0, m - 1), leafHash(Buffer.from('forged'))];
          expect(verifyConsistency(m, n, rootOf(rewritten), rootOf(tree), proof)).toBe(false);
        }
      }
    }
  });

  it('proves runs of leaves at once, and the stored-subtree walk gives the same paths as the leaves', () => {
    for (let n = 1; n <= leaves.length; n++) {
      const tree = leaves.slice(0, n);
      const root = rootOf(tree);
      const fromNodes = subtreeHashFrom((level, index) =>
        rootOf(tree.slice(index * 2 ** level, (index + 1) * 2 ** level)),
      );
      expect(fromNodes(0, n)).toEqual(root);
      for (let m = 0; m < n; m++) {
        expect(inclusionPathOf(n, m, fromNodes)).toEqual(inclusionPath(tree, m));
        expect(consistencyPathOf(n, m + 1, fromNodes)).toEqual(consistencyPath(tree, m + 1));
      }
      for (const indices of [[0], [n - 1], [...Array(n).keys()], [...Array(n).keys()].filter((i) => i % 3 !== 1)]) {
        const path = batchInclusionPathOf(n, indices, fromNodes);
        const known = new Map(indices.map((i) => [i, tree[i] as Buffer]));
        expect(verifyBatchInclusion(known, n, path, root)).toBe(true);
        const forged = new Map(known).set(indices[0] as number, leafHash(Buffer.from('forged')));
        expect(verifyBatchInclusion(forged, n, path, root)).toBe(false);
        expect(verifyBatchInclusion(known, n, path.slice(1), root)).toBe(indices.length === n && path.length === 0);
        const moved = new Map([...known].map(([i, h]) => [(i + 1) % n, h]));
        if (n > 1) expect(verifyBatchInclusion(moved, n, path, root)).toBe(false);
      }
    }
  });
});
