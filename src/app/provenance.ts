import { createLabelRenderer, type LabelRenderer, type Watermarker } from '../provenance/index.ts';
import { createWatermarker } from '../provenance/watermark/index.ts';
import type { Workspace } from '../workspace/index.ts';
import { createProvenanceKit, type ProvenanceKit } from './provenanceKit.ts';

/** The workspace's stamper (its org signing identity is made on first use; a demo CA signs it). */
export function createProvenance(ws: Workspace, options: { orgName?: string } = {}): Promise<ProvenanceKit> {
  return createProvenanceKit({
    workspaceDir: ws.dir,
    now: ws.now,
    ...(options.orgName ? { orgName: options.orgName } : {}),
  });
}

/** What reading a file back needs: the watermark detector and the label renderer; no signing identity. */
export function createProvenanceReader(): { watermarker: Watermarker; labels: LabelRenderer } {
  return { watermarker: createWatermarker(), labels: createLabelRenderer() };
}
