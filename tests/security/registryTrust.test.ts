import path from 'node:path';
import { fixtureClock, runningFixtureClock } from '../helpers/clock.ts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { licenceStatus } from '../../src/api/licenceStatus.ts';
import { openStudio, type Studio } from '../../src/app/index.ts';
import { applyRegistryChange, createStudioSync, enrolWorkspace, readEnrolment } from '../../src/app/sync.ts';
import { canonicalJson, generateKeyPair, publicPart, sha256Hex } from '../../src/crypto/index.ts';
import type { Licence } from '../../src/licences/index.ts';
import { checkPolicy } from '../../src/policy/index.ts';
import {
  createEnrolmentToken,
  issueLicence,
  listChanges,
  listFlags,
  publishOwnerList,
  revokeLicence,
  rotateRegistryKey,
  startRegistry,
  statement,
  type RunningRegistry,
} from '../../src/registry/index.ts';
import { REGISTRY_MIGRATIONS } from '../../src/registry/store/index.ts';
import { openPostgresStore } from '../../src/registry/store/pgStore.ts';
import { openSqliteStore } from '../../src/registry/store/sqliteStore.ts';
import { enrolWithRegistry } from '../../src/sync/index.ts';
import { signRotation } from '../../src/trust/index.ts';
import type { PackManifest } from '../../src/twins/index.ts';
import {
  licenceDraft,
  makeLicence,
  makePackFolder,
  makeTrust,
  tempDir,
  type TrustFixture,
} from '../helpers/fixtures.ts';
import { createMemoryOutbox } from '../helpers/memoryOutbox.ts';
import { enrolledWorkstation } from '../helpers/enrolledWorkstation.ts';
import { createDbFactory, type DbFactory, type DbKind } from '../helpers/registryDbs.ts';
import { testLicenceDraft } from '../helpers/registryLicence.ts';

const ORG = 'org-brand';

/** A workspace with the registry's owner list and one twin pack, enrolled (or not) with `registry`. */
async function preparedStudio(
  dir: string,
  registry: RunningRegistry,
  trust: TrustFixture,
  options: { enrol: boolean },
): Promise<{ studio: Studio; manifest: PackManifest }> {
  const studio = openStudio(path.join(dir, 'ws'), { now: runningFixtureClock(), env: { TWIN_STUDIO_USER: 'tester' } });
  const manifest = await makePackFolder(path.join(dir, 'pack'), trust.ownerKey);
  if (options.enrol) {
    await enrolWorkspace(studio.ws, {
      registryUrl: registry.url,
      token: await createEnrolmentToken(registry.store, {
        now: fixtureClock,
        registryKeyId: registry.registryKey.keyId,
        orgId: ORG,
      }),
      orgId: ORG,
    });
  } else {
    studio.ws.trust.pinRegistryKey(publicPart(trust.registryKey));
  }
  studio.ws.trust.saveOwnerList(trust.ownerList);
  await studio.ws.twins.import(path.join(dir, 'pack'));
  return { studio, manifest };
}

describe.each<DbKind>(['sqlite', 'postgres'])(
  'trust against a fake registry, a rival organisation and a hostile workstation (%s)',
  (kind) => {
    let dbs: DbFactory;
    const tmp = tempDir('twin-security-');
    let n = 0;
    const scratch = () => path.join(tmp.dir, `case-${++n}`);
    beforeAll(async () => {
      dbs = await createDbFactory(kind);
    });
    afterAll(() => {
      dbs?.dispose();
      tmp.cleanup();
    });

    it('enrolment is bound to the key the token names: a fake registry is refused, nothing is pinned, its licences are refused', async () => {
      const trust = makeTrust();
      const real = await startRegistry({
        now: runningFixtureClock(),
        db: await dbs.fresh(),
        registryKey: trust.registryKey,
      });
      const fake = await startRegistry({ now: runningFixtureClock(), db: await dbs.fresh() });
      const dir = scratch();
      const studio = openStudio(path.join(dir, 'ws'), {
        now: runningFixtureClock(),
        env: { TWIN_STUDIO_USER: 'tester' },
      });
      try {
        const { ws } = studio;
        const token = await createEnrolmentToken(real.store, {
          now: fixtureClock,
          registryKeyId: real.registryKey.keyId,
          orgId: ORG,
        });
        expect(token).toContain(`.${real.registryKey.keyId}.${ORG}.`);
        // The token travelled over plain HTTP: the fake saw it and accepts it as its own.
        await fake.store.write((tx) =>
          tx.run('INSERT INTO enrolment_tokens (token_hash, org_id, created_at) VALUES (?, ?, ?)', [
            sha256Hex(token),
            ORG,
            new Date(0).toISOString(),
          ]),
        );
        await expect(enrolWorkspace(ws, { registryUrl: fake.url, token, orgId: ORG })).rejects.toMatchObject({
          code: 'ENROL_REGISTRY_MISMATCH',
          details: { expected: real.registryKey.keyId, got: fake.registryKey.keyId },
        });
        expect(ws.trust.registryKeys()).toEqual([]);
        expect(readEnrolment(ws)).toBeNull();

        // The genuine registry: only its key is pinned.
        const enrolment = await enrolWorkspace(ws, {
          registryUrl: real.url,
          token: await createEnrolmentToken(real.store, {
            now: fixtureClock,
            registryKeyId: real.registryKey.keyId,
            orgId: ORG,
          }),
        });
        expect(enrolment).toMatchObject({ orgId: ORG, registryKeyId: real.registryKey.keyId });
        expect(ws.trust.registryKeys().map((k) => k.keyId)).toEqual([real.registryKey.keyId]);

        // A workspace that trusts one registry does not start trusting another because a token names it.
        const fakeToken = await createEnrolmentToken(fake.store, {
          now: fixtureClock,
          registryKeyId: fake.registryKey.keyId,
          orgId: ORG,
        });
        await expect(enrolWorkspace(ws, { registryUrl: fake.url, token: fakeToken })).rejects.toMatchObject({
          code: 'ENROL_REGISTRY_MISMATCH',
        });
        expect(ws.trust.registryKeys().map((k) => k.keyId)).toEqual([real.registryKey.keyId]);

        await publishOwnerList(real.store, real.registryKey, trust.ownerList.owners, fixtureClock);
        await createStudioSync(studio).syncOnce();
        const manifest = await makePackFolder(path.join(dir, 'pack'), trust.ownerKey);
        await ws.twins.import(path.join(dir, 'pack'));
        const minted = await issueLicence(
          fake.store,
          fake.registryKey,
          licenceDraft(manifest, { licenceId: 'lic-billion', maxImages: 1_000_000_000 }),
          fixtureClock,
        );
        await expect(ws.licences.import(minted)).rejects.toMatchObject({ code: 'LICENCE_SIGNER_UNKNOWN' });
        expect(ws.licences.list()).toEqual([]);
      } finally {
        studio.close();
        await fake.close();
        await real.close();
      }
    });

    it('the registry key changes only by a rotation the old key signed; enrolled workspaces follow it through the feed', async () => {
      const trust = makeTrust();
      const db = await dbs.fresh();
      let registry = await startRegistry({ now: runningFixtureClock(), db, registryKey: trust.registryKey });
      const dir = scratch();
      const { studio, manifest } = await preparedStudio(dir, registry, trust, { enrol: true });
      let late: Studio | undefined;
      try {
        const oldLicence = await issueLicence(
          registry.store,
          trust.registryKey,
          licenceDraft(manifest, { licenceId: 'lic-old-key' }),
          fixtureClock,
        );
        const { rotation, key } = await rotateRegistryKey(registry.store, fixtureClock);
        expect(rotation).toMatchObject({
          oldKeyId: trust.registryKey.keyId,
          newKey: { keyId: key.keyId },
          registryKeyId: trust.registryKey.keyId,
        });
        const { port } = registry;
        await registry.close();
        registry = await startRegistry({ now: runningFixtureClock(), db, port });
        expect(registry.registryKey.keyId).toBe(key.keyId);
        await issueLicence(
          registry.store,
          registry.registryKey,
          licenceDraft(manifest, { licenceId: 'lic-new-key' }),
          fixtureClock,
        );
        studio.ledger.append({
          kind: 'render',
          twinId: manifest.twinId,
          licenceId: 'lic-new-key',
          shotId: 's1',
          ref: null,
          outputSha256: 'c'.repeat(64),
          use: { channel: 'ecommerce', territory: 'DE' },
          fee: { amount: 3000, currency: 'EUR' },
        });
        // One sync: the rotation arrives first, so the new key's licence, receipts and lease all verify.
        // (A connection kept alive to the stopped server may fail once; the background loop retries the same way.)
        const sync = createStudioSync(studio);
        const result = await sync
          .syncOnce()
          .catch((e: { code?: string }) => (e.code === 'REGISTRY_UNREACHABLE' ? sync.syncOnce() : Promise.reject(e)));
        expect(result).toMatchObject({ pushed: 1 });
        expect(studio.ws.trust.registryKeys().map((k) => k.keyId)).toEqual([trust.registryKey.keyId, key.keyId]);
        expect(readEnrolment(studio.ws)).toMatchObject({ registryKeyId: key.keyId });
        expect(studio.ws.licences.list().map((l) => l.licenceId)).toEqual(['lic-new-key', 'lic-old-key']);
        expect(studio.ws.lease.receipt()).toMatchObject({ registryKeyId: key.keyId });
        // New tokens name the new key; a workspace enrolled now also trusts what the retired key signed.
        expect(
          await createEnrolmentToken(registry.store, {
            now: fixtureClock,
            registryKeyId: registry.registryKey.keyId,
            orgId: ORG,
          }),
        ).toContain(`.${key.keyId}.`);
        late = (await preparedStudio(scratch(), registry, trust, { enrol: true })).studio;
        expect(
          late.ws.trust
            .registryKeys()
            .map((k) => k.keyId)
            .sort(),
        ).toEqual([trust.registryKey.keyId, key.keyId].sort());
        await createStudioSync(late).syncOnce();
        expect(late.ws.licences.list().map((l) => l.licenceId)).toEqual(['lic-new-key', 'lic-old-key']);
        expect(late.ws.licences.get('lic-old-key')).toEqual(oldLicence);
      } finally {
        late?.close();
        studio.close();
        await registry.close();
      }
    });

    it('a token always names an organisation, and the enrollee cannot pick another', async () => {
      const registry = await startRegistry({ now: runningFixtureClock(), db: await dbs.fresh() });
      try {
        const registryKeyId = registry.registryKey.keyId;
        await expect(
          createEnrolmentToken(registry.store, { now: fixtureClock, registryKeyId, orgId: '' }),
        ).rejects.toMatchObject({ code: 'ENROLMENT_ORG_INVALID' });
        const token = await createEnrolmentToken(registry.store, { now: fixtureClock, registryKeyId, orgId: ORG });
        await expect(
          enrolWithRegistry({
            registryUrl: registry.url,
            enrolmentToken: token,
            workstationKey: generateKeyPair(),
            orgId: 'org-rival',
          }),
        ).rejects.toMatchObject({
          code: 'ENROLMENT_ORG_MISMATCH',
        });
        // Straight to the server, bypassing the client's check: the registry refuses too.
        const reply = await fetch(`${registry.url}/v1/enrol`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({
            enrolmentToken: token,
            workstationPublicKey: generateKeyPair().publicKeyPem,
            orgId: 'org-rival',
          }),
        });
        expect(reply.status).toBe(403);
        expect(((await reply.json()) as { error: { code: string } }).error.code).toBe('ENROLMENT_ORG_MISMATCH');
        // A token of the old kind (no org recorded) enrols nobody.
        await registry.store.write((tx) =>
          tx.run('INSERT INTO enrolment_tokens (token_hash, org_id, created_at) VALUES (?, NULL, ?)', [
            sha256Hex('enrol-legacy'),
            new Date(0).toISOString(),
          ]),
        );
        const legacy = await fetch(`${registry.url}/v1/enrol`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({
            enrolmentToken: 'enrol-legacy',
            workstationPublicKey: generateKeyPair().publicKeyPem,
            orgId: 'org-rival',
          }),
        });
        expect(((await legacy.json()) as { error: { code: string } }).error.code).toBe('ENROLMENT_TOKEN_INVALID');
      } finally {
        await registry.close();
      }
    });

    it("another organisation's licence neither arrives, nor imports, nor passes the gate", async () => {
      const trust = makeTrust();
      const registry = await startRegistry({
        now: runningFixtureClock(),
        db: await dbs.fresh(),
        registryKey: trust.registryKey,
      });
      const dir = scratch();
      const { studio, manifest } = await preparedStudio(dir, registry, trust, { enrol: true });
      const late = await preparedStudio(scratch(), registry, trust, { enrol: false });
      try {
        const ours = await issueLicence(
          registry.store,
          trust.registryKey,
          licenceDraft(manifest, { licenceId: 'lic-ours' }),
          fixtureClock,
        );
        const rivals = licenceDraft(manifest, {
          licenceId: 'lic-rival',
          licensee: { orgId: 'org-rival', name: 'Rival AB', brand: 'Rival', productLines: ['womenswear'] },
        });
        const theirs = await issueLicence(registry.store, trust.registryKey, rivals, fixtureClock);
        expect((await listChanges(registry.store, ORG, 0, 100)).changes.map((c) => c.body.licenceId)).toEqual([
          'lic-ours',
        ]);
        await createStudioSync(studio).syncOnce();
        expect(studio.ws.licences.list().map((l) => l.licenceId)).toEqual(['lic-ours']);
        await revokeLicence(registry.store, trust.registryKey, 'lic-rival', 'rival breach', fixtureClock);
        expect(await createStudioSync(studio).syncOnce()).toMatchObject({ changes: 0 });

        await expect(studio.ws.licences.import(theirs)).rejects.toMatchObject({
          code: 'LICENCE_WRONG_ORG',
          details: { licenseeOrgId: 'org-rival', orgId: ORG },
        });

        // Imported before enrolment (no org yet to compare), then enrolled for ORG: the gate refuses it.
        await late.studio.ws.licences.import(
          makeLicence(trust.registryKey, late.manifest, { licenceId: 'lic-rival-2', licensee: rivals.licensee }),
        );
        await enrolWorkspace(late.studio.ws, {
          registryUrl: registry.url,
          token: await createEnrolmentToken(registry.store, {
            now: fixtureClock,
            registryKeyId: trust.registryKey.keyId,
            orgId: ORG,
          }),
          orgId: ORG,
        });
        const pack = { ok: true as const, manifest: late.manifest };
        const status = licenceStatus(late.studio.ws, late.studio.ws.licences.get('lic-rival-2'), pack, {
          imagesUsed: () => 0,
          checkIntegrity: () => ({ ok: true }),
        });
        expect(status.refusal).toMatchObject({ code: 'LICENCE_WRONG_ORG', rule: 'licence for this organisation' });

        const now = new Date(Date.parse(ours.validFrom) + 86_400_000);
        const ask = (licence: Licence, orgId: string) =>
          checkPolicy({
            pack,
            licence,
            trust: late.studio.ws.trust.store(),
            orgId,
            revocations: [],
            withdrawals: [],
            use: { channel: 'ecommerce', territory: 'DE', garmentCategories: [] },
            now,
            imagesUsed: 0,
            ledger: { ok: true },
            lease: { lastCheckInAt: now.toISOString(), graceStartedAt: now.toISOString() },
          });
        expect(ask(theirs, ORG)).toMatchObject({ allowed: false, code: 'LICENCE_WRONG_ORG' });
        expect(ask(theirs, 'org-rival')).toMatchObject({ allowed: true });
        expect(ask(ours, ORG)).toMatchObject({ allowed: true });
      } finally {
        studio.close();
        late.studio.close();
        await registry.close();
      }
    });

    it("the registry refuses usage against another organisation's or an unknown licence, and charges from the signed licence", async () => {
      const trust = makeTrust();
      const registry = await startRegistry({
        now: runningFixtureClock(),
        db: await dbs.fresh(),
        registryKey: trust.registryKey,
        adminToken: 'admin',
      });
      try {
        const manifest = await makePackFolder(path.join(scratch(), 'pack'), trust.ownerKey);
        const twinId = manifest.twinId;
        await issueLicence(
          registry.store,
          trust.registryKey,
          licenceDraft(manifest, { licenceId: 'lic-eur' }),
          fixtureClock,
        );
        await issueLicence(
          registry.store,
          trust.registryKey,
          licenceDraft(manifest, { licenceId: 'lic-usd', fee: { perImage: 700, currency: 'USD' } }),
          fixtureClock,
        );
        await issueLicence(
          registry.store,
          trust.registryKey,
          licenceDraft(manifest, {
            licenceId: 'lic-rival',
            licensee: { orgId: 'org-rival', name: 'R', brand: 'R', productLines: ['womenswear'] },
          }),
          fixtureClock,
        );

        const poacher = await enrolledWorkstation(registry, ORG);
        poacher.outbox.append({ twinId, licenceId: 'lic-rival', fee: 1 });
        await expect(poacher.client().syncOnce()).rejects.toMatchObject({ code: 'SYNC_REJECTED' });
        const forger = await enrolledWorkstation(registry, ORG);
        forger.outbox.append({ twinId, licenceId: 'lic-made-up', fee: 1 });
        await expect(forger.client().syncOnce()).rejects.toMatchObject({ code: 'SYNC_REJECTED' });
        expect((await listFlags(registry.store)).map((f) => [f.kind, f.details.problem])).toEqual([
          ['foreign-licence', 'licence-other-org'],
          ['foreign-licence', 'licence-unknown'],
        ]);

        // Stating a fee of 1 does not make the image cost 1: the licence says 3000 EUR, and USD stays apart.
        const cheap = await enrolledWorkstation(registry, ORG);
        cheap.outbox.append({ twinId, licenceId: 'lic-eur', fee: 1 });
        cheap.outbox.append({ twinId, licenceId: 'lic-usd', fee: 1, currency: 'EUR' });
        expect(await cheap.client().syncOnce()).toMatchObject({ ackedSeq: 2 });
        const s = await statement(registry.store, twinId);
        expect(s).not.toHaveProperty('feeTotal');
        expect(s).toMatchObject({
          images: 2,
          byCurrency: [
            { currency: 'EUR', images: 1, amount: 3000 },
            { currency: 'USD', images: 1, amount: 700 },
          ],
        });
        const viaHttp = await fetch(`${registry.url}/v1/statements?twinId=${twinId}`, {
          headers: { authorization: 'Bearer admin' },
        });
        expect(await viaHttp.json()).toEqual(JSON.parse(JSON.stringify(s)));
      } finally {
        await registry.close();
      }
    });

    it('proofs sync in the chain like every record: no image of the quota, charged by the signed proof terms', async () => {
      const trust = makeTrust();
      const registry = await startRegistry({
        now: runningFixtureClock(),
        db: await dbs.fresh(),
        registryKey: trust.registryKey,
      });
      try {
        const manifest = await makePackFolder(path.join(scratch(), 'pack'), trust.ownerKey);
        const twinId = manifest.twinId;
        await issueLicence(
          registry.store,
          trust.registryKey,
          licenceDraft(manifest, { licenceId: 'lic-free' }),
          fixtureClock,
        );
        await issueLicence(
          registry.store,
          trust.registryKey,
          licenceDraft(manifest, { licenceId: 'lic-billed', proofs: { perDay: 5, billed: true, perProof: 40 } }),
          fixtureClock,
        );
        const ws = await enrolledWorkstation(registry, ORG);
        ws.outbox.append({ twinId, licenceId: 'lic-free', fee: 0, kind: 'proof' });
        ws.outbox.append({ twinId, licenceId: 'lic-free', fee: 3000 });
        // A proof stated as free under billed terms is charged what the licence says (and flagged).
        ws.outbox.append({ twinId, licenceId: 'lic-billed', fee: 0, kind: 'proof' });
        expect(await ws.client().syncOnce()).toMatchObject({ ackedSeq: 3 });
        expect(await statement(registry.store, twinId)).toMatchObject({
          images: 1,
          byCurrency: [{ currency: 'EUR', images: 1, amount: 3040 }],
        });
        expect((await listFlags(registry.store)).map((f) => [f.kind, f.seq])).toEqual([['fee-mismatch', 3]]);
      } finally {
        await registry.close();
      }
    });

    it("usage ids are a workstation's own: another workstation re-using one blocks nobody, a clash of its own is a 409", async () => {
      const trust = makeTrust();
      const registry = await startRegistry({
        now: runningFixtureClock(),
        db: await dbs.fresh(),
        registryKey: trust.registryKey,
      });
      try {
        const manifest = await makePackFolder(path.join(scratch(), 'pack'), trust.ownerKey);
        await issueLicence(
          registry.store,
          trust.registryKey,
          licenceDraft(manifest, { licenceId: 'lic-1' }),
          fixtureClock,
        );
        const use = { twinId: manifest.twinId, licenceId: 'lic-1', fee: 3000 };
        const victim = await enrolledWorkstation(registry, ORG);
        const attacker = await enrolledWorkstation(registry, ORG);
        // The victim rendered offline; the usage id is in the published image's XMP.
        const rendered = victim.outbox.append(use);
        attacker.outbox.append({ ...use, id: rendered.id });
        expect(await attacker.client().syncOnce()).toMatchObject({ ackedSeq: 1 });
        expect(await victim.client().syncOnce()).toMatchObject({ ackedSeq: 1 });

        // A workstation repeating its own id is told which record, with a 409, and others go on syncing.
        victim.outbox.append(use);
        const repeat = victim.outbox.append({ ...use, id: rendered.id });
        await expect(victim.client().syncOnce()).rejects.toMatchObject({
          code: 'REGISTRY_USAGE_ID_CLASH',
          details: { status: 409, id: rendered.id, seq: repeat.seq, existingSeq: rendered.seq },
        });
        expect(victim.outbox.ackedSeq()).toBe(2);
        attacker.outbox.append(use);
        expect(await attacker.client().syncOnce()).toMatchObject({ ackedSeq: 2 });
        const rows = await registry.store.all<{ workstation_id: string }>(
          'SELECT workstation_id FROM usage_records WHERE id = ? ORDER BY workstation_id',
          [rendered.id],
        );
        expect(rows).toHaveLength(2);
      } finally {
        await registry.close();
      }
    });
  },
);

describe('registry key rotation on the workstation', () => {
  const tmp = tempDir('twin-rotation-');
  afterAll(() => tmp.cleanup());

  it('pins a new key only from a rotation record signed by the pinned key it retires', async () => {
    const studio = openStudio(path.join(tmp.dir, 'ws'), {
      now: runningFixtureClock(),
      env: { TWIN_STUDIO_USER: 'tester' },
    });
    try {
      const { ws } = studio;
      const old = generateKeyPair();
      const next = generateKeyPair();
      const stranger = generateKeyPair();
      ws.trust.pinRegistryKey(publicPart(old));
      const at = new Date('2026-03-01T00:00:00Z');
      const apply = (body: object) =>
        applyRegistryChange(ws, { seq: 1, kind: 'rotation', body: body as Record<string, unknown> });

      await expect(apply(signRotation(stranger, publicPart(next), at))).rejects.toMatchObject({
        code: 'ROTATION_SIGNER_UNKNOWN',
      });
      const good = signRotation(old, publicPart(next), at);
      await expect(apply({ ...good, newKey: publicPart(stranger) })).rejects.toMatchObject({
        code: 'ROTATION_TAMPERED',
      });
      await expect(
        apply({ ...good, newKey: { keyId: next.keyId, publicKeyPem: stranger.publicKeyPem } }),
      ).rejects.toMatchObject({ code: 'ROTATION_INVALID' });
      await expect(apply({ ...good, rotatedAt: '2026-03-02T00:00:00Z' })).rejects.toMatchObject({
        code: 'ROTATION_TAMPERED',
      });
      expect(ws.trust.registryKeys().map((k) => k.keyId)).toEqual([old.keyId]);

      await apply(good);
      expect(ws.trust.registryKeys().map((k) => k.keyId)).toEqual([old.keyId, next.keyId]);
    } finally {
      studio.close();
    }
  });
});

describe.each<DbKind>(['sqlite', 'postgres'])('registry schema 1 → current (%s)', (kind) => {
  let dbs: DbFactory;
  beforeAll(async () => {
    dbs = await createDbFactory(kind);
  });
  afterAll(() => dbs?.dispose());

  it('keeps records, log leaves and feed entries, and then lets two workstations share a usage id', async () => {
    const db = await dbs.fresh();
    const trust = makeTrust();
    const old = kind === 'postgres' ? openPostgresStore(db) : openSqliteStore(db);
    const victim = generateKeyPair();
    const record = createMemoryOutbox(victim).append({ licenceId: 'lic-1' });
    const licence = {
      ...testLicenceDraft(),
      registryKeyId: trust.registryKey.keyId,
      signature: 'x',
      issuedAt: '2026-01-01T00:00:00Z',
    };
    try {
      await old.write(async (tx) => {
        for (const statement of (REGISTRY_MIGRATIONS[0] as string).split(';'))
          if (statement.trim()) await tx.run(statement);
        await tx.run('CREATE TABLE registry_schema (domain TEXT PRIMARY KEY, version INTEGER NOT NULL)');
        await tx.run("INSERT INTO registry_schema (domain, version) VALUES ('registry', 1)");
        await tx.run(
          "INSERT INTO workstations (id, public_key_pem, org_id, enrolled_at, acked_seq, head_hash) VALUES (?, ?, 'org-acme', '2026-01-01T00:00:00Z', 1, ?)",
          [record.workstationId, victim.publicKeyPem, record.hash],
        );
        await tx.run(
          `INSERT INTO usage_records (workstation_id, seq, id, body, hash, at, kind, twin_id, licence_id, fee_amount, fee_currency, odd_clock, received_at)
           VALUES (?, 1, ?, ?, ?, ?, 'render', 'twin-ada', 'lic-1', 1250, 'EUR', 0, ?)`,
          [record.workstationId, record.id, canonicalJson(record), record.hash, record.at, record.at],
        );
        await tx.run('INSERT INTO tlog (leaf_index, leaf_hash, record_id) VALUES (0, ?, ?)', [
          'ab'.repeat(32),
          record.id,
        ]);
        await tx.run(
          "INSERT INTO licences (licence_id, twin_id, body, issued_at) VALUES ('lic-1', 'twin-ada', ?, '2026-01-01T00:00:00Z')",
          [JSON.stringify(licence)],
        );
        await tx.run(
          "INSERT INTO changes (seq, kind, ref_id, body, created_at) VALUES (1, 'licence', 'lic-1', ?, '2026-01-01T00:00:00Z')",
          [JSON.stringify(licence)],
        );
      });
    } finally {
      await old.close();
    }
    const registry = await startRegistry({ now: runningFixtureClock(), db, registryKey: trust.registryKey });
    try {
      const version = await registry.store.get<{ version: number }>(
        "SELECT version FROM registry_schema WHERE domain = 'registry'",
      );
      expect(Number(version?.version)).toBe(REGISTRY_MIGRATIONS.length);
      expect(await registry.store.all('SELECT workstation_id, record_id FROM tlog')).toEqual([
        { workstation_id: record.workstationId, record_id: record.id },
      ]);
      expect((await listChanges(registry.store, 'org-acme', 0, 10)).changes.map((c) => c.seq)).toEqual([1]);
      expect((await listChanges(registry.store, 'org-rival', 0, 10)).changes).toEqual([]);
      const other = await enrolledWorkstation(registry, 'org-acme');
      other.outbox.append({ id: record.id, licenceId: 'lic-1' });
      expect(await other.client().syncOnce()).toMatchObject({ ackedSeq: 1 });
      expect(await statement(registry.store, 'twin-ada')).toMatchObject({
        images: 2,
        byCurrency: [{ currency: 'EUR', images: 2, amount: 2500 }],
      });
    } finally {
      await registry.close();
    }
  });
});
