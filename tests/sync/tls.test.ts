import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { isStudioError } from '../../src/errors/index.ts';
import { issueLicence, startRegistry } from '../../src/registry/index.ts';
import { trustRegistryCa } from '../../src/sync/index.ts';
import { fixtureClock, runningFixtureClock } from '../helpers/clock.ts';
import { enrolledWorkstation } from '../helpers/enrolledWorkstation.ts';
import { testLicenceDraft } from '../helpers/registryLicence.ts';
import { selfSignedTls } from '../helpers/selfSignedTls.ts';
import { runCliProcess } from '../helpers/cliProcess.ts';

const BIN = fileURLToPath(new URL('../../bin/twin-studio.js', import.meta.url));

/** The registry serves HTTPS with its own certificate; a workstation trusts it through `--ca` (trustRegistryCa). */
describe('registry over TLS', () => {
  const dir = mkdtempSync(join(tmpdir(), 'twin-tls-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('serves https with its own certificate; a workstation syncs once it trusts the certificate', async () => {
    const tls = await selfSignedTls();
    const registry = await startRegistry({ now: runningFixtureClock(), db: join(dir, 'r.sqlite'), tls });
    try {
      expect(registry.url).toMatch(/^https:\/\/127\.0\.0\.1:\d+$/);
      await issueLicence(registry.store, registry.registryKey, testLicenceDraft(), fixtureClock);
      // Plain HTTP to the TLS port gets nothing.
      const plain = await fetch(registry.url.replace('https:', 'http:') + '/v1/registry-key').then(
        (r) => r.status,
        () => 'refused',
      );
      expect(plain).not.toBe(200);
      // A certificate nobody vouches for is refused: enrolment never reaches the registry.
      const untrusted = await enrolledWorkstation(registry).then(
        () => null,
        (e: unknown) => e,
      );
      expect(isStudioError(untrusted) && untrusted.code, String(untrusted)).toBe('REGISTRY_UNREACHABLE');
      expect(String((untrusted as Error).message)).toMatch(/certificate/);

      expect(() => trustRegistryCa('not a certificate', 'ca.pem')).toThrow(/found none/);
      const caFile = join(dir, 'ca.pem');
      writeFileSync(caFile, tls.certPem);
      trustRegistryCa(tls.certPem, caFile);
      const ws = await enrolledWorkstation(registry);
      for (let i = 0; i < 3; i++) ws.outbox.append();
      expect(await ws.client().syncOnce()).toMatchObject({ pushed: 3, ackedSeq: 3 });
      expect(ws.outbox.receipts.at(-1)).toMatchObject({ ackedSeq: 3, treeSize: 3 });
    } finally {
      await registry.close();
    }
  });

  it('`registry serve --tls-cert --tls-key` listens on https; one flag alone is a usage error', async () => {
    const tls = await selfSignedTls();
    const cert = join(dir, 'serve.cert.pem');
    const key = join(dir, 'serve.key.pem');
    writeFileSync(cert, tls.certPem);
    writeFileSync(key, tls.keyPem);
    const db = join(dir, 'serve.sqlite');
    expect((await runCliProcess(['registry', 'serve', '--db', db, '--tls-cert', cert], {}, 20_000)).code).toBe(2);
    trustRegistryCa(tls.certPem, cert);
    const child = spawn(
      process.execPath,
      [BIN, 'registry', 'serve', '--db', db, '--tls-cert', cert, '--tls-key', key],
      {
        stdio: ['ignore', 'pipe', 'inherit'],
      },
    );
    try {
      const url = await new Promise<string>((resolve, reject) => {
        let out = '';
        child.stdout.on('data', (c: Buffer) => {
          out += c.toString();
          const m = /listening on (\S+)/.exec(out);
          if (m) resolve(m[1] as string);
        });
        child.once('exit', (code) => reject(new Error(`registry serve exited (${code})`)));
      });
      expect(url).toMatch(/^https:\/\//);
      const response = await fetch(`${url}/v1/registry-key`);
      expect(response.status).toBe(200);
    } finally {
      child.kill('SIGTERM');
    }
  });
});
