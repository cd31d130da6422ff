import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createInterface } from 'node:readline';

export interface RunningStudio {
  url: string;
  origin: string;
  sceneDir: string;
  stop(): void;
}

/** Runs tests/e2e/serveFixture.ts in its own process and reads the two lines it prints. */
export async function startFixtureStudio(): Promise<RunningStudio> {
  const dir = mkdtempSync(path.join(tmpdir(), 'studio-e2e-'));
  const child: ChildProcess = spawn(process.execPath, [path.join(import.meta.dirname, 'serveFixture.ts'), dir], { stdio: ['ignore', 'pipe', 'inherit'] });
  const lines = createInterface({ input: child.stdout! });
  const got: string[] = [];
  for await (const line of lines) {
    got.push(line);
    if (got.length === 2) break;
  }
  const [first, second] = got;
  const match = /^Twin Studio is running at (http:\/\/127\.0\.0\.1:\d+)\/\?token=\S+$/.exec(first ?? '');
  if (!match || !second?.startsWith('SOURCES ')) throw new Error(`Unexpected output from serveFixture: ${got.join(' | ')}`);
  const sources = JSON.parse(second.slice('SOURCES '.length)) as { sceneDir: string };
  return { url: first!.slice('Twin Studio is running at '.length), origin: match[1]!, sceneDir: sources.sceneDir, stop: () => void child.kill('SIGTERM') };
}
