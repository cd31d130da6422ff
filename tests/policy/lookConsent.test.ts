import { beforeAll, describe, expect, it } from 'vitest';
import { checkPolicy, type PolicyInput } from '../../src/policy/index.ts';
import type { PackManifest } from '../../src/twins/index.ts';
import { makeLicence, makePackFolder, makeTrust, tempDir, type TrustFixture } from '../helpers/fixtures.ts';

let fx: TrustFixture;
let manifest: PackManifest;

beforeAll(async () => {
  fx = makeTrust();
  const tmp = tempDir();
  // The fixture consent prohibits body shape, age and skin tone alterations.
  manifest = await makePackFolder(tmp.dir, fx.ownerKey);
  tmp.cleanup();
});

function input(m: PackManifest, look: PolicyInput['look']): PolicyInput {
  const now = new Date('2026-11-23T10:00:00Z');
  return {
    pack: { ok: true, manifest: m },
    licence: makeLicence(fx.registryKey, m),
    trust: fx.trust,
    revocations: [],
    withdrawals: [],
    use: { channel: 'ecommerce', territory: 'DE', garmentCategories: ['top'] },
    now,
    imagesUsed: 0,
    ledger: { ok: true },
    lease: { lastCheckInAt: new Date(now.getTime() - 3_600_000).toISOString(), graceStartedAt: '2026-06-01T00:00:00Z' },
    ...(look ? { look } : {}),
  };
}

describe('policy gate: the look stays within the consent', () => {
  it('refuses a look that relights the twin when the consent prohibits skin-tone alteration, naming the setting', () => {
    const decision = checkPolicy(input(manifest, { relightTwin: true }));
    expect(decision).toMatchObject({
      allowed: false,
      code: 'ALTERATION_PROHIBITED',
      rule: 'look within consent',
      facts: { setting: 'look.relightTwin', alteration: 'skin_tone' },
    });
    expect(decision.allowed || decision.message).toMatch(/prohibits skin-tone alteration.*turn relightTwin off/);
  });

  it('allows light matching on the garments only, and a look that says nothing about the twin', () => {
    expect(checkPolicy(input(manifest, { relightTwin: false })).allowed).toBe(true);
    expect(checkPolicy(input(manifest, undefined)).allowed).toBe(true);
  });

  it('allows relighting the twin where the consent leaves skin tone alone', () => {
    const open: PackManifest = {
      ...manifest,
      consent: { ...manifest.consent, prohibited: { ...manifest.consent.prohibited, alterations: ['age'] } },
    };
    // The licence is signed over this manifest's consent id, which is unchanged; only the alteration list differs.
    expect(checkPolicy(input(open, { relightTwin: true })).allowed).toBe(true);
  });
});
