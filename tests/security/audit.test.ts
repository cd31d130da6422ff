import path from 'node:path';
import { fixtureClock, runningFixtureClock } from '../helpers/clock.ts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCommands } from '../../src/cli/main.ts';
import { generateKeyPair } from '../../src/crypto/index.ts';
import { issueLicence, rebuildTreeNodes, startRegistry, type RunningRegistry } from '../../src/registry/index.ts';
import { cli } from '../helpers/cli.ts';
import { tempDir } from '../helpers/fixtures.ts';
import { enrolledWorkstation } from '../helpers/enrolledWorkstation.ts';
import { createDbFactory, type DbFactory, type DbKind } from '../helpers/registryDbs.ts';
import { testLicenceDraft } from '../helpers/registryLicence.ts';

/** A workstation of a licensed organisation: `push(n)` seals n records and syncs them. */
async function licensedPusher(registry: RunningRegistry): Promise<(n: number) => Promise<void>> {
  await issueLicence(registry.store, registry.registryKey, testLicenceDraft(), fixtureClock);
  const ws = await enrolledWorkstation(registry);
  return async (n) => {
    for (let i = 0; i < n; i++) ws.outbox.append();
    await ws.client().syncOnce();
  };
}

/** `registry audit` pins the registry key and keeps the last checkpoint: truncation and rewrites are caught. */
describe.each<DbKind>(['sqlite', 'postgres'])('registry audit with a pinned key and a kept checkpoint (%s)', (kind) => {
  let dbs: DbFactory;
  const tmp = tempDir('twin-audit-');
  const commands = createCommands();
  beforeAll(async () => {
    dbs = await createDbFactory(kind);
  });
  afterAll(() => {
    dbs?.dispose();
    tmp.cleanup();
  });

  it('refuses another key, proves consistency with the kept checkpoint, and catches a removed leaf and a rewrite', async () => {
    const db = await dbs.fresh();
    let registry: RunningRegistry = await startRegistry({ now: runningFixtureClock(), db });
    const state = path.join(tmp.dir, `${kind}-audit.json`);
    const audit = (...extra: string[]) =>
      cli(commands, ['registry', 'audit', '--url', registry.url, '--json', ...extra]);
    try {
      const push = await licensedPusher(registry);
      await push(5);

      // `--key-id=ID`: a key id may start with "-" (base64url), which a separate argument would read as a flag.
      const wrongKey = await audit(`--key-id=${generateKeyPair().keyId}`, '--state', state);
      expect(wrongKey.code, wrongKey.stderr).toBe(1);
      expect(wrongKey.stderr).toContain('not the pinned');
      const first = await audit(`--key-id=${registry.registryKey.keyId}`, '--state', state);
      expect(first.code, first.stderr).toBe(0);
      await push(2);
      const second = await audit('--state', state);
      expect(second.code, second.stderr).toBe(0);
      expect(second.json()).toMatchObject({ ok: true, consistencyChecked: true, checkpoint: { treeSize: 7 } });

      // Leaf 0 deleted and the rest renumbered, behind the registry's back.
      await registry.close();
      const { store } = (registry = await startRegistry({ now: runningFixtureClock(), db }));
      await store.write(async (tx) => {
        await tx.run('DELETE FROM tlog WHERE leaf_index = 0');
        await tx.run('UPDATE tlog SET leaf_index = -leaf_index');
        await tx.run('UPDATE tlog SET leaf_index = -leaf_index - 1');
        await rebuildTreeNodes(tx); // a careful operator makes the stored tree agree with the leaves
      });
      await registry.close();
      registry = await startRegistry({ now: runningFixtureClock(), db });
      const shrunk = await audit('--state', state);
      expect(shrunk.code).toBe(1);
      expect(shrunk.stderr).toContain('the log shrank from 7 leaves');

      // The same size again, with a made-up leaf at the end: the history no longer extends the checkpoint.
      await registry.store.write(async (tx) => {
        await tx.run(
          "INSERT INTO tlog (leaf_index, leaf_hash, workstation_id, record_id) VALUES (6, ?, 'ws-x', 'r-x')",
          ['ab'.repeat(32)],
        );
        await rebuildTreeNodes(tx);
      });
      await registry.close();
      registry = await startRegistry({ now: runningFixtureClock(), db });
      const rewritten = await audit('--state', state);
      expect(rewritten.code).toBe(1);
      expect(rewritten.stderr).toContain('history was rewritten');
    } finally {
      await registry.close();
    }
  });

  it('catches a leaf rewritten in place, and the fork that grows from it, signed by the pinned key', async () => {
    const db = await dbs.fresh();
    const registry = await startRegistry({ now: runningFixtureClock(), db });
    const state = path.join(tmp.dir, `${kind}-fork.json`);
    const audit = (...extra: string[]) =>
      cli(commands, ['registry', 'audit', '--url', registry.url, '--json', '--state', state, ...extra]);
    try {
      const push = await licensedPusher(registry);
      await push(6);
      const seen = await audit(`--key-id=${registry.registryKey.keyId}`);
      expect(seen.code, seen.stderr).toBe(0);
      // Leaf 4 now says something else (the tree recomputed to match), and the log goes on growing from there:
      // every later checkpoint is signed and every inclusion proof holds, but not for the history the auditor saw.
      await registry.store.write(async (tx) => {
        await tx.run('UPDATE tlog SET leaf_hash = ? WHERE leaf_index = 4', ['cd'.repeat(32)]);
        await rebuildTreeNodes(tx);
      });
      const rewritten = await audit();
      expect(rewritten.code).toBe(1);
      expect(rewritten.stderr).toContain('the log at 6 is not an extension of the checkpoint at 6');
      // The workstation that saw the old log refuses the receipt (its records are stored and the log grows all the
      // same); a workstation enrolled later, which never saw the old history, would accept it.
      await expect(push(5)).rejects.toMatchObject({ code: 'SYNC_LOG_INCONSISTENT' });
      const forked = await audit();
      expect(forked.code).toBe(1);
      expect(forked.stderr).toContain('the log at 11 is not an extension of the checkpoint at 6');
      // The state keeps the checkpoint that verified: the fork stays visible at every later audit.
      await expect(push(1)).rejects.toMatchObject({ code: 'SYNC_LOG_INCONSISTENT' });
      expect((await audit()).code).toBe(1);
    } finally {
      await registry.close();
    }
  });
});
