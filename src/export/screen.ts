import { readFileSync } from 'node:fs';
import { sha256Hex, verifyObject } from '../crypto/index.ts';
import { toStudioError, type ErrorCode } from '../errors/index.ts';
import { recordHash, type Ledger, type UsageRecord } from '../ledger/index.ts';
import type { OutputEntry } from '../outputs/index.ts';
import type { PolicyDecision } from '../policy/index.ts';
import type { Shot } from '../shots/index.ts';
import { evaluateShotPolicy, type Workspace } from '../workspace/index.ts';
import type { HeldBack } from './labels.ts';

export interface Cleared {
  ok: true;
  output: OutputEntry;
  render: UsageRecord;
  shot: Shot;
  /** The stored output's bytes, already checked against the render record's hash. */
  bytes: Buffer;
}

export type Screening = Cleared | { ok: false; held: HeldBack };

/**
 * Decides, per output, whether it may leave the studio now: its render record is in the ledger and intact (hash,
 * signature), the file on disk is the one recorded, and the policy gate allows the recorded use today — the gate
 * also refuses every output while the ledger fails verification. Gate answers are shared within a batch per shot
 * and use.
 */
export function createScreening(deps: {
  ws: Workspace;
  ledger: Pick<Ledger, 'get' | 'checkIntegrity' | 'imagesUsed'>;
  now: Date;
}) {
  const { ws, ledger, now } = deps;
  const publicKeyPem = ws.workstationKey.publicKeyPem;
  const gates = new Map<string, Promise<PolicyDecision>>();

  return async function screen(output: OutputEntry): Promise<Screening> {
    const hold = (code: ErrorCode, message: string, rule?: string): Screening => ({
      ok: false,
      held: { outputId: output.outputId, shotId: output.shotId, code, ...(rule ? { rule } : {}), message },
    });
    const render = ledger.get(output.outputId);
    // A proof is a screen-size look with the proof mark, under the licence's proof terms: it never leaves.
    if (render?.kind === 'proof')
      return hold(
        'EXPORT_PROOF_REFUSED',
        `${output.outputId} is a proof (recorded as kind proof), not a render: proofs never export; render the shot and approve that output`,
        'not a proof',
      );
    if (!render || render.kind !== 'render')
      return hold(
        'LEDGER_RECORD_MISSING',
        `No render record ${output.outputId} in the usage ledger`,
        'verified ledger record',
      );
    if (recordHash(render) !== render.hash || !verifyObject(render, publicKeyPem)) {
      return hold(
        'LEDGER_RECORD_INVALID',
        `Render record ${render.id} (seq ${render.seq}) fails its hash or signature check`,
        'verified ledger record',
      );
    }
    let bytes: Buffer;
    try {
      bytes = readFileSync(output.file);
    } catch (cause) {
      return hold(
        'OUTPUT_FILE_MISSING',
        `Cannot read ${output.file}: ${(cause as Error).message}`,
        'output file recorded',
      );
    }
    const sha = sha256Hex(bytes);
    if (sha !== render.outputSha256) {
      return hold(
        'OUTPUT_HASH_MISMATCH',
        `${output.file} has SHA-256 ${sha}, but render record ${render.id} recorded ${render.outputSha256}`,
        'output file recorded',
      );
    }
    let shot: Shot;
    try {
      shot = ws.shots.load(output.shotId);
    } catch (error) {
      const e = toStudioError(error);
      return hold(e.code, e.message, 'shot resolvable');
    }
    // The gate judges the use that was rendered and recorded, not whatever the shot says now; an export
    // consumes no quota of its own (images: 0), the render already counted.
    const recorded: Shot = {
      ...shot,
      twin: { ...shot.twin, twinId: render.twinId, licenceId: render.licenceId },
      use: { ...shot.use, ...render.use } as Shot['use'],
    };
    const key = [render.shotId, render.twinId, render.licenceId, render.use.channel, render.use.territory].join('|');
    let decision = gates.get(key);
    if (!decision) {
      decision = evaluateShotPolicy(ws, recorded, ledger, { images: 0, now });
      gates.set(key, decision);
    }
    const verdict = await decision;
    if (!verdict.allowed) return hold(verdict.code, verdict.message, verdict.rule);
    return { ok: true, output, render, shot, bytes };
  };
}
