import type { Clock } from '../clock/index.ts';
import { workstationIdOf } from '../ledger/workstationId.ts';
import { createCatalogRepo } from './catalogRepo.ts';
import { createLeaseRepo } from './leaseRepo.ts';
import { createLicencesRepo } from './licencesRepo.ts';
import { createOrgReader } from './orgRepo.ts';
import { openWorkspace, type OpenWorkspaceOptions, type WorkspaceHandle } from './openWorkspace.ts';
import { createShotsRepo } from './shotsRepo.ts';
import { createTrustRepo } from './trustRepo.ts';
import { createTwinsRepo } from './twinsRepo.ts';

/** The studio workspace: one folder with the database, trust anchors, packs, licences, catalog, shots and outputs. */
export function createWorkspace(dir: string, now: Clock, options: OpenWorkspaceOptions = {}) {
  const handle: WorkspaceHandle = openWorkspace(dir, now, options);
  const { db, layout } = handle;
  const trust = createTrustRepo(layout);
  const twins = createTwinsRepo({ db, layout, trust, now });
  const orgId = createOrgReader(db);
  const licences = createLicencesRepo({ db, trust, twins, now, orgId });
  const catalog = createCatalogRepo({ db, layout, now });
  const shots = createShotsRepo({ layout, db });
  const lease = createLeaseRepo({ db, trust, workstationId: workstationIdOf(handle.workstationKey.publicKeyPem) });
  return { ...handle, now, trust, twins, licences, catalog, shots, lease, orgId };
}
export type Workspace = ReturnType<typeof createWorkspace>;
