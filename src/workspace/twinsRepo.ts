import { mkdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { StudioError, toStudioError } from '../errors/index.ts';
import { verifyPack, type PackManifest, type VerifiedPack } from '../twins/index.ts';
import type { Db } from '../storage/index.ts';
import type { WorkspaceLayout } from './layout.ts';
import type { TrustRepo } from './trustRepo.ts';

export interface TwinSummary {
  twinId: string;
  displayName: string;
  ownerName: string;
  consentId: string;
  importedAt: string;
}

/** Imported twin packs live unpacked under twins/<twinId>/ and are verified again every time they are loaded. */
export function createTwinsRepo(deps: { db: Db; layout: WorkspaceLayout; trust: TrustRepo; now: () => Date }) {
  const { db, layout, trust, now } = deps;

  return {
    /** Verifies a pack (folder or .twinpack) and copies it into the workspace; a pack that fails is refused whole. */
    async import(location: string): Promise<TwinSummary> {
      const pack = await verifyPack(location, trust.store());
      const { twinId } = pack.manifest;
      const staging = path.join(layout.tmp, `twin-${twinId}-${process.pid}`);
      rmSync(staging, { recursive: true, force: true });
      for (const file of pack.files.paths()) {
        const target = path.join(staging, ...file.split('/'));
        mkdirSync(path.dirname(target), { recursive: true });
        writeFileSync(target, pack.files.read(file));
      }
      const target = layout.twin(twinId);
      rmSync(target, { recursive: true, force: true });
      renameSync(staging, target);
      const summary: TwinSummary = {
        twinId,
        displayName: pack.manifest.displayName,
        ownerName: pack.manifest.owner.name,
        consentId: pack.manifest.consent.consentId,
        importedAt: now().toISOString(),
      };
      db.prepare(
        `INSERT INTO twins (twin_id, display_name, owner_name, consent_id, manifest_sha256, imported_at) VALUES (@twinId, @displayName, @ownerName, @consentId, @sha, @importedAt)
         ON CONFLICT(twin_id) DO UPDATE SET display_name = excluded.display_name, owner_name = excluded.owner_name, consent_id = excluded.consent_id,
           manifest_sha256 = excluded.manifest_sha256, imported_at = excluded.imported_at`,
      ).run({ ...summary, sha: pack.manifestSha256 });
      return summary;
    },

    list(): TwinSummary[] {
      return db
        .prepare(
          'SELECT twin_id AS twinId, display_name AS displayName, owner_name AS ownerName, consent_id AS consentId, imported_at AS importedAt FROM twins ORDER BY display_name',
        )
        .all() as TwinSummary[];
    },

    has(twinId: string): boolean {
      return db.prepare('SELECT 1 FROM twins WHERE twin_id = ?').get(twinId) !== undefined;
    },

    /** Loads and re-verifies an imported pack; throws PACK_* when it was altered on disk. */
    async load(twinId: string): Promise<VerifiedPack> {
      if (!this.has(twinId))
        throw new StudioError('TWIN_NOT_FOUND', `Twin ${twinId} is not in this workspace; import its pack first`, {
          twinId,
        });
      return verifyPack(layout.twin(twinId), trust.store());
    },

    /** The same as load, as a result the policy gate takes: a tampered pack is a refusal, not a crash. */
    async check(
      twinId: string,
    ): Promise<{ ok: true; pack: VerifiedPack; manifest: PackManifest } | { ok: false; error: StudioError }> {
      try {
        const pack = await this.load(twinId);
        return { ok: true, pack, manifest: pack.manifest };
      } catch (error) {
        return { ok: false, error: toStudioError(error) };
      }
    },
  };
}
export type TwinsRepo = ReturnType<typeof createTwinsRepo>;
