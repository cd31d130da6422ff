import { existsSync } from 'node:fs';
import { registryRefusal } from '../../sync/registryRefusal.ts';
import path from 'node:path';
import { z } from 'zod';
import { looseModeWarning, privateFile, tightenSecretModes } from '../../crypto/index.ts';
import { StudioError } from '../../errors/index.ts';
import { signAsRegistry, verifyLicence } from '../../licences/index.ts';
import {
  auditLog,
  checkpointSchema,
  createAdminToken,
  createEnrolmentToken,
  issueLicence,
  loadOrCreateRegistryKey,
  openRegistryStore,
  registryTrustStore,
  revokeLicence,
  rotateRegistryKey,
  startRegistry,
  statement,
  type RegistryStore,
  type Statement,
} from '../../registry/index.ts';
import { installLastResort } from '../../server/lastResort.ts';
import { verifyPack } from '../../twins/index.ts';
import { readJsonFile, writeJsonAtomic } from '../../workspace/index.ts';
import { JSON_OPTION, report, stringFlag, type Command, type CommandContext } from '../command.ts';
import { flagError, usageError } from '../run.ts';
import { untilStopped } from '../lifetime.ts';
import { TLS_SERVE_OPTIONS, tlsFlags } from '../tlsFiles.ts';
import { describeLicence, LICENCE_TERM_OPTIONS, licenceDraftFromFlags } from './licence.ts';

const DB_OPTION = { db: { type: 'string' }, 'key-dir': { type: 'string' } } as const;

/** The folder of the registry's private key files: --key-dir, else TWIN_REGISTRY_KEY_DIR, else beside a SQLite file. */
function keyDirFlag(ctx: CommandContext): string | null {
  return stringFlag(ctx, 'key-dir') ?? ctx.io.env.TWIN_REGISTRY_KEY_DIR ?? null;
}

/**
 * The registry's SQLite file holds its tokens' hashes and every usage record (its private key is a file beside it):
 * the file (and SQLite's -wal and -shm) is the owner's only, made so before SQLite creates it, or fixed with a
 * warning when found readable by others.
 */
function keepRegistryDbPrivate(ctx: CommandContext, db: string): void {
  if (/^postgres(ql)?:\/\//.test(db)) return;
  const fixed = [privateFile(db), ...[`${db}-wal`, `${db}-shm`].map((f) => tightenSecretModes(f))].flat();
  const warning = looseModeWarning(path.dirname(path.resolve(db)), fixed);
  if (warning) ctx.io.err(warning);
}

/** Opens the registry database named by --db (FILE.sqlite or postgres://…), runs `fn`, and always closes it. */
async function withRegistryStore<T>(ctx: CommandContext, fn: (store: RegistryStore) => Promise<T>): Promise<T> {
  const db = stringFlag(ctx, 'db');
  if (!db) throw usageError('--db FILE.sqlite|postgres://… is required');
  keepRegistryDbPrivate(ctx, db);
  const store = await openRegistryStore(db, { keyDir: keyDirFlag(ctx) });
  try {
    return await fn(store);
  } finally {
    await store.close();
  }
}

function portFlag(ctx: CommandContext): number {
  const raw = stringFlag(ctx, 'port') ?? '0';
  const port = Number(raw);
  if (!Number.isInteger(port) || port < 0 || port > 65_535)
    throw flagError('--port', 'a whole number from 0 to 65535', raw);
  return port;
}

export const registryServe: Command = {
  words: ['registry', 'serve'],
  summary:
    'run the rights registry over HTTP (first line: listening on URL); stops on SIGINT/SIGTERM, or when the npx that started it exits',
  usage: 'registry serve --db FILE|URL [--key-dir DIR] [--port N] [--host 127.0.0.1] [--tls-cert FILE --tls-key FILE]',
  options: { ...DB_OPTION, port: { type: 'string' }, host: { type: 'string' }, ...TLS_SERVE_OPTIONS },
  async run(ctx) {
    const db = stringFlag(ctx, 'db');
    if (!db) throw usageError('--db FILE.sqlite|postgres://… is required');
    keepRegistryDbPrivate(ctx, db);
    const keyDir = keyDirFlag(ctx);
    const tls = tlsFlags(ctx);
    if (!keyDir && /^postgres(ql)?:\/\//.test(db))
      ctx.io.err(
        "WARNING: the registry's private key stays in the PostgreSQL database: pass --key-dir DIR (or set " +
          'TWIN_REGISTRY_KEY_DIR) to keep it in a 0600 file outside it',
      );
    const registry = await startRegistry({
      now: ctx.io.now,
      db,
      keyDir,
      port: portFlag(ctx),
      host: stringFlag(ctx, 'host') ?? '127.0.0.1',
      ...(tls ? { tls } : {}),
    });
    ctx.io.out(`listening on ${registry.url}`);
    ctx.io.out(`registry key ${registry.registryKey.keyId}`);
    const uninstall = installLastResort(process, 'registry');
    await untilStopped(ctx.io.env);
    await registry.close();
    uninstall();
    return 0;
  },
};

export const registryTokenNew: Command = {
  words: ['registry', 'token', 'new'],
  summary:
    "make a one-time enrolment token for a workstation of ORG; it names the registry's key id (printed once; only its hash is kept)",
  usage: 'registry token new --db FILE|URL --org ORG [--json]',
  options: { ...JSON_OPTION, ...DB_OPTION, org: { type: 'string' } },
  async run(ctx) {
    const orgId = stringFlag(ctx, 'org');
    if (!orgId)
      throw usageError('--org ORG is required: a workstation belongs to one organisation, named by its token');
    const { token, registryKeyId } = await withRegistryStore(ctx, async (store) => {
      const key = await loadOrCreateRegistryKey(store, ctx.io.now);
      return {
        token: await createEnrolmentToken(store, { now: ctx.io.now, registryKeyId: key.keyId, orgId }),
        registryKeyId: key.keyId,
      };
    });
    report(ctx, { token, orgId, registryKeyId }, () => [token]);
    return 0;
  },
};

export const registryLicenceIssue: Command = {
  words: ['registry', 'licence', 'issue'],
  summary:
    "issue a licence from the registry: signed with its key, stored, and on the change feed (refused when it would widen the pack's consent)",
  usage:
    'registry licence issue --db FILE|URL --pack PACK --id ID --org ORG --org-name NAME --brand BRAND --product-lines L,… --channels C,… --territories T,… --from ISO --until ISO --max-images N --fee N --currency CUR [--lease-hours 72] [--categories G,…] [--label TEXT] [--proofs-per-day N] [--proofs-billed] [--proof-fee N] [--out FILE] [--json]',
  options: { ...JSON_OPTION, ...DB_OPTION, ...LICENCE_TERM_OPTIONS },
  async run(ctx) {
    const packPath = stringFlag(ctx, 'pack');
    if (!packPath) throw usageError('--pack PACK is required');
    const out = stringFlag(ctx, 'out');
    const licence = await withRegistryStore(ctx, async (store) => {
      const registryKey = await loadOrCreateRegistryKey(store, ctx.io.now);
      const trust = await registryTrustStore(store, registryKey);
      const { manifest } = await verifyPack(packPath, trust);
      // Checked as a workstation would check it (schema, signature, inside the consent) before it is published.
      const checked = verifyLicence(signAsRegistry(licenceDraftFromFlags(ctx, manifest), registryKey), manifest, trust);
      const { registryKeyId: _k, signature: _s, ...draft } = checked;
      return issueLicence(store, registryKey, draft, ctx.io.now);
    });
    if (out) writeJsonAtomic(out, licence);
    report(ctx, { licenceId: licence.licenceId, file: out ?? null, licence }, () => [
      ...describeLicence(licence),
      `  issued on the registry${out ? `; written to ${out}` : ''}`,
    ]);
    return 0;
  },
};

export const registryRevoke: Command = {
  words: ['registry', 'revoke'],
  summary: 'revoke a licence on the registry; workstations get the signed revocation at their next sync',
  usage: 'registry revoke --db FILE|URL --licence ID [--reason TEXT] [--json]',
  options: { ...JSON_OPTION, ...DB_OPTION, licence: { type: 'string' }, reason: { type: 'string' } },
  async run(ctx) {
    const licenceId = stringFlag(ctx, 'licence');
    if (!licenceId) throw usageError('--licence ID is required');
    const reason = stringFlag(ctx, 'reason') ?? 'revoked by the registry operator';
    const revocation = await withRegistryStore(ctx, async (store) =>
      revokeLicence(store, await loadOrCreateRegistryKey(store, ctx.io.now), licenceId, reason, ctx.io.now),
    );
    report(ctx, revocation, () => [
      `licence ${revocation.licenceId} revoked at ${revocation.revokedAt} (${revocation.revocationId}): ${revocation.reason}`,
    ]);
    return 0;
  },
};

/** A statement over HTTP from a running registry, with an admin token. */
async function fetchStatement(
  url: string,
  adminToken: string | undefined,
  query: Record<string, string>,
): Promise<Statement> {
  if (!adminToken)
    throw usageError('--admin-token T is required with --url (make one with `registry admin-token new --db …`)');
  let response: Response;
  try {
    response = await fetch(new URL(`/v1/statements?${new URLSearchParams(query).toString()}`, url), {
      headers: { authorization: `Bearer ${adminToken}` },
      signal: AbortSignal.timeout(15_000),
    });
  } catch (cause) {
    throw new StudioError(
      'REGISTRY_UNREACHABLE',
      `Could not reach the registry at ${url}: ${(cause as Error).message}`,
      { registryUrl: url },
      { cause },
    );
  }
  const json = (await response.json().catch(() => ({}))) as Statement & {
    error?: { code?: string; message?: string; details?: Record<string, unknown> };
  };
  if (!response.ok) throw registryRefusal('the statement', response.status, json.error);
  return json;
}

export const registryAdminTokenNew: Command = {
  words: ['registry', 'admin-token', 'new'],
  summary: 'make a bearer token for the admin endpoints (statements over HTTP); printed once, only its hash is kept',
  usage: 'registry admin-token new --db FILE|URL [--json]',
  options: { ...JSON_OPTION, ...DB_OPTION },
  async run(ctx) {
    const token = await withRegistryStore(ctx, (store) => createAdminToken(store, ctx.io.now));
    report(ctx, { token }, () => [token]);
    return 0;
  },
};

export const registryStatement: Command = {
  words: ['registry', 'statement'],
  summary: "a twin owner's royalty statement for a period [from, to): images and fees in integer minor units",
  usage: 'registry statement (--db FILE|URL | --url URL --admin-token T) --twin ID [--from DATE --to DATE] [--json]',
  options: {
    ...JSON_OPTION,
    ...DB_OPTION,
    url: { type: 'string' },
    'admin-token': { type: 'string' },
    twin: { type: 'string' },
    from: { type: 'string' },
    to: { type: 'string' },
  },
  async run(ctx) {
    const twinId = stringFlag(ctx, 'twin');
    if (!twinId) throw usageError('--twin ID is required');
    const url = stringFlag(ctx, 'url');
    const from = stringFlag(ctx, 'from');
    const to = stringFlag(ctx, 'to');
    const result = url
      ? await fetchStatement(url, stringFlag(ctx, 'admin-token'), {
          twinId,
          ...(from ? { from } : {}),
          ...(to ? { to } : {}),
        })
      : await withRegistryStore(ctx, (store) => statement(store, twinId, from, to));
    const period = `${result.from ?? 'the beginning'} → ${result.to ?? 'now'}`;
    report(ctx, result, () => [
      `twin ${result.twinId}, ${period}: ${result.images} images in ${result.records} records`,
      ...(result.byCurrency.length === 0
        ? ['  no fees']
        : result.byCurrency.map((c) => `  ${c.currency}: ${c.amount} minor units for ${c.images} images`)),
    ]);
    return 0;
  },
};

const auditStateSchema = z
  .object({ registryKeyId: z.string(), registryPublicKeyPem: z.string(), checkpoint: checkpointSchema })
  .strict();

export const registryAudit: Command = {
  words: ['registry', 'audit'],
  summary: "verify a registry's transparency log from outside: checkpoint signature, inclusion proofs, consistency",
  usage: 'registry audit --url URL [--key-id KEYID] [--state FILE] [--json]',
  options: { ...JSON_OPTION, url: { type: 'string' }, 'key-id': { type: 'string' }, state: { type: 'string' } },
  async run(ctx) {
    const url = stringFlag(ctx, 'url');
    if (!url) throw usageError('--url URL is required');
    // --state keeps the pinned key and the last checkpoint that verified, so the next audit proves consistency.
    const stateFile = stringFlag(ctx, 'state');
    const state =
      stateFile && existsSync(stateFile)
        ? readJsonFile(stateFile, auditStateSchema, 'AUDIT_STATE_INVALID', 'The audit state')
        : undefined;
    const keyId = stringFlag(ctx, 'key-id') ?? state?.registryKeyId;
    const audit = await auditLog(url, {
      ...(state ? { registryPublicKeyPem: state.registryPublicKeyPem, previous: state.checkpoint } : {}),
      ...(keyId ? { registryKeyId: keyId } : {}),
    });
    if (audit.ok && stateFile)
      writeJsonAtomic(stateFile, {
        registryKeyId: audit.registryKeyId,
        registryPublicKeyPem: audit.registryPublicKeyPem,
        checkpoint: audit.checkpoint,
      });
    report(ctx, audit, () => [
      `checkpoint: ${audit.checkpoint.treeSize} records, root ${audit.checkpoint.rootHash.slice(0, 16)}…, ${audit.checkpoint.timestamp}`,
      `  ${audit.inclusionChecked} inclusion proofs checked`,
      ...(audit.ok ? ['  log verifies'] : audit.problems.map((p) => `  PROBLEM: ${p}`)),
    ]);
    if (!audit.ok)
      throw new StudioError(
        'AUDIT_FAILED',
        `The registry's log at ${url} does not verify: ${audit.problems.join('; ')}`,
        { problems: audit.problems },
      );
    return 0;
  },
};

export const registryKeyRotate: Command = {
  words: ['registry', 'key', 'rotate'],
  summary:
    'replace the registry signing key: the old key signs a rotation record that workstations receive at their next sync',
  usage: 'registry key rotate --db FILE|URL [--json]',
  options: { ...JSON_OPTION, ...DB_OPTION },
  async run(ctx) {
    const { rotation } = await withRegistryStore(ctx, (store) => rotateRegistryKey(store, ctx.io.now));
    report(ctx, rotation, () => [
      `registry key ${rotation.oldKeyId} retired; new key ${rotation.newKey.keyId} (rotation published on the change feed)`,
      '  restart `registry serve` to sign with the new key; new enrolment tokens name it',
    ]);
    return 0;
  },
};

export const registryCommands: Command[] = [
  registryServe,
  registryTokenNew,
  registryLicenceIssue,
  registryRevoke,
  registryStatement,
  registryAudit,
  registryKeyRotate,
  registryAdminTokenNew,
];
