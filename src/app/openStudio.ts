import os from 'node:os';
import { createLedger, recoverOutputs, type Ledger, type RecoveryReport } from '../ledger/index.ts';
import { createOutputsRepo, type OutputsRepo } from '../outputs/index.ts';
import { createWorkspace, type Workspace } from '../workspace/index.ts';

export interface Studio {
  ws: Workspace;
  ledger: Ledger;
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
 * Opens a workspace with its ledger, and finishes or discards any output commit a crash left half done —
 * before anything else can be committing, since recovery cannot tell a crashed commit from a running one.
 */
export function openStudio(dir: string, options: { now?: () => Date; env?: NodeJS.ProcessEnv; warn?: (line: string) => void } = {}): Studio {
  const now = options.now ?? (() => new Date());
  const ws = createWorkspace(dir, now, options.warn ? { warn: options.warn } : {});
  try {
    const user = signedInUser(options.env ?? process.env);
    const ledger = createLedger({ db: ws.db, workstationKey: ws.workstationKey, user, now });
    const recovery = recoverOutputs({ ledger, outputsDir: ws.layout.outputs });
    const outputs = createOutputsRepo({ db: ws.db, root: ws.dir, now });
    return { ws, ledger, outputs, recovery, user, close: () => ws.close() };
  } catch (error) {
    ws.close();
    throw error;
  }
}
