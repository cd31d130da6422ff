import { systemClock, type Clock } from '../clock/index.ts';
import path from 'node:path';
import {
  createC2paSigner,
  createC2paVerifier,
  createLabelRenderer,
  createStamper,
  ensureSigningIdentity,
  type C2paVerifier,
  type LabelRenderer,
  type SigningIdentity,
  type Stamper,
  type Watermarker,
} from '../provenance/index.ts';
import { createWatermarker } from '../provenance/watermark/index.ts';
import { APP_VERSION } from './version.ts';

/** Everything that stamps and reads back provenance, built once per process and shared by render and export. */
export interface ProvenanceKit {
  stamper: Stamper;
  watermarker: Watermarker;
  labels: LabelRenderer;
  identity: SigningIdentity;
  c2pa: C2paVerifier;
}

/** Where a workspace keeps its org C2PA signing identity (a test CA until a real certificate is installed). */
export function signingIdentityDir(workspaceDir: string): string {
  return path.join(workspaceDir, 'keys', 'c2pa');
}

export async function createProvenanceKit(options: {
  workspaceDir: string;
  now: Clock;
  orgName?: string;
  appVersion?: string;
}): Promise<ProvenanceKit> {
  const appVersion = options.appVersion ?? APP_VERSION;
  const identity = await ensureSigningIdentity({
    dir: signingIdentityDir(options.workspaceDir),
    orgName: options.orgName ?? 'Twin Studio',
    // Every C2PA reader checks the certificate against its own wall clock, not the studio's: issue it on that clock.
    now: systemClock(),
  });
  const watermarker = createWatermarker();
  const labels = createLabelRenderer();
  const signer = await createC2paSigner({ identity, appVersion });
  const stamper = createStamper({ watermarker, signer, appVersion, labels, now: options.now });
  return { stamper, watermarker, labels, identity, c2pa: createC2paVerifier() };
}
