import { closeSync, fsyncSync, openSync, readFileSync, renameSync, writeSync } from 'node:fs';
import { sign, verify, type KeyObject } from 'node:crypto';
import path from 'node:path';
import { z } from 'zod';
import { canonicalJson, signedBytes } from '../crypto/index.ts';
import { fsyncDirectory } from './commitOutput.ts';
import type { PushReceipt } from './outbox.ts';
import { pushReceiptSchema } from './receipts.ts';

/** The file beside the workspace database that anchors the ledger head outside it. */
export const HEAD_FILE_NAME = 'ledger.head.json';

type Mark = { seq: number; hash: string };

/**
 * "The ledger's last record is seq, with this hash; the registry's latest receipt is this one", signed with the
 * workstation key. It lives outside the database, so someone who deletes the newest rows and resets every mark
 * kept in the database still leaves a head the rows no longer reach. It is written after each append and each
 * receipt has committed: it may lag the database (a crash before its write), never lead it.
 */
const headFileSchema = z
  .object({
    format: z.literal('ledger-head/1'),
    workstationId: z.string().min(1),
    seq: z.number().int().nonnegative(),
    hash: z.string().regex(/^[0-9a-f]{64}$/),
    receipt: pushReceiptSchema.nullable(),
    signature: z.string().min(1),
  })
  .strict();

export type StoredHead =
  /** No head file is kept (a database in memory). */
  | { state: 'none' }
  | { state: 'missing' }
  | { state: 'invalid'; reason: string }
  | { state: 'valid'; head: Mark; receipt: PushReceipt | null };

export interface HeadFileDeps {
  /** The file's path, or null where no head file is kept. */
  file: string | null;
  workstationId: string;
  publicKey: KeyObject;
  privateKey: KeyObject;
}

export function createHeadFile(deps: HeadFileDeps) {
  const { file, workstationId, publicKey, privateKey } = deps;

  /** One file read and one signature check: cheap enough for the gate's check before every render. */
  function read(): StoredHead {
    if (file === null) return { state: 'none' };
    let text: string;
    try {
      text = readFileSync(file, 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { state: 'missing' };
      return { state: 'invalid', reason: `it cannot be read (${(error as Error).message})` };
    }
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch {
      return { state: 'invalid', reason: 'it is not JSON' };
    }
    const parsed = headFileSchema.safeParse(value);
    if (!parsed.success) {
      return { state: 'invalid', reason: `it is not a ledger head (${parsed.error.issues[0]?.message ?? ''})` };
    }
    // Written as canonical JSON: any other text (a repeated key, an edit that kept the JSON valid) is not ours.
    if (text !== `${canonicalJson(parsed.data)}\n`) return { state: 'invalid', reason: 'it is not as it was written' };
    const head = parsed.data;
    if (head.workstationId !== workstationId) {
      return {
        state: 'invalid',
        reason: `it is for workstation ${head.workstationId}, not this one (${workstationId})`,
      };
    }
    let signed = false;
    try {
      signed = verify(null, signedBytes(head), publicKey, Buffer.from(head.signature, 'base64url'));
    } catch {
      signed = false;
    }
    if (!signed) return { state: 'invalid', reason: "its signature does not verify with this workstation's key" };
    return { state: 'valid', head: { seq: head.seq, hash: head.hash }, receipt: head.receipt };
  }

  /** Signs and replaces the file so that a crash leaves the old one or the new: temp file, fsync, rename, fsync. */
  function write(head: Mark, receipt: PushReceipt | null): void {
    if (file === null) return;
    const unsigned = { format: 'ledger-head/1' as const, workstationId, seq: head.seq, hash: head.hash, receipt };
    const signature = sign(null, signedBytes(unsigned), privateKey).toString('base64url');
    const temp = `${file}.${process.pid}.tmp`;
    const fd = openSync(temp, 'w');
    try {
      writeSync(fd, `${canonicalJson({ ...unsigned, signature })}\n`);
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    renameSync(temp, file);
    fsyncDirectory(path.dirname(file));
  }

  return { file, read, write };
}
export type HeadFile = ReturnType<typeof createHeadFile>;
