import os from 'node:os';
import path from 'node:path';

/** The OS's per-user app-data folder for Twin Studio. */
export function defaultWorkspaceDir(
  platform: NodeJS.Platform = process.platform,
  env: NodeJS.ProcessEnv = process.env,
  home = os.homedir(),
): string {
  if (platform === 'win32') return path.join(env.APPDATA ?? path.join(home, 'AppData', 'Roaming'), 'Twin Studio');
  if (platform === 'darwin') return path.join(home, 'Library', 'Application Support', 'Twin Studio');
  return path.join(env.XDG_DATA_HOME ?? path.join(home, '.local', 'share'), 'twin-studio');
}

/** `--workspace DIR` wins, then TWIN_STUDIO_HOME, then the OS default. */
export function resolveWorkspaceDir(flag: string | undefined, env: NodeJS.ProcessEnv = process.env): string {
  if (flag) return path.resolve(flag);
  if (env.TWIN_STUDIO_HOME) return path.resolve(env.TWIN_STUDIO_HOME);
  return defaultWorkspaceDir(process.platform, env);
}
