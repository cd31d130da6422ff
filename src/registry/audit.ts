import { keyIdOf, verifyObject } from '../crypto/index.ts';
import { StudioError } from '../errors/index.ts';
import { verifyConsistency, verifyInclusion } from './merkle.ts';
import { checkpointSchema, type Checkpoint } from './protocol.ts';

export interface AuditOptions {
  /** The registry key the auditor pinned; without it the registry's own published key is used (weaker). */
  registryPublicKeyPem?: string;
  /** Pin by key id only (given out of band): the published key must hash to it. */
  registryKeyId?: string;
  /** A checkpoint seen earlier: the new tree must extend it. */
  previous?: Checkpoint;
  /** Leaves to prove; defaults to every leaf up to 256, else an even sample of 256. */
  leaves?: number[];
  fetch?: typeof fetch;
}

export interface AuditReport {
  ok: boolean;
  /** The key the checkpoint was checked against: keep it with the checkpoint for the next audit. */
  registryKeyId: string;
  registryPublicKeyPem: string;
  checkpoint: Checkpoint;
  inclusionChecked: number;
  consistencyChecked: boolean;
  problems: string[];
}

/** Verifies the registry's transparency log from the outside: checkpoint signature, inclusion and consistency proofs. */
export async function auditLog(url: string, options: AuditOptions = {}): Promise<AuditReport> {
  const get = async (path: string): Promise<unknown> => {
    const target = new URL(path, url);
    // Every call is an idempotent GET: one retry covers a kept-alive connection the server has just closed.
    const response = await (options.fetch ?? fetch)(target).catch(() => (options.fetch ?? fetch)(target));
    if (!response.ok)
      throw new StudioError('AUDIT_FETCH_FAILED', `GET ${path} answered ${response.status}`, {
        path,
        status: response.status,
      });
    return response.json();
  };
  const problems: string[] = [];
  const checkpoint = checkpointSchema.parse(await get('/v1/checkpoint'));
  const key =
    options.registryPublicKeyPem ?? ((await get('/v1/registry-key')) as { publicKeyPem: string }).publicKeyPem;
  const keyId = keyIdOf(key);
  if (options.registryKeyId !== undefined && keyId !== options.registryKeyId)
    problems.push(`the registry key is ${keyId}, not the pinned ${options.registryKeyId}`);
  if (!verifyObject(checkpoint, key)) problems.push('checkpoint signature does not verify');
  const root = Buffer.from(checkpoint.rootHash, 'hex');
  const size = checkpoint.treeSize;
  const leaves =
    options.leaves ??
    (size <= 256 ? [...Array(size).keys()] : [...Array(256).keys()].map((i) => Math.floor((i * size) / 256)));
  for (const leaf of leaves) {
    const proof = (await get(`/v1/proof/inclusion?leaf=${leaf}&treeSize=${size}`)) as {
      leafHash: string;
      path: string[];
    };
    const ok = verifyInclusion(
      Buffer.from(proof.leafHash, 'hex'),
      leaf,
      size,
      proof.path.map((p) => Buffer.from(p, 'hex')),
      root,
    );
    if (!ok) problems.push(`inclusion proof for leaf ${leaf} does not verify`);
  }
  let consistencyChecked = false;
  const previous = options.previous ?? null;
  if (previous) {
    if (!verifyObject(previous, key)) problems.push('previous checkpoint signature does not verify');
    if (previous.treeSize > size) {
      problems.push(
        `the log shrank from ${previous.treeSize} leaves (checkpoint of ${previous.timestamp}) to ${size}: leaves were removed`,
      );
    } else {
      const proof = (await get(`/v1/proof/consistency?from=${previous.treeSize}&to=${size}`)) as { path: string[] };
      const ok = verifyConsistency(
        previous.treeSize,
        size,
        Buffer.from(previous.rootHash, 'hex'),
        root,
        proof.path.map((p) => Buffer.from(p, 'hex')),
      );
      if (!ok)
        problems.push(
          `the log at ${size} is not an extension of the checkpoint at ${previous.treeSize}: its history was rewritten`,
        );
    }
    consistencyChecked = true;
  }
  return {
    ok: problems.length === 0,
    registryKeyId: keyId,
    registryPublicKeyPem: key,
    checkpoint,
    inclusionChecked: leaves.length,
    consistencyChecked,
    problems,
  };
}
