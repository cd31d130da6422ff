import type { Page } from '@playwright/test';
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createInterface } from 'node:readline';

export interface RunningStudio {
  url: string;
  origin: string;
  sceneDir: string;
  /** Everything the fixture's second line told (with `--registry`: registryUrl and token). */
  sources: Record<string, string>;
  stop(): void;
}

/** A browser-mode fixture process: its URL, what its second line said, and how to stop it. */
export interface ServingFixture<T> {
  url: string;
  origin: string;
  facts: T;
  stop(): void;
}

/**
 * Runs a fixture script of tests/e2e in its own process and reads its two lines: "Twin Studio is running at URL",
 * then `TAG {json}` with what the test needs to know (sources, output ids, counts).
 */
export async function startServingFixture<T>(script: string, args: string[], tag: string): Promise<ServingFixture<T>> {
  const child: ChildProcess = spawn(process.execPath, [path.join(import.meta.dirname, script), ...args], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const got: string[] = [];
  for await (const line of createInterface({ input: child.stdout! })) {
    got.push(line);
    if (got.length === 2) break;
  }
  const [first, second] = got;
  const match = /^Twin Studio is running at (http:\/\/127\.0\.0\.1:\d+)\/\?token=\S+$/.exec(first ?? '');
  if (!match || !second?.startsWith(`${tag} `)) throw new Error(`Unexpected output from ${script}: ${got.join(' | ')}`);
  return {
    url: first!.slice('Twin Studio is running at '.length),
    origin: match[1]!,
    facts: JSON.parse(second.slice(tag.length + 1)) as T,
    stop: () => void child.kill('SIGTERM'),
  };
}

/** Runs tests/e2e/serveFixture.ts (with `args`, e.g. `--registry`) over a fresh folder. */
export async function startFixtureStudio(args: string[] = []): Promise<RunningStudio> {
  const dir = mkdtempSync(path.join(tmpdir(), 'studio-e2e-'));
  const { facts: sources, ...running } = await startServingFixture<Record<string, string>>(
    'serveFixture.ts',
    [dir, ...args],
    'SOURCES',
  );
  return { ...running, sceneDir: sources.sceneDir ?? '', sources };
}

/**
 * Collects what went wrong in a page: uncaught errors and console errors. The browser logs every non-2xx answer as
 * "Failed to load resource"; an API refusal the UI shows in words (403 a rule said no, 409 a conflict, 503 a service
 * this studio does not run) is the app working, so only those statuses are left out. A 500 still counts.
 */
export function collectPageErrors(page: Page, errors: string[] = []): string[] {
  page.on('pageerror', (e) => errors.push(e.message));
  page.on('console', (m) => {
    if (m.type() !== 'error') return;
    if (/^Failed to load resource: the server responded with a status of (403|409|503)\b/.test(m.text())) return;
    errors.push(m.text());
  });
  return errors;
}
