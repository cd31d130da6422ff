import { publicPart, type KeyPairFile } from '../crypto/index.ts';
import { licenceSchema, revocationSchema, withdrawalSchema } from '../licences/index.ts';
import { createTrustStore, ownerListSchema, type OwnerList, type TrustStore } from '../trust/index.ts';
import { issueLicence, publishOwnerList, relayWithdrawal, revokeLicence } from './admin.ts';
import { rememberRegistryKey } from './registryKey.ts';
import type { RegistryStore } from './store/index.ts';

export interface RegistrySeed {
  /** Becomes the registry's signing key; must be the key that signed everything below. */
  registryKey: KeyPairFile;
  ownerList: OwnerList;
  licences: unknown[];
  revocations: unknown[];
  withdrawals: unknown[];
}

/**
 * Fills a fresh registry database with records signed elsewhere (the demo's), through the registry's own
 * admin functions so the change feed carries them. Licences keep their ids and issue times (Ed25519 is
 * deterministic, so they re-sign byte-identical); revocations and withdrawals are re-published at their
 * original times under registry-made ids.
 */
export async function seedRegistry(store: RegistryStore, seed: RegistrySeed): Promise<void> {
  const { registryKey } = seed;
  const at = (iso: string) => () => new Date(iso);
  await rememberRegistryKey(store, registryKey, at(seed.ownerList.issuedAt));
  await publishOwnerList(store, registryKey, seed.ownerList.owners, at(seed.ownerList.issuedAt));
  for (const raw of seed.licences) {
    const { registryKeyId: _k, signature: _s, ...draft } = licenceSchema.parse(raw);
    await issueLicence(store, registryKey, draft, at(draft.issuedAt));
  }
  for (const raw of seed.revocations) {
    const revocation = revocationSchema.parse(raw);
    await revokeLicence(store, registryKey, revocation.licenceId, revocation.reason, at(revocation.revokedAt));
  }
  for (const raw of seed.withdrawals) {
    const w = withdrawalSchema.parse(raw);
    await relayWithdrawal(
      store,
      registryKey,
      { twinId: w.twinId, consentId: w.consentId, reason: w.reason },
      at(w.withdrawnAt),
    );
  }
}

/** The newest owner list the registry published, if any. */
export async function latestOwnerList(store: RegistryStore): Promise<OwnerList | undefined> {
  const row = await store.get<{ body: string }>(
    "SELECT body FROM changes WHERE kind = 'owners' ORDER BY seq DESC LIMIT 1",
  );
  return row ? ownerListSchema.parse(JSON.parse(row.body)) : undefined;
}

/** What the registry itself trusts: its own key and its newest owner list (to check packs before issuing). */
export async function registryTrustStore(store: RegistryStore, registryKey: KeyPairFile): Promise<TrustStore> {
  const list = await latestOwnerList(store);
  return createTrustStore({ registryKeys: [publicPart(registryKey)], ownerLists: list ? [list] : [] });
}
