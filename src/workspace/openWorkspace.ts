import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import {
  generateKeyPair,
  looseModeWarning,
  SECRET_DIR_MODE,
  tightenSecretModes,
  writeKeyPairFile,
  type KeyPairFile,
} from '../crypto/index.ts';
import { StudioError } from '../errors/index.ts';
import type { Clock } from '../clock/index.ts';
import { uuidv7 } from '../ids/uuidv7.ts';
import { migrate, openDatabase, type Db } from '../storage/index.ts';
import { readJsonFile, writeJsonAtomic } from './files.ts';
import { workspaceLayout, type WorkspaceLayout } from './layout.ts';
import { WORKSPACE_MIGRATIONS } from './migrations.ts';

const markerSchema = z
  .object({ format: z.literal('twin-studio-workspace/1'), workspaceId: z.string(), createdAt: z.string() })
  .strict();
const keyFileSchema = z.object({ keyId: z.string(), publicKeyPem: z.string(), privateKeyPem: z.string() }).strict();

export interface WorkspaceHandle {
  dir: string;
  layout: WorkspaceLayout;
  db: Db;
  workspaceId: string;
  createdAt: string;
  workstationKey: KeyPairFile;
  close(): void;
}

export interface OpenWorkspaceOptions {
  /** Where a warning goes (one line): secrets found readable by others, and made private. Default: stderr. */
  warn?: (line: string) => void;
}

/**
 * Opens a workspace folder, creating it (folders, marker, database, workstation key) when it is new.
 * `keys/` is private (0700, its files 0600); a workspace found with looser modes is fixed, with a warning.
 */
export function openWorkspace(dir: string, now: Clock, options: OpenWorkspaceOptions = {}): WorkspaceHandle {
  const layout = workspaceLayout(dir);
  mkdirSync(layout.root, { recursive: true });
  mkdirSync(layout.keys, { recursive: true, mode: SECRET_DIR_MODE });
  for (const folder of [
    layout.trust,
    layout.twins,
    layout.licences,
    layout.garments,
    layout.scenes,
    layout.shots,
    layout.outputs,
    layout.tmp,
  ]) {
    mkdirSync(folder, { recursive: true });
  }
  if (!existsSync(layout.marker)) {
    writeJsonAtomic(layout.marker, {
      format: 'twin-studio-workspace/1',
      workspaceId: uuidv7(now().getTime()),
      createdAt: now().toISOString(),
    });
  }
  const marker = readJsonFile(layout.marker, markerSchema, 'WORKSPACE_INVALID', `The workspace marker of ${dir}`);
  if (!existsSync(layout.workstationKey)) writeKeyPairFile(layout.workstationKey, generateKeyPair());
  const warning = looseModeWarning(dir, tightenSecretModes(layout.keys));
  if (warning) (options.warn ?? ((line: string) => console.warn(line)))(warning);
  const workstationKey = readJsonFile(layout.workstationKey, keyFileSchema, 'WORKSPACE_INVALID', 'The workstation key');
  const db = openDatabase(layout.database);
  migrate(db, 'workspace', WORKSPACE_MIGRATIONS);
  return {
    dir,
    layout,
    db,
    workspaceId: marker.workspaceId,
    createdAt: marker.createdAt,
    workstationKey,
    close: () => db.close(),
  };
}

/** Finds the workspace a path lies in (walking up), for commands given a file inside one. */
export function findEnclosingWorkspace(start: string): string | undefined {
  let dir = path.resolve(start);
  for (;;) {
    if (existsSync(workspaceLayout(dir).marker)) {
      try {
        markerSchema.parse(JSON.parse(readFileSync(workspaceLayout(dir).marker, 'utf8')));
        return dir;
      } catch {
        return undefined;
      }
    }
    const parent = path.dirname(dir);
    if (parent === dir) return undefined;
    dir = parent;
  }
}

export function requireWorkspace(dir: string): void {
  if (!existsSync(workspaceLayout(dir).marker)) {
    throw new StudioError(
      'WORKSPACE_NOT_FOUND',
      `No Twin Studio workspace at ${dir}; run 'twin-studio demo --out ${dir}' or pass --workspace`,
      { dir },
    );
  }
}
