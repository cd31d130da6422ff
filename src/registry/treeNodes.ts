import { StudioError } from '../errors/index.ts';
import { nodeHash, subtreeHashFrom, type SubtreeHash } from './merkle.ts';
import type { SqlRunner } from './store/index.ts';

/**
 * The log's complete subtrees, kept in `tlog_nodes` as they close, so a checkpoint or a proof reads O(log n) rows
 * instead of rehashing every leaf. Level 0 is the leaf itself (`tlog.leaf_hash`); a node of level L covers leaves
 * [index·2^L, (index+1)·2^L) and is keyed by its in-order position, index·2^(L+1) + 2^L − 1 (odd for L ≥ 1).
 * Only levels from STORED_FROM up are kept (one row per 8 leaves instead of one per leaf, so a push writes little
 * more than its leaves); a lower node is hashed from its at most 2^STORED_FROM leaves, read with the rest.
 */
export const STORED_FROM = 4;

export function nodeId(level: number, index: number): number {
  return index * 2 ** (level + 1) + 2 ** level - 1;
}

export interface TreeNode {
  id: number;
  hash: Buffer;
}

/** The right edge of a tree of `size` leaves: the complete subtree closing at each set bit of `size`, by level. */
function frontierNodes(size: number): { level: number; index: number }[] {
  const out: { level: number; index: number }[] = [];
  for (let level = 0; 2 ** level <= size; level++) {
    if (Math.floor(size / 2 ** level) % 2 === 1) out.push({ level, index: Math.floor(size / 2 ** level) - 1 });
  }
  return out;
}

/**
 * The nodes that close when `leaves` are appended to a tree of `size` leaves whose right edge is `frontier`
 * (level → hash); the frontier is updated in place, so successive calls build a tree in batches.
 */
export function closingNodes(size: number, leaves: readonly Buffer[], frontier: Map<number, Buffer>): TreeNode[] {
  const out: TreeNode[] = [];
  leaves.forEach((leaf, offset) => {
    let index = size + offset;
    let level = 0;
    let hash = leaf;
    while (index % 2 === 1) {
      hash = nodeHash(frontier.get(level) as Buffer, hash);
      frontier.delete(level);
      level++;
      index = (index - 1) / 2;
      if (level >= STORED_FROM) out.push({ id: nodeId(level, index), hash });
    }
    frontier.set(level, hash);
  });
  return out;
}

const CHUNK = 500;

/** The wanted subtrees in one round trip per 500 (leaves from `tlog`, inner nodes from `tlog_nodes`), by node id. */
async function fetchNodes(
  db: SqlRunner,
  wanted: readonly { level: number; index: number }[],
): Promise<Map<number, Buffer>> {
  const found = new Map<number, Buffer>();
  const ids = [...new Set(wanted.map((w) => nodeId(w.level, w.index)))];
  const list = (n: number) => Array(n).fill('?').join(', ');
  for (let i = 0; i < ids.length; i += CHUNK) {
    const chunk = ids.slice(i, i + CHUNK);
    const leaves = chunk.filter((id) => id % 2 === 0).map((id) => id / 2);
    const inner = chunk.filter((id) => id % 2 === 1);
    const parts = [
      ...(leaves.length
        ? [`SELECT leaf_index * 2 AS id, leaf_hash AS hash FROM tlog WHERE leaf_index IN (${list(leaves.length)})`]
        : []),
      ...(inner.length ? [`SELECT node_id AS id, hash FROM tlog_nodes WHERE node_id IN (${list(inner.length)})`] : []),
    ];
    const rows = await db.all<{ id: number; hash: string }>(parts.join(' UNION ALL '), [...leaves, ...inner]);
    for (const r of rows) found.set(Number(r.id), Buffer.from(r.hash, 'hex'));
  }
  return found;
}

/**
 * Runs `compute` over the stored tree: once with placeholders to learn which complete subtrees it needs (the walk
 * never depends on hash values), then, after one query per table, with the stored hashes.
 */
export async function withStoredTree<T>(db: SqlRunner, compute: (mth: SubtreeHash) => T): Promise<T> {
  const wanted: { level: number; index: number }[] = [];
  const placeholder = Buffer.alloc(32);
  compute(
    subtreeHashFrom(
      fromStored(
        () => placeholder,
        (level, index) => void wanted.push({ level, index }),
      ),
    ),
  );
  const found = await fetchNodes(db, wanted);
  return compute(subtreeHashFrom(fromStored((level, index) => storedNode(found, level, index))));
}

/** A complete subtree: read when stored (or a leaf), else hashed from the two halves below it. */
function fromStored(
  read: (level: number, index: number) => Buffer,
  note: (level: number, index: number) => void = () => undefined,
): (level: number, index: number) => Buffer {
  const complete = (level: number, index: number): Buffer => {
    if (level === 0 || level >= STORED_FROM) {
      note(level, index);
      return read(level, index);
    }
    return nodeHash(complete(level - 1, 2 * index), complete(level - 1, 2 * index + 1));
  };
  return complete;
}

function storedNode(found: ReadonlyMap<number, Buffer>, level: number, index: number): Buffer {
  const hash = found.get(nodeId(level, index));
  if (!hash)
    throw new StudioError(
      'LOG_NODES_MISSING',
      `Expected the log's stored subtree of level ${level} at ${index}, but the database has none; rebuild the tree nodes`,
      { level, index },
    );
  return hash;
}

/** How many leaves the log holds (leaf positions have no holes: the next one is the count). */
export async function logSize(db: SqlRunner): Promise<number> {
  return Number((await db.get<{ n: number }>('SELECT COALESCE(MAX(leaf_index) + 1, 0) AS n FROM tlog'))?.n ?? 0);
}

/** Stores the nodes that close when `leaves` (hashes) are appended at position `size`; inside the push transaction. */
export async function appendTreeNodes(tx: SqlRunner, size: number, leaves: readonly Buffer[]): Promise<void> {
  if (leaves.length === 0) return;
  const edge = frontierNodes(size);
  const frontier = await withStoredTree(
    tx,
    (mth) => new Map(edge.map(({ level, index }) => [level, mth(index * 2 ** level, (index + 1) * 2 ** level)])),
  );
  await insertTreeNodes(tx, closingNodes(size, leaves, frontier));
}

export async function insertTreeNodes(tx: SqlRunner, nodes: readonly TreeNode[]): Promise<void> {
  for (let i = 0; i < nodes.length; i += CHUNK) {
    const chunk = nodes.slice(i, i + CHUNK);
    await tx.run(
      `INSERT INTO tlog_nodes (node_id, hash) VALUES ${chunk.map(() => '(?, ?)').join(', ')}`,
      chunk.flatMap((n) => [n.id, n.hash.toString('hex')]),
    );
  }
}

/** Recomputes every stored node from the leaves (the migration that adds the table; a repair after a restore). */
export async function rebuildTreeNodes(tx: SqlRunner): Promise<void> {
  await tx.run('DELETE FROM tlog_nodes');
  const frontier = new Map<number, Buffer>();
  for (let size = 0; ;) {
    const rows = await tx.all<{ leaf_hash: string }>(
      'SELECT leaf_hash FROM tlog WHERE leaf_index >= ? ORDER BY leaf_index LIMIT 10000',
      [size],
    );
    if (rows.length === 0) return;
    const leaves = rows.map((r) => Buffer.from(r.leaf_hash, 'hex'));
    await insertTreeNodes(tx, closingNodes(size, leaves, frontier));
    size += leaves.length;
  }
}
