import { existsSync } from 'node:fs';
import { openStudio, recoveryLines, type Studio } from '../app/index.ts';
import { findEnclosingWorkspace, requireWorkspace, resolveWorkspaceDir } from '../workspace/index.ts';
import { stringFlag, type CommandContext } from './command.ts';

/**
 * The workspace a command works in: --workspace, else the workspace a given path lies in,
 * else TWIN_STUDIO_HOME, else the OS default.
 */
export function workspaceDirFor(ctx: CommandContext, nearPath?: string): string {
  const flag = stringFlag(ctx, 'workspace');
  if (flag) return resolveWorkspaceDir(flag, ctx.io.env);
  const enclosing = nearPath && existsSync(nearPath) ? findEnclosingWorkspace(nearPath) : undefined;
  return enclosing ?? resolveWorkspaceDir(undefined, ctx.io.env);
}

/** Opens the command's studio (workspace + ledger), runs `fn`, and always closes it. */
export async function withStudio<T>(
  ctx: CommandContext,
  options: { nearPath?: string; create?: boolean },
  fn: (studio: Studio) => Promise<T> | T,
): Promise<T> {
  const dir = workspaceDirFor(ctx, options.nearPath);
  if (!options.create) requireWorkspace(dir);
  const studio = openStudio(dir, { now: ctx.io.now, env: ctx.io.env, warn: ctx.io.err });
  for (const line of recoveryLines(studio.recovery)) ctx.io.err(line);
  try {
    return await fn(studio);
  } finally {
    studio.close();
  }
}
