import path from 'node:path';
import { createC2paSigner, createLabelRenderer, createStamper, ensureSigningIdentity, type LabelRenderer, type Stamper, type Watermarker } from '../provenance/index.ts';
import { detectWatermark, embedWatermark, formatPayload, payloadFromUsageId } from '../provenance/watermark/index.ts';
import type { Workspace } from '../workspace/index.ts';
import { APP_VERSION } from './version.ts';

/** The real invisible watermark behind the stamper's seam. */
export const watermarker: Watermarker = {
  embed: (image, payload) => {
    const marked = embedWatermark({ ...image, channels: image.channels as 3 | 4 }, payload);
    return { ...marked, data: Buffer.from(marked.data.buffer, marked.data.byteOffset, marked.data.byteLength) };
  },
  detect: (image) => detectWatermark({ ...image, channels: image.channels as 3 | 4 }),
  payloadFromUsageId,
  formatPayload,
};

export interface Provenance {
  stamper: Stamper;
  labels: LabelRenderer;
  watermarker: Watermarker;
}

/** Builds the stamper with the workspace's org signing identity (made on first use; a demo CA signs it). */
export async function createProvenance(ws: Workspace, options: { orgName?: string } = {}): Promise<Provenance> {
  const identity = await ensureSigningIdentity({ dir: path.join(ws.layout.keys, 'org-signing'), orgName: options.orgName ?? 'Twin Studio workstation' });
  const signer = await createC2paSigner({ identity, appVersion: APP_VERSION });
  const labels = createLabelRenderer();
  return { stamper: createStamper({ watermarker, signer, appVersion: APP_VERSION, labels }), labels, watermarker };
}

/** What reading a file back needs: the watermark detector and the label renderer; no signing identity. */
export function createProvenanceReader(): Pick<Provenance, 'watermarker' | 'labels'> {
  return { watermarker, labels: createLabelRenderer() };
}
