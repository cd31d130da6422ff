import { signObject, type KeyPairFile } from '../crypto/index.ts';
import { expectedFor, StudioError } from '../errors/index.ts';
import { consistencyPath, inclusionPath, rootOf } from './merkle.ts';
import type { Checkpoint } from './protocol.ts';
import type { RegistryStore } from './store/index.ts';

export interface LogReader {
  checkpoint(): Promise<Checkpoint>;
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

/** Reads the append-only log; leaves never change, so it caches them and loads only the new ones. */
export function createLogReader(store: RegistryStore, registryKey: KeyPairFile, now: () => Date): LogReader {
  const leaves: Buffer[] = [];
  const recordIds: { recordId: string; workstationId: string }[] = [];
  const load = async (): Promise<Buffer[]> => {
    const rows = await store.all<{ leaf_hash: string; record_id: string; workstation_id: string }>(
      'SELECT leaf_hash, record_id, workstation_id FROM tlog WHERE leaf_index >= ? ORDER BY leaf_index',
      [leaves.length],
    );
    for (const r of rows) {
      leaves.push(Buffer.from(r.leaf_hash, 'hex'));
      recordIds.push({ recordId: r.record_id, workstationId: r.workstation_id });
    }
    return leaves;
  };
  const sizeCheck = (size: number, available: number): void => {
    if (!Number.isInteger(size) || size < 0 || size > available) {
      throw new StudioError('LOG_SIZE_INVALID', expectedFor(`a number from 0 to ${available}`, 'the tree size', size), {
        size,
        available,
      });
    }
  };
  return {
    checkpoint: async () => {
      const all = await load();
      return signObject(
        {
          format: 'checkpoint/1' as const,
          treeSize: all.length,
          rootHash: rootOf(all).toString('hex'),
          timestamp: now().toISOString(),
          registryKeyId: registryKey.keyId,
        },
        registryKey.privateKeyPem,
      );
    },
    inclusion: async (leafIndex, treeSize) => {
      const all = await load();
      const size = treeSize ?? all.length;
      sizeCheck(size, all.length);
      if (!Number.isInteger(leafIndex) || leafIndex < 0 || leafIndex >= size) {
        throw new StudioError('LOG_LEAF_INVALID', expectedFor(`a number below ${size}`, 'the leaf index', leafIndex), {
          leafIndex,
          size,
        });
      }
      const path = inclusionPath(all.slice(0, size), leafIndex).map((b) => b.toString('hex'));
      const { recordId, workstationId } = recordIds[leafIndex] as { recordId: string; workstationId: string };
      return {
        leafIndex,
        treeSize: size,
        leafHash: (all[leafIndex] as Buffer).toString('hex'),
        recordId,
        workstationId,
        path,
      };
    },
    consistency: async (from, to) => {
      const all = await load();
      sizeCheck(to, all.length);
      sizeCheck(from, to);
      return { from, to, path: consistencyPath(all.slice(0, to), from).map((b) => b.toString('hex')) };
    },
  };
}
