import { existsSync } from 'node:fs';
import path from 'node:path';
import type { Studio } from '../../app/index.ts';
import { createProvenanceReader } from '../../app/provenance.ts';
import { verifyOutputFile, type FileVerification } from '../../app/verifyOutput.ts';
import { findEnclosingWorkspace } from '../../workspace/index.ts';
import { JSON_OPTION, stringFlag, WORKSPACE_OPTION, type Command } from '../command.ts';
import { usageError } from '../run.ts';
import { withStudio, workspaceDirFor } from '../workspaceArg.ts';

/** Where the badge is, whether the proof mark is under it, and whether it keeps off the figure (docs/label.md). */
function labelFacts(l: FileVerification['inspection']['label']): string {
  if (!l.present) return '';
  const overlap =
    l.foregroundOverlap === undefined
      ? ''
      : l.foregroundOverlap === 0
        ? ', clear of the figure'
        : `, over the figure (${Math.round(l.foregroundOverlap * 100)} % of the badge: no corner was clear)`;
  const proof = l.proofMark === undefined ? '' : l.proofMark ? ', proof mark on' : ', badge alone (approved export)';
  return ` (${l.corner}${overlap}${proof})`;
}

function describe(v: FileVerification): string[] {
  const i = v.inspection;
  const yes = (b: boolean | null | undefined) => (b === null || b === undefined ? 'unknown' : b ? 'yes' : 'NO');
  const lines = [
    `${v.file}: ${i.format} ${i.width}×${i.height}, sha256 ${v.sha256}`,
    `  visible label:  ${yes(i.labelPresent)}${labelFacts(i.label)}`,
    `  XMP:            ${i.xmp ? `${i.xmp.digitalSourceType ?? 'no DigitalSourceType'}; usage ${i.xmp.usageId ?? '?'}, twin ${i.xmp.twinId ?? '?'}, licence ${i.xmp.licenceId ?? '?'}` : 'none'}`,
    `  C2PA:           ${i.c2pa.present ? `${i.c2pa.valid ? 'valid' : 'INVALID'}${i.c2pa.untrustedSigner ? ' (signer not on a trust list)' : ''}` : 'none'}`,
    `  watermark:      ${i.watermark.found ? `${i.watermark.payload} (z ${i.watermark.confidence?.toFixed(1)})${i.watermark.matchesXmp === false ? ' — does NOT match the XMP' : ''}` : 'none found'}`,
  ];
  const r = v.record;
  if (!r.found) lines.push('  ledger record:  not in this workspace');
  else if (r.record) {
    lines.push(
      `  ledger record:  seq ${r.record.seq}, ${r.record.kind}, ${r.record.at} (found by ${r.via}); file hash ${r.fileHashMatches ? 'matches' : 'DIFFERS'}, signature ${r.signatureValid ? 'valid' : 'INVALID'}, chain ${r.chain?.ok ? 'verifies' : 'BROKEN'}`,
    );
  }
  lines.push(
    v.problems.length === 0
      ? 'verified: the file and its record agree'
      : `contradictions:\n${v.problems.map((p) => `  - ${p}`).join('\n')}`,
  );
  return lines;
}

export const verifyFile: Command = {
  words: ['verify'],
  summary: 'read back what an output file says about itself (label, XMP, C2PA, watermark) and its ledger record',
  usage: 'verify FILE [--workspace DIR] [--json]',
  options: { ...JSON_OPTION, ...WORKSPACE_OPTION },
  async run(ctx) {
    const [file] = ctx.args;
    if (!file) throw usageError('a file to verify is required');
    const provenance = createProvenanceReader();
    const check = async (studio: Studio | undefined) => {
      const v = await verifyOutputFile(path.resolve(file), { studio, provenance });
      if (ctx.flags.json)
        ctx.io.out(JSON.stringify(v, (_k, value) => (typeof value === 'bigint' ? value.toString() : value)));
      else for (const line of describe(v)) ctx.io.out(line);
      if (v.problems.length > 0) ctx.io.err(`PROVENANCE_CONTRADICTION: ${v.problems[0]}`);
      return v.problems.length === 0 ? 0 : 1;
    };
    const hasWorkspace =
      stringFlag(ctx, 'workspace') ||
      findEnclosingWorkspace(path.dirname(path.resolve(file))) ||
      existsSync(path.join(workspaceDirFor(ctx), 'workspace.json'));
    return hasWorkspace ? withStudio(ctx, { nearPath: path.dirname(path.resolve(file)) }, check) : check(undefined);
  },
};
