import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCommands } from '../../src/cli/main.ts';
import { generateKeyPair } from '../../src/crypto/index.ts';
import { createEnrolmentToken, issueLicence, startRegistry, statement } from '../../src/registry/index.ts';
import { createSyncClient, enrolWithRegistry } from '../../src/sync/index.ts';
import { cli } from '../helpers/cli.ts';
import { createMemoryOutbox } from '../helpers/memoryOutbox.ts';
import { createDbFactory, type DbFactory, type DbKind } from '../helpers/registryDbs.ts';
import { testLicenceDraft } from '../helpers/registryLicence.ts';

/** An admin fetches statements over HTTP with a token made by `registry admin-token new`; nobody else can. */
describe.each<DbKind>(['sqlite', 'postgres'])('statements over HTTP (%s)', (kind) => {
  let dbs: DbFactory;
  const commands = createCommands();
  beforeAll(async () => {
    dbs = await createDbFactory(kind);
  });
  afterAll(() => dbs?.dispose());

  it('admin-token new makes a token that `registry statement --url` uses; without it the answer is 401', async () => {
    const db = await dbs.fresh();
    const registry = await startRegistry({ db });
    try {
      await issueLicence(registry.store, registry.registryKey, testLicenceDraft());
      const key = generateKeyPair();
      const { registryPublicKeyPem } = await enrolWithRegistry({
        registryUrl: registry.url,
        enrolmentToken: await createEnrolmentToken(registry.store, { registryKeyId: registry.registryKey.keyId, orgId: 'org-acme' }),
        workstationKey: key,
      });
      const outbox = createMemoryOutbox(key);
      outbox.append({ fee: 1250 });
      await createSyncClient({ outbox, registryUrl: registry.url, workstationKey: key, registryPublicKeyPem, applyChange: () => undefined, now: () => new Date(), sleep: async () => undefined, random: () => 0 }).syncOnce();

      const made = await cli(commands, ['registry', 'admin-token', 'new', '--db', db, '--json']);
      expect(made.code, made.stderr).toBe(0);
      const { token } = made.json<{ token: string }>();
      const fetched = await cli(commands, ['registry', 'statement', '--url', registry.url, '--admin-token', token, '--twin', 'twin-ada', '--json']);
      expect(fetched.code, fetched.stderr).toBe(0);
      expect(fetched.json()).toEqual(JSON.parse(JSON.stringify(await statement(registry.store, 'twin-ada'))));
      expect(fetched.json()).toMatchObject({ images: 1, byCurrency: [{ currency: 'EUR', images: 1, amount: 1250 }] });

      const wrong = await cli(commands, ['registry', 'statement', '--url', registry.url, '--admin-token', 'admin.guess', '--twin', 'twin-ada']);
      expect(wrong.code).toBe(1);
      expect(wrong.stderr).toContain('REGISTRY_UNAUTHENTICATED');
      expect((await fetch(`${registry.url}/v1/statements?twinId=twin-ada`)).status).toBe(401);
    } finally {
      await registry.close();
    }
  });
});
