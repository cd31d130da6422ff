import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';

export interface RegistryProcess {
  url: string;
  kill(): void;
  exited: Promise<void>;
}

const CHILD = fileURLToPath(new URL('./registryChild.ts', import.meta.url));

/** Starts the registry in a child Node process and waits for its `listening on` line. */
export async function spawnRegistry(db: string): Promise<RegistryProcess> {
  const child: ChildProcess = spawn(process.execPath, [CHILD, db], { stdio: ['ignore', 'pipe', 'pipe'] });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const url = await new Promise<string>((resolve, reject) => {
    let out = '';
    let err = '';
    const timer = setTimeout(() => reject(new Error(`registry child did not start: ${err}`)), 20_000);
    child.stdout?.on('data', (c: Buffer) => {
      out += c.toString();
      const m = /listening on (http:\/\/\S+)/.exec(out);
      if (m) {
        clearTimeout(timer);
        resolve(m[1] as string);
      }
    });
    child.stderr?.on('data', (c: Buffer) => void (err += c.toString()));
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`registry child exited (${code}): ${err}`));
    });
  });
  return { url, kill: () => void child.kill('SIGKILL'), exited };
}
