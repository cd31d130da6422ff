import { signObject, type KeyPairFile } from '../crypto/index.ts';
import { expectedFor, StudioError } from '../errors/index.ts';
import { consistencyPathOf, inclusionPathOf } from './merkle.ts';
import type { Checkpoint } from './protocol.ts';
import type { RegistryStore } from './store/index.ts';
import { logSize, withStoredTree } from './treeNodes.ts';

export interface LogReader {
  checkpoint(): Promise<Checkpoint>;
  /** The tree now (size and root), unsigned: a lease signs it with the rest. */
  head(): Promise<{ treeSize: number; rootHash: string }>;
  inclusion(
    leafIndex: number,
    treeSize?: number,
  ): Promise<{
    leafIndex: number;
    treeSize: number;
    leafHash: string;
    recordId: string;
    workstationId: string;
    path: string[];
  }>;
  consistency(from: number, to: number): Promise<{ from: number; to: number; path: string[] }>;
}

const hex = (b: Buffer): string => b.toString('hex');

/** Reads the append-only log from its stored subtrees: each answer reads O(log n) rows and hashes as many. */
export function createLogReader(store: RegistryStore, registryKey: KeyPairFile, now: () => Date): LogReader {
  const sizeCheck = (size: number, available: number): void => {
    if (!Number.isInteger(size) || size < 0 || size > available) {
      throw new StudioError('LOG_SIZE_INVALID', expectedFor(`a number from 0 to ${available}`, 'the tree size', size), {
        size,
        available,
      });
    }
  };
  const head = async (): Promise<{ treeSize: number; rootHash: string }> => {
    const treeSize = await logSize(store);
    return { treeSize, rootHash: hex(await withStoredTree(store, (mth) => mth(0, treeSize))) };
  };
  return {
    head,
    checkpoint: async () => {
      const { treeSize, rootHash } = await head();
      return signObject(
        {
          format: 'checkpoint/1' as const,
          treeSize,
          rootHash,
          timestamp: now().toISOString(),
          registryKeyId: registryKey.keyId,
        },
        registryKey.privateKeyPem,
      );
    },
    inclusion: async (leafIndex, treeSize) => {
      // Two round trips: the size and the leaf together, then every node the path needs.
      const [available, leaf] = await Promise.all([
        logSize(store),
        // An index past PostgreSQL's INTEGER is refused below, without asking the database.
        leafIndex < 2 ** 31
          ? store.get<{ leaf_hash: string; record_id: string; workstation_id: string }>(
              'SELECT leaf_hash, record_id, workstation_id FROM tlog WHERE leaf_index = ?',
              [leafIndex],
            )
          : undefined,
      ]);
      const size = treeSize ?? available;
      sizeCheck(size, available);
      if (!Number.isInteger(leafIndex) || leafIndex < 0 || leafIndex >= size) {
        throw new StudioError('LOG_LEAF_INVALID', expectedFor(`a number below ${size}`, 'the leaf index', leafIndex), {
          leafIndex,
          size,
        });
      }
      const path = await withStoredTree(store, (mth) => inclusionPathOf(size, leafIndex, mth));
      return {
        leafIndex,
        treeSize: size,
        leafHash: leaf?.leaf_hash ?? '',
        recordId: leaf?.record_id ?? '',
        workstationId: leaf?.workstation_id ?? '',
        path: path.map(hex),
      };
    },
    consistency: async (from, to) => {
      sizeCheck(to, await logSize(store));
      sizeCheck(from, to);
      return { from, to, path: (await withStoredTree(store, (mth) => consistencyPathOf(to, from, mth))).map(hex) };
    },
  };
}
