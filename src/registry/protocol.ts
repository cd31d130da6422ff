import { sign, verify } from 'node:crypto';
import { z } from 'zod';
import { parsePrivateKey, parsePublicKey, sha256Hex } from '../crypto/index.ts';
import { pushReceiptSchema as ledgerPushReceiptSchema } from '../ledger/receipts.ts';

/** Shared by the registry and the sync client: how a workstation request is signed. */
export const AUTH_HEADERS = {
  workstation: 'x-twin-workstation',
  timestamp: 'x-twin-timestamp',
  signature: 'x-twin-signature',
  localTime: 'x-twin-local-time',
} as const;

/** A signed request older or newer than this is refused (replay window). */
export const MAX_REQUEST_SKEW_MS = 5 * 60_000;

export const MAX_RECORDS_PER_PUSH = 500;

export function requestSigningBytes(method: string, pathAndQuery: string, timestamp: string, body: string): Buffer {
  return Buffer.from(`${method.toUpperCase()}\n${pathAndQuery}\n${timestamp}\n${sha256Hex(body)}`, 'utf8');
}

export function signRequest(
  method: string,
  pathAndQuery: string,
  timestamp: string,
  body: string,
  privateKeyPem: string,
): string {
  return sign(
    null,
    requestSigningBytes(method, pathAndQuery, timestamp, body),
    parsePrivateKey(privateKeyPem),
  ).toString('base64url');
}

export function verifyRequest(
  method: string,
  pathAndQuery: string,
  timestamp: string,
  body: string,
  signature: string,
  publicKeyPem: string,
): boolean {
  try {
    return verify(
      null,
      requestSigningBytes(method, pathAndQuery, timestamp, body),
      parsePublicKey(publicKeyPem),
      Buffer.from(signature, 'base64url'),
    );
  } catch {
    return false;
  }
}

const hex64 = z.string().regex(/^[0-9a-f]{64}$/);
const keyId = z.string().length(16);

/** The ledger's receipt (with its log position and checkpoint), the key id as the registry writes it. */
export const pushReceiptSchema = ledgerPushReceiptSchema.extend({ registryKeyId: keyId });

/** The check-in reply: a signed lease the workstation shows to its render gate. */
export const leaseReceiptSchema = z
  .object({
    format: z.literal('lease/1'),
    workstationId: z.string(),
    reportedHead: z.object({ seq: z.number().int().nonnegative(), hash: hex64 }).strict(),
    ackedSeq: z.number().int().nonnegative(),
    /** The last change-feed seq this workstation's organisation can see: a client that has not applied it lost changes. */
    feedHead: z.number().int().nonnegative(),
    headHash: hex64,
    /** The log checkpoint the lease was issued at (absent in leases of older registries). */
    treeSize: z.number().int().nonnegative().optional(),
    rootHash: hex64.optional(),
    serverTime: z.iso.datetime({ offset: true }),
    registryKeyId: keyId,
    signature: z.string().min(1),
  })
  .strict();
export type LeaseReceipt = z.infer<typeof leaseReceiptSchema>;

export const checkpointSchema = z
  .object({
    format: z.literal('checkpoint/1'),
    treeSize: z.number().int().nonnegative(),
    rootHash: hex64,
    timestamp: z.iso.datetime({ offset: true }),
    registryKeyId: keyId,
    signature: z.string().min(1),
  })
  .strict();
export type Checkpoint = z.infer<typeof checkpointSchema>;

/** One page of the change feed, signed for the workstation that asked, starting right after `from`. */
export const changePageSchema = z
  .object({
    format: z.literal('changes/1'),
    workstationId: z.string(),
    from: z.number().int().nonnegative(),
    changes: z.array(z.unknown()),
    cursor: z.number().int().nonnegative(),
    serverTime: z.iso.datetime({ offset: true }),
    registryKeyId: keyId,
    signature: z.string().min(1),
  })
  .strict();

export const changeSchema = z
  .object({
    seq: z.number().int().positive(),
    kind: z.enum(['licence', 'revocation', 'withdrawal', 'owners', 'rotation']),
    body: z.record(z.string(), z.unknown()),
  })
  .strict();
export type RegistryChange = z.infer<typeof changeSchema>;
