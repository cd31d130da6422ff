import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixtureClock, runningFixtureClock } from '../helpers/clock.ts';
import { createCommands } from '../../src/cli/main.ts';
import { issueLicence, startRegistry, statement } from '../../src/registry/index.ts';
import { cli } from '../helpers/cli.ts';
import { enrolledWorkstation } from '../helpers/enrolledWorkstation.ts';
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
    const registry = await startRegistry({ now: runningFixtureClock(), db });
    try {
      await issueLicence(registry.store, registry.registryKey, testLicenceDraft(), fixtureClock);
      const ws = await enrolledWorkstation(registry);
      ws.outbox.append({ fee: 1250 });
      await ws.client().syncOnce();

      const made = await cli(commands, ['registry', 'admin-token', 'new', '--db', db, '--json']);
      expect(made.code, made.stderr).toBe(0);
      const { token } = made.json<{ token: string }>();
      const fetched = await cli(commands, [
        'registry',
        'statement',
        '--url',
        registry.url,
        '--admin-token',
        token,
        '--twin',
        'twin-ada',
        '--json',
      ]);
      expect(fetched.code, fetched.stderr).toBe(0);
      expect(fetched.json()).toEqual(JSON.parse(JSON.stringify(await statement(registry.store, 'twin-ada'))));
      expect(fetched.json()).toMatchObject({ images: 1, byCurrency: [{ currency: 'EUR', images: 1, amount: 1250 }] });

      const wrong = await cli(commands, [
        'registry',
        'statement',
        '--url',
        registry.url,
        '--admin-token',
        'admin.guess',
        '--twin',
        'twin-ada',
      ]);
      expect(wrong.code).toBe(1);
      expect(wrong.stderr).toContain('REGISTRY_UNAUTHENTICATED');
      expect((await fetch(`${registry.url}/v1/statements?twinId=twin-ada`)).status).toBe(401);
    } finally {
      await registry.close();
    }
  });
});
