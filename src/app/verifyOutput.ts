import { readFileSync } from 'node:fs';
import { sha256Hex, verifyObject } from '../crypto/index.ts';
import { isStudioError, StudioError } from '../errors/index.ts';
import { readImageHeader } from '../imaging/index.ts';
import { recordHash, type ChainCheck, type UsageRecord } from '../ledger/index.ts';
import { inspectFile, type Inspection } from '../provenance/index.ts';
import type { Studio } from './openStudio.ts';
import type { ProvenanceKit } from './provenanceKit.ts';

export interface RecordCheck {
  found: boolean;
  /** How the record was found: the file's hash, else the XMP's usage id, else the watermark's short id. */
  via?: 'xmp' | 'watermark' | 'sha256';
  record?: UsageRecord;
  fileHashMatches?: boolean;
  signatureValid?: boolean;
  chain?: ChainCheck;
}

export interface FileVerification {
  file: string;
  sha256: string;
  inspection: Inspection;
  record: RecordCheck;
  /** Every contradiction found; empty means the file and its record agree. */
  problems: string[];
}

function findRecord(studio: Studio, inspection: Inspection, sha256: string): RecordCheck {
  const { ledger } = studio;
  // The record written with exactly these bytes (a render, or an export of it) is the precise answer.
  const byHash = ledger.byOutputSha256(sha256);
  if (byHash.length > 0) return { found: true, via: 'sha256', record: byHash[byHash.length - 1] };
  // Otherwise the file was changed after it was recorded (re-encoded, resized, cropped, edited): find its usage.
  const usageId = inspection.xmp?.usageId;
  const byXmp = usageId ? ledger.get(usageId) : undefined;
  if (byXmp) return { found: true, via: 'xmp', record: byXmp };
  const mark =
    inspection.watermark.found && inspection.watermark.payload
      ? ledger.byShortId(inspection.watermark.payload).filter((r) => r.kind === 'render')
      : [];
  if (mark[0]) return { found: true, via: 'watermark', record: mark[0] };
  return { found: false };
}

/**
 * The image limits first (a header claiming 15000×15000 is refused before anything is decoded), then the
 * inspection; a decoder failing on bytes past a readable header is a corrupt image, not a fault of ours.
 */
async function inspectImage(
  file: string,
  bytes: Buffer,
  provenance: Pick<ProvenanceKit, 'watermarker' | 'labels'>,
): Promise<Inspection> {
  // An 8192×8192 output may well be over the 64 MiB an input may be: only the decode needs bounding here.
  await readImageHeader(bytes, file, { file }, { maxBytes: Number.POSITIVE_INFINITY });
  try {
    return await inspectFile(bytes, { watermarker: provenance.watermarker, labels: provenance.labels });
  } catch (cause) {
    if (isStudioError(cause)) throw cause;
    const message = `${file} could not be decoded: ${(cause as Error).message}`;
    throw new StudioError('IMAGE_CORRUPT', message, { file }, { cause });
  }
}

/**
 * `twin-studio verify FILE`: what the file says about itself (label, XMP, C2PA, watermark) and, when this
 * workspace holds it, the matching ledger record — its hash against the file, its signature, the chain.
 */
export async function verifyOutputFile(
  file: string,
  deps: { studio?: Studio; provenance: Pick<ProvenanceKit, 'watermarker' | 'labels'> },
): Promise<FileVerification> {
  let bytes: Buffer;
  try {
    bytes = readFileSync(file);
  } catch (cause) {
    throw new StudioError('FILE_NOT_FOUND', `Cannot read ${file}: ${(cause as Error).message}`, { file }, { cause });
  }
  const sha256 = sha256Hex(bytes);
  const inspection = await inspectImage(file, bytes, deps.provenance);
  const problems: string[] = [];
  if (inspection.labelPresent === false) problems.push('the visible AI label is missing or altered');
  if (!inspection.xmp) problems.push('no provenance XMP');
  if (inspection.c2pa.present && !inspection.c2pa.valid)
    problems.push(
      `the C2PA manifest does not validate: ${inspection.c2pa.validationErrors.map((e) => e.code).join(', ')}`,
    );
  if (!inspection.watermark.found) problems.push('no invisible watermark found');
  else if (inspection.watermark.matchesXmp === false)
    problems.push(`the watermark carries ${inspection.watermark.payload}, but the XMP names another usage`);

  let record: RecordCheck = { found: false };
  if (deps.studio) {
    record = findRecord(deps.studio, inspection, sha256);
    if (record.record) {
      const r = record.record;
      record.fileHashMatches = r.outputSha256 === sha256;
      record.signatureValid = recordHash(r) === r.hash && verifyObject(r, deps.studio.ws.workstationKey.publicKeyPem);
      record.chain = deps.studio.ledger.verifyChain();
      if (!record.fileHashMatches)
        problems.push(
          `the file's SHA-256 ${sha256.slice(0, 12)}… differs from its usage record's ${r.outputSha256.slice(0, 12)}…: the file was changed after it was recorded`,
        );
      if (!record.signatureValid)
        problems.push(`usage record seq ${r.seq} does not verify against this workstation's key`);
      if (!record.chain.ok) problems.push(`the ledger chain is broken at seq ${record.chain.firstBadSeq}`);
      if (inspection.xmp?.usageId && inspection.xmp.usageId !== r.id && r.ref !== inspection.xmp.usageId)
        problems.push(`the XMP names usage ${inspection.xmp.usageId}, the ledger record is ${r.id}`);
    }
  }
  return { file, sha256, inspection, record, problems };
}
