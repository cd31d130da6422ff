import os from 'node:os';
import path from 'node:path';
import type { Clock } from '../clock/index.ts';
import {
  createCommitJournal,
  createLedger,
  createOwnerLock,
  recoverCommits,
  type CommitJournal,
  type Ledger,
  type OwnerLock,
  type RecoveryReport,
} from '../ledger/index.ts';
import { createOutputsRepo, type OutputsRepo } from '../outputs/index.ts';
import { createWorkspace, type Workspace } from '../workspace/index.ts';

export interface Studio {
  ws: Workspace;
  ledger: Ledger;
  /** Output commits in progress, owned by this studio while it is open (every render commits through it). */
  commits: CommitJournal;
  outputs: OutputsRepo;
  /** What output recovery found when the studio opened (finished or discarded commits of a crashed run). */
  recovery: RecoveryReport;
  /** Who is signed in: goes into every usage record and is the default reviewer. */
  user: string;
  close(): void;
}

function signedInUser(env: NodeJS.ProcessEnv): string {
  if (env.TWIN_STUDIO_USER) return env.TWIN_STUDIO_USER;
  try {
    return os.userInfo().username || 'studio';
  } catch {
    return 'studio';
  }
}

/**
 * Opens a workspace with its ledger, and finishes or discards any output commit a crashed process left half done,
 * wherever its file was headed. Other processes may be rendering into the same workspace meanwhile: recovery
 * leaves alone every commit whose owner is alive (ownerLock.ts).
 */
export function openStudio(
  dir: string,
  options: { now: Clock; env: NodeJS.ProcessEnv; warn?: (line: string) => void },
): Studio {
  const { now } = options;
  const ws = createWorkspace(dir, now, options.warn ? { warn: options.warn } : {});
  let lock: OwnerLock | undefined;
  try {
    const user = signedInUser(options.env);
    const ledger = createLedger({ db: ws.db, workstationKey: ws.workstationKey, user, now });
    const outputs = createOutputsRepo({ db: ws.db, root: ws.dir, now });
    const locksDir = path.join(ws.layout.tmp, 'owners');
    lock = createOwnerLock(locksDir);
    const commits = createCommitJournal({ db: ws.db, ledger, owner: lock.token, now });
    const recovery = recoverCommits({ ledger, journal: commits, locksDir, scanDirs: [ws.layout.outputs] });
    const held = lock;
    const close = (): void => {
      try {
        ws.close();
      } finally {
        held.release();
      }
    };
    return { ws, ledger, commits, outputs, recovery, user, close };
  } catch (error) {
    ws.close();
    lock?.release();
    throw error;
  }
}
