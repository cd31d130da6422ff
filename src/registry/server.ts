import Fastify, { type FastifyInstance, type FastifyReply, type FastifyRequest } from 'fastify';
import { z } from 'zod';
import { duplicateKeyIn, signObject, type KeyPairFile } from '../crypto/index.ts';
import { describeIssue, httpStatusOf, isStudioError, StudioError, type ErrorCode } from '../errors/index.ts';
import { feedHeadFor, listChanges } from './changes.ts';
import { enrolWorkstation, findWorkstation, isAdminToken, type WorkstationRow } from './enrolment.ts';
import { addFlag } from './flags.ts';
import { AUTH_HEADERS, MAX_RECORDS_PER_PUSH, MAX_REQUEST_SKEW_MS, verifyRequest } from './protocol.ts';
import type { RegistryStore } from './store/index.ts';
import { createLogReader } from './tlog.ts';
import { acceptUsage } from './usage.ts';
import { statement } from './admin.ts';

export interface RegistryServerDeps {
  store: RegistryStore;
  registryKey: KeyPairFile;
  now: () => Date;
  /** Bearer token for the admin-only endpoints (statements); without one they answer 401. */
  adminToken?: string;
  bodyLimit?: number;
  /** HTTPS with this certificate chain and key (PEM). */
  tls?: { certPem: string; keyPem: string };
}

const hex64 = z.string().regex(/^[0-9a-f]{64}$/);
const enrolBody = z
  .object({
    enrolmentToken: z.string().min(1).max(200),
    workstationPublicKey: z.string().min(1).max(1000),
    orgId: z.string().min(1).max(64),
  })
  .strict();
const usageBody = z
  .object({
    workstationId: z.string().min(1).max(64),
    records: z.array(z.unknown()).max(MAX_RECORDS_PER_PUSH),
    /** The tree size of the checkpoint the client holds: the reply proves the receipt's tree extends it. */
    since: z.number().int().nonnegative().optional(),
  })
  .strict();
const checkinBody = z
  .object({
    workstationId: z.string().min(1).max(64),
    head: z.object({ seq: z.number().int().nonnegative(), hash: hex64 }).strict(),
  })
  .strict();
const intParam = z.coerce.number().int().nonnegative();

function parse<T>(schema: z.ZodType<T>, value: unknown, what: string): T {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  const { issues } = result.error;
  const message = `The ${what} does not match the expected shape: ${issues.map((i) => describeIssue(i, value)).join('; ')}`;
  throw new StudioError('REQUEST_INVALID', message, {
    issues: issues.map((i) => ({ path: i.path.join('.'), message: i.message })),
  });
}

/** The body of an error answer; its status comes from the error catalogue. */
function errorBody(code: ErrorCode, message: string, details: Record<string, unknown> = {}) {
  return { error: { code, message, details } };
}

/** Fastify's own refusals (a body too large, a bad content type) in our codes. */
function frameworkRefusal(e: { statusCode: number; code?: string; message?: string }) {
  const code: ErrorCode = e.statusCode === 413 ? 'PAYLOAD_TOO_LARGE' : 'REQUEST_INVALID';
  return errorBody(code, e.message ?? 'bad request', e.code ? { reason: e.code } : {});
}

export async function createRegistryServer(deps: RegistryServerDeps): Promise<FastifyInstance> {
  const { store, registryKey, now } = deps;
  const bodyLimit = deps.bodyLimit ?? 4 * 1024 * 1024;
  const app = (
    deps.tls
      ? Fastify({ bodyLimit, logger: false, https: { cert: deps.tls.certPem, key: deps.tls.keyPem } })
      : Fastify({ bodyLimit, logger: false })
  ) as FastifyInstance;
  const rawBodies = new WeakMap<FastifyRequest, string>();
  const log = createLogReader(store, registryKey, now);

  app.addContentTypeParser('application/json', { parseAs: 'string' }, (request, body, done) => {
    rawBodies.set(request, body as string);
    let parsed: unknown;
    try {
      parsed = body === '' ? {} : JSON.parse(body as string);
    } catch {
      done(new StudioError('REQUEST_INVALID', 'Expected a JSON body', {}), undefined);
      return;
    }
    const repeated = duplicateKeyIn(body as string);
    if (repeated !== null)
      done(
        new StudioError(
          'REQUEST_INVALID',
          `Expected each JSON key once per object; ${JSON.stringify(repeated)} repeats`,
          { duplicateKey: repeated },
        ),
        undefined,
      );
    else done(null, parsed);
  });

  app.setErrorHandler((error: unknown, _request, reply) => {
    if (isStudioError(error)) return reply.status(httpStatusOf(error.code)).send({ error: error.toJSON() });
    const e = error as { statusCode?: number; code?: string; message?: string };
    if (e.statusCode && e.statusCode < 500) {
      const body = frameworkRefusal({ ...e, statusCode: e.statusCode });
      return reply.status(httpStatusOf(body.error.code)).send(body);
    }
    const body = errorBody('INTERNAL', 'The registry failed to handle the request');
    return reply.status(httpStatusOf(body.error.code)).send(body);
  });
  app.setNotFoundHandler((_request, reply) => {
    const body = errorBody('NOT_FOUND', 'No such endpoint');
    return reply.status(httpStatusOf(body.error.code)).send(body);
  });

  /** Checks the workstation signature; returns the workstation and its clock offset (server minus local). */
  const authenticate = async (request: FastifyRequest): Promise<{ ws: WorkstationRow; clockOffsetMs: number }> => {
    const header = (name: string): string | undefined => {
      const v = request.headers[name];
      return typeof v === 'string' ? v : undefined;
    };
    const id = header(AUTH_HEADERS.workstation);
    const timestamp = header(AUTH_HEADERS.timestamp);
    const signature = header(AUTH_HEADERS.signature);
    const unauthenticated = new StudioError(
      'UNAUTHENTICATED',
      'Expected a request signed by an enrolled workstation',
      {},
    );
    if (!id || !timestamp || !signature) throw unauthenticated;
    const ws = await findWorkstation(store, id);
    if (!ws) throw unauthenticated;
    if (
      !verifyRequest(request.method, request.url, timestamp, rawBodies.get(request) ?? '', signature, ws.public_key_pem)
    )
      throw unauthenticated;
    const serverNow = now();
    const skew = serverNow.getTime() - Date.parse(timestamp);
    if (!(Math.abs(skew) <= MAX_REQUEST_SKEW_MS)) {
      throw new StudioError(
        'CLOCK_SKEW',
        `Expected a request timestamp within ${MAX_REQUEST_SKEW_MS / 1000} s of the registry clock; got ${timestamp}`,
        { serverTime: serverNow.toISOString(), timestamp },
      );
    }
    const local = Date.parse(header(AUTH_HEADERS.localTime) ?? timestamp);
    return { ws, clockOffsetMs: Number.isNaN(local) ? 0 : serverNow.getTime() - local };
  };

  app.post('/v1/enrol', async (request) => {
    const body = parse(enrolBody, request.body, 'enrolment request');
    const at = now();
    const workstationId = await enrolWorkstation(store, body, at);
    // Signed, so the workstation sees that the far end holds the private half of the key its token names.
    // Keys this registry retired by rotation still verify what they signed; the current key vouches for them here.
    const retired = await store.all<{ key_id: string; public_key_pem: string }>(
      'SELECT key_id, public_key_pem FROM registry_keys WHERE retired_at IS NOT NULL ORDER BY created_at',
    );
    const retiredKeys = retired
      .filter((k) => k.key_id !== registryKey.keyId)
      .map((k) => ({ keyId: k.key_id, publicKeyPem: k.public_key_pem }));
    const reply = {
      format: 'enrolment/1' as const,
      workstationId,
      orgId: body.orgId,
      registryPublicKey: registryKey.publicKeyPem,
      registryKeyId: registryKey.keyId,
      retiredKeys,
      serverTime: at.toISOString(),
    };
    return signObject(reply, registryKey.privateKeyPem);
  });

  app.post('/v1/usage', async (request, reply: FastifyReply) => {
    const { ws, clockOffsetMs } = await authenticate(request);
    const body = parse(usageBody, request.body, 'usage push');
    if (body.workstationId !== ws.id)
      throw new StudioError(
        'FORBIDDEN',
        `Workstation ${ws.id} may push only its own records, not ${body.workstationId}'s`,
        {},
      );
    const result = await acceptUsage(
      store,
      registryKey,
      { workstationId: ws.id, records: body.records, clockOffsetMs, since: body.since },
      now,
    );
    const payload = {
      ackedThroughSeq: result.ackedThroughSeq,
      rejected: result.rejected,
      receipt: result.receipt,
      inclusion: result.inclusion,
      consistency: result.consistency,
    };
    if (result.idClash) {
      const { id, seq, existingSeq } = result.idClash;
      return reply.status(409).send({
        error: {
          code: 'USAGE_ID_CLASH',
          message: `Record seq ${seq} re-uses usage id ${id}, which this workstation already used at seq ${existingSeq}; usage ids must be unique per workstation`,
          details: result.idClash,
        },
        ...payload,
      });
    }
    if (result.equivocation) {
      const { id, seq } = result.equivocation;
      const message = `Record ${id} differs from the one already acked at seq ${seq}; flagged`;
      const body = errorBody('EQUIVOCATION', message, { ...result.equivocation });
      return reply.status(httpStatusOf(body.error.code)).send({ ...body, ...payload });
    }
    return payload;
  });

  app.get('/v1/changes', async (request) => {
    const { ws } = await authenticate(request);
    const q = parse(
      z.object({ cursor: intParam.default(0), limit: z.coerce.number().int().min(1).max(500).default(200) }),
      request.query,
      'change feed query',
    );
    const page = await listChanges(store, ws.org_id, q.cursor, q.limit);
    // Signed, so nobody between us and the workstation can drop a change from a page or start it elsewhere.
    const body = {
      format: 'changes/1' as const,
      workstationId: ws.id,
      from: q.cursor,
      ...page,
      serverTime: now().toISOString(),
      registryKeyId: registryKey.keyId,
    };
    return signObject(body, registryKey.privateKeyPem);
  });

  app.post('/v1/checkin', async (request) => {
    const { ws, clockOffsetMs } = await authenticate(request);
    const body = parse(checkinBody, request.body, 'check-in');
    if (body.workstationId !== ws.id)
      throw new StudioError('FORBIDDEN', `Workstation ${ws.id} may check in only for itself`, {});
    const at = now();
    const [feedHead, logHead] = await Promise.all([feedHeadFor(store, ws.org_id), log.head()]);
    const row = await store.write(async (tx) => {
      const current = (await tx.get<{ acked_seq: number; head_hash: string }>(
        'SELECT acked_seq, head_hash FROM workstations WHERE id = ?',
        [ws.id],
      )) as { acked_seq: number; head_hash: string };
      // A head behind what was acked means records were dropped; the same seq with another hash is a fork.
      if (body.head.seq < current.acked_seq)
        await addFlag(
          tx,
          { workstationId: ws.id, kind: 'head-rollback', seq: body.head.seq, details: { ackedSeq: current.acked_seq } },
          at,
        );
      else if (body.head.seq === current.acked_seq && body.head.hash !== current.head_hash) {
        await addFlag(
          tx,
          {
            workstationId: ws.id,
            kind: 'head-fork',
            seq: body.head.seq,
            details: { reported: body.head.hash, stored: current.head_hash },
          },
          at,
        );
      }
      await tx.run('UPDATE workstations SET last_check_in = ?, clock_offset_ms = ? WHERE id = ?', [
        at.toISOString(),
        clockOffsetMs,
        ws.id,
      ]);
      return current;
    });
    return signObject(
      {
        format: 'lease/1' as const,
        workstationId: ws.id,
        reportedHead: body.head,
        ackedSeq: row.acked_seq,
        headHash: row.head_hash,
        feedHead,
        treeSize: logHead.treeSize,
        rootHash: logHead.rootHash,
        serverTime: at.toISOString(),
        registryKeyId: registryKey.keyId,
      },
      registryKey.privateKeyPem,
    );
  });

  app.get('/v1/statements', async (request) => {
    const bearer = /^Bearer (\S{1,200})$/.exec(request.headers.authorization ?? '')?.[1];
    const admitted =
      bearer !== undefined &&
      ((deps.adminToken !== undefined && bearer === deps.adminToken) || (await isAdminToken(store, bearer)));
    if (!admitted)
      throw new StudioError(
        'UNAUTHENTICATED',
        'Statements need an admin token (`registry admin-token new`) as `Authorization: Bearer T`',
        {},
      );
    const q = parse(
      z.object({ twinId: z.string().min(1).max(64), from: z.string().optional(), to: z.string().optional() }).strict(),
      request.query,
      'statement query',
    );
    return statement(store, q.twinId, q.from, q.to);
  });

  // The transparency log is public on purpose: it holds only hashes, and auditors must not need our trust.
  app.get('/v1/checkpoint', async () => log.checkpoint());
  app.get('/v1/proof/inclusion', async (request) => {
    const q = parse(
      z.object({ leaf: intParam, treeSize: intParam.optional() }).strict(),
      request.query,
      'inclusion proof query',
    );
    return log.inclusion(q.leaf, q.treeSize);
  });
  app.get('/v1/proof/consistency', async (request) => {
    const q = parse(z.object({ from: intParam, to: intParam }).strict(), request.query, 'consistency proof query');
    return log.consistency(q.from, q.to);
  });
  app.get('/v1/registry-key', async () => ({ keyId: registryKey.keyId, publicKeyPem: registryKey.publicKeyPem }));
  return app;
}
