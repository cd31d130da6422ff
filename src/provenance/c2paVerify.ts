import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { initSync, WasmReader } from '@contentauth/c2pa-wasm';
import { USAGE_ASSERTION_LABEL } from './types.ts';

/** Codes that only say the signer is not on the reader's trust list; the signature itself can still be sound. */
const TRUST_ONLY_CODES = new Set(['signingCredential.untrusted']);

export interface C2paIssue {
  code: string;
  explanation?: string;
  url?: string;
}

export interface C2paManifestSummary {
  claimGenerator: string;
  title?: string;
  actions: { action: string; digitalSourceType?: string }[];
  usage?: { usageId?: string; usageCode?: string; twinId?: string; licenceId?: string };
  softBinding?: { alg: string; value?: string };
  signer: { issuer?: string; commonName?: string; alg?: string };
}

export interface C2paVerification {
  present: boolean;
  /** Signature, claim and data hash verify; an untrusted signer alone does not make it invalid. */
  valid: boolean;
  /** The signer chains to a trust anchor the reader was given (or to c2pa-rs' built-in list). */
  trusted: boolean;
  /** The signer was reported untrusted (expected for the studio's own test CA). */
  untrustedSigner: boolean;
  /** c2pa-rs' own verdict: "Invalid" | "Valid" | "Trusted". */
  validationState?: string;
  /** Every failure c2pa-rs reported except the untrusted-signer notice. */
  validationErrors: C2paIssue[];
  manifest?: C2paManifestSummary;
  /** Why there is no manifest or it could not be read. */
  reason?: string;
}

const MIME = { jpeg: 'image/jpeg', png: 'image/png', webp: 'image/webp' } as const;

export interface C2paVerifier {
  verify(
    bytes: Uint8Array,
    format: keyof typeof MIME,
    options?: { trustAnchorsPem?: string },
  ): Promise<C2paVerification>;
}

function loadWasm(): void {
  // wasm-bindgen keeps one instance per process and initSync returns early once it exists; reading the
  // 9 MB module is the cost worth paying once per verifier, not per file.
  const require = createRequire(import.meta.url);
  initSync({ module: readFileSync(require.resolve('@contentauth/c2pa-wasm/c2pa.wasm')) });
}

/** A reader bound to the loaded c2pa-rs wasm; make one per process and reuse it. */
export function createC2paVerifier(): C2paVerifier {
  loadWasm();
  return { verify: readAndValidate };
}

interface RawManifest {
  claim_generator?: string;
  claim_generator_info?: { name?: string; version?: string }[];
  title?: string;
  assertions?: { label: string; data: Record<string, unknown> }[];
  signature_info?: { issuer?: string; common_name?: string; alg?: string };
}

function summarise(raw: RawManifest): C2paManifestSummary {
  const info = raw.claim_generator_info?.[0];
  const assertions = raw.assertions ?? [];
  const find = (label: string) => assertions.find((a) => a.label === label)?.data;
  const actionsData = (find('c2pa.actions.v2') ?? find('c2pa.actions')) as
    { actions?: { action: string; digitalSourceType?: string }[] } | undefined;
  const soft = find('c2pa.soft-binding') as { alg?: string; blocks?: { value?: string }[] } | undefined;
  const summary: C2paManifestSummary = {
    claimGenerator: raw.claim_generator ?? (info?.name ? `${info.name}${info.version ? `/${info.version}` : ''}` : ''),
    actions: (actionsData?.actions ?? []).map((a) => ({
      action: a.action,
      ...(a.digitalSourceType ? { digitalSourceType: a.digitalSourceType } : {}),
    })),
    signer: {
      issuer: raw.signature_info?.issuer,
      commonName: raw.signature_info?.common_name,
      alg: raw.signature_info?.alg,
    },
  };
  if (raw.title) summary.title = raw.title;
  const usage = find(USAGE_ASSERTION_LABEL);
  if (usage) summary.usage = usage as C2paManifestSummary['usage'];
  if (soft?.alg) summary.softBinding = { alg: soft.alg, value: soft.blocks?.[0]?.value };
  return summary;
}

/**
 * Reads and validates a file's C2PA manifest with c2pa-rs (Adobe's reader, compiled to wasm), an
 * implementation independent of the c2pa-ts code that wrote it. One-off convenience; batch callers
 * should hold a createC2paVerifier().
 */
export async function verifyC2pa(
  bytes: Uint8Array,
  format: keyof typeof MIME,
  options: { trustAnchorsPem?: string } = {},
): Promise<C2paVerification> {
  return createC2paVerifier().verify(bytes, format, options);
}

async function readAndValidate(
  bytes: Uint8Array,
  format: keyof typeof MIME,
  options: { trustAnchorsPem?: string } = {},
): Promise<C2paVerification> {
  const context = options.trustAnchorsPem
    ? JSON.stringify({ verify: { verify_trust: true }, trust: { trust_anchors: options.trustAnchorsPem } })
    : undefined;
  let reader: WasmReader;
  try {
    reader = await WasmReader.fromBytes(MIME[format], bytes, context);
  } catch (error) {
    const reason = String(error);
    const absent = /JumbfNotFound|ProvenanceMissing|UnsupportedType/.test(reason);
    return {
      present: !absent,
      valid: false,
      trusted: false,
      untrustedSigner: false,
      validationErrors: absent ? [] : [{ code: 'manifest.unreadable', explanation: reason }],
      reason,
    };
  }
  try {
    const store = JSON.parse(reader.json()) as { validation_state?: string; validation_status?: C2paIssue[] };
    const status = store.validation_status ?? [];
    const validationErrors = status
      .filter((s) => !TRUST_ONLY_CODES.has(s.code))
      .map(({ code, explanation, url }) => ({ code, explanation, url }));
    const untrustedSigner = status.some((s) => TRUST_ONLY_CODES.has(s.code));
    const active = reader.activeManifest() as RawManifest | undefined;
    return {
      present: true,
      valid: validationErrors.length === 0 && store.validation_state !== 'Invalid',
      trusted: store.validation_state === 'Trusted',
      untrustedSigner,
      validationState: store.validation_state,
      validationErrors,
      ...(active ? { manifest: summarise(active) } : {}),
    };
  } finally {
    reader.free();
  }
}
