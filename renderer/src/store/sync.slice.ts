import type { Slice, SyncSlice } from './types.ts';
import { asWire } from './render.slice.ts';

/** Enrolment and "Sync now" from Settings; the status itself (`sync`) is kept current by sync.status events. */
export const createSyncSlice: Slice<SyncSlice> = (set, get, client) => ({
  syncBusy: null,
  enrolError: null,
  async enrol(registryUrl, token) {
    set({ syncBusy: 'enrol', enrolError: null });
    try {
      const status = await client.call('sync.enrol', { registryUrl, token });
      set({ sync: status, syncStatus: { state: 'ready' } });
      get().notify({ tone: 'ok', title: `Enrolled with the registry for ${status.orgId ?? 'your organisation'}` });
      return true;
    } catch (error) {
      set({ enrolError: asWire(error) });
      // The status keeps the refusal with what to do about it (advice).
      await client.call('sync.status', {}).then(
        (status) => set({ sync: status }),
        () => {},
      );
      return false;
    } finally {
      set({ syncBusy: null });
    }
  },
  async syncNow() {
    set({ syncBusy: 'sync' });
    try {
      // A failed round comes back as the status with its lastError: Settings shows it there.
      set({ sync: await client.call('sync.now', {}), syncStatus: { state: 'ready' } });
    } catch (error) {
      get().notify({ tone: 'error', title: 'Could not sync', body: asWire(error).message });
    } finally {
      set({ syncBusy: null });
    }
  },
});
