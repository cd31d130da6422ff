import type { Clock } from '../clock/index.ts';
import { createCatalogRepo } from './catalogRepo.ts';
import { createLeaseRepo } from './leaseRepo.ts';
import { createLicencesRepo } from './licencesRepo.ts';
import { openWorkspace, type WorkspaceHandle } from './openWorkspace.ts';
import { createShotsRepo } from './shotsRepo.ts';
import { createTrustRepo } from './trustRepo.ts';
import { createTwinsRepo } from './twinsRepo.ts';

/** The studio workspace: one folder with the database, trust anchors, packs, licences, catalog, shots and outputs. */
export function createWorkspace(dir: string, now: Clock) {
  const handle: WorkspaceHandle = openWorkspace(dir, now);
  const { db, layout } = handle;
  const trust = createTrustRepo(layout);
  const twins = createTwinsRepo({ db, layout, trust, now });
  const licences = createLicencesRepo({ db, trust, twins, now });
  const catalog = createCatalogRepo({ db, layout, now });
  const shots = createShotsRepo({ layout, db });
  const lease = createLeaseRepo({ db });
  return { ...handle, now, trust, twins, licences, catalog, shots, lease };
}
export type Workspace = ReturnType<typeof createWorkspace>;
