import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { adviceFor } from '../../src/api/advice.ts';
import { StudioError } from '../../src/errors/index.ts';
import { signAsRegistry, verifyLicence, type Licence, type Withdrawal } from '../../src/licences/index.ts';
import { checkPolicy, type PolicyInput, type PolicyRefusal } from '../../src/policy/index.ts';
import { verifyPack, type Consent, type PackManifest } from '../../src/twins/index.ts';
import {
  consentDraft,
  makeLicence,
  makePackFolder,
  makeTrust,
  tempDir,
  type TrustFixture,
} from '../helpers/fixtures.ts';

/*
 * One test per consent field (docs/consent.md lists them): each field is enforced by the pack check, licence import
 * or the policy gate, or, where no machine can judge it, fixed by the owner's signature.
 */
let fx: TrustFixture;
let manifest: PackManifest;
let licence: Licence;
const tmp = tempDir();

beforeAll(async () => {
  fx = makeTrust();
  // Consent 2026-01-01 .. 2028-01-01, purposes catalogue + campaign; licence 2026-06-01 .. 2027-06-01 (fixtures.ts).
  manifest = await makePackFolder(path.join(tmp.dir, 'base'), fx.ownerKey);
  licence = makeLicence(fx.registryKey, manifest);
});
afterAll(() => tmp.cleanup());

const NOW = new Date('2026-11-23T10:00:00Z');

/** The manifest with some consent fields changed in memory (the licence is signed over the unchanged consent id). */
function withConsent(change: (c: Consent) => Partial<Consent>): PackManifest {
  return { ...manifest, consent: { ...manifest.consent, ...change(manifest.consent) } };
}

function decide(overrides: Partial<PolicyInput> = {}) {
  return checkPolicy({
    pack: { ok: true, manifest },
    licence,
    trust: fx.trust,
    revocations: [],
    withdrawals: [],
    use: { channel: 'ecommerce', territory: 'DE', garmentCategories: ['top'] },
    now: NOW,
    imagesUsed: 0,
    ledger: { ok: true },
    lease: { lastCheckInAt: new Date(NOW.getTime() - 3_600_000).toISOString(), graceStartedAt: '2026-06-01T00:00:00Z' },
    ...overrides,
  });
}

function refusal(overrides: Partial<PolicyInput>): PolicyRefusal {
  const d = decide(overrides);
  if (d.allowed) throw new Error('expected a refusal');
  return d;
}

const pack = (m: PackManifest): PolicyInput['pack'] => ({ ok: true, manifest: m });

function importError(l: Licence, m: PackManifest): StudioError {
  try {
    verifyLicence(l, m, fx.trust);
  } catch (error) {
    return error as StudioError;
  }
  throw new Error('expected import to refuse the licence');
}

/** The pack tool refuses to sign such a consent, and a pack whose twin.json carries it is refused as malformed. */
async function packError(consent: Partial<Consent>): Promise<StudioError> {
  const dir = path.join(tmp.dir, `pack-${Object.keys(consent).join('-')}`);
  await expect(makePackFolder(dir, fx.ownerKey, { consent: consentDraft(consent) })).rejects.toMatchObject({
    code: 'PACK_INVALID',
  });
  await makePackFolder(dir, fx.ownerKey);
  const file = path.join(dir, 'twin.json');
  const signed = JSON.parse(readFileSync(file, 'utf8')) as PackManifest;
  writeFileSync(file, JSON.stringify({ ...signed, consent: { ...signed.consent, ...consent } }));
  try {
    await verifyPack(dir, fx.trust);
  } catch (error) {
    return error as StudioError;
  }
  throw new Error('expected the pack to be refused');
}

describe('consent fields: each one enforced or fixed by the signature', () => {
  it('the baseline use is allowed', () => {
    expect(decide().allowed).toBe(true);
  });

  it('consentId: a licence resting on another consent is refused at import and by the gate', () => {
    const other = makeLicence(fx.registryKey, manifest, { consentId: 'consent-other' });
    expect(importError(other, manifest).code).toBe('LICENCE_WRONG_CONSENT');
    expect(refusal({ licence: other }).code).toBe('LICENCE_WRONG_TWIN');
  });

  it('noticeGivenAt: notice after the consent was granted makes the pack invalid', async () => {
    const e = await packError({ noticeGivenAt: '2026-01-02T00:00:00Z' });
    expect(e.code).toBe('PACK_INVALID');
    expect(e.details.fields).toContain('consent.noticeGivenAt');
  });

  it('grantedAt: a consent starting before it was granted makes the pack invalid; notice = grant = start is fine', async () => {
    const e = await packError({ grantedAt: '2026-01-02T00:00:00Z', noticeGivenAt: '2025-12-01T00:00:00Z' });
    expect(e.code).toBe('PACK_INVALID');
    expect(e.details.fields).toContain('consent.grantedAt');
    const same = '2026-01-01T00:00:00Z';
    const dir = path.join(tmp.dir, 'same-instant');
    await makePackFolder(dir, fx.ownerKey, { consent: consentDraft({ noticeGivenAt: same, grantedAt: same }) });
    await expect(verifyPack(dir, fx.trust)).resolves.toBeDefined();
  });

  it('validFrom / validUntil: the gate refuses outside them; import refuses a licence reaching past them', () => {
    expect(refusal({ now: new Date('2025-12-31T23:59:59Z') }).code).toBe('CONSENT_NOT_YET_VALID');
    expect(refusal({ now: new Date('2028-01-01T00:00:00Z') }).code).toBe('CONSENT_EXPIRED');
    const long = makeLicence(fx.registryKey, manifest, { validUntil: '2028-06-01T00:00:00Z' });
    expect(importError(long, manifest)).toMatchObject({
      code: 'LICENCE_WIDENS_CONSENT',
      details: { field: 'validUntil' },
    });
  });

  it('scope.channels: a channel the licence has but the consent lacks is refused, naming the consent', () => {
    const m = withConsent(() => ({ scope: { ...manifest.consent.scope, channels: ['ecommerce'] } }));
    const r = refusal({ pack: pack(m), use: { channel: 'social', territory: 'DE', garmentCategories: [] } });
    expect(r).toMatchObject({ code: 'CHANNEL_NOT_LICENSED', facts: { source: 'consent' } });
    expect(r.message).toContain(`consent ${m.consent.consentId}`);
  });

  it('scope.territories: a territory the licence has but the consent lacks is refused, naming the consent', () => {
    const m = withConsent(() => ({ scope: { ...manifest.consent.scope, territories: ['US'] } }));
    const r = refusal({ pack: pack(m), use: { channel: 'ecommerce', territory: 'DE', garmentCategories: [] } });
    expect(r).toMatchObject({ code: 'TERRITORY_NOT_LICENSED', facts: { source: 'consent' } });
  });

  it('scope.advertisers: a licensee the consent does not name is refused at import and by the gate', () => {
    const m = withConsent(() => ({ scope: { ...manifest.consent.scope, advertisers: ['org-rival'] } }));
    expect(importError(licence, m)).toMatchObject({ code: 'LICENCE_WIDENS_CONSENT', details: { field: 'licensee' } });
    const r = refusal({ pack: pack(m) });
    expect(r).toMatchObject({
      code: 'LICENCE_WIDENS_CONSENT',
      rule: 'licence within consent',
      facts: { field: 'licensee', licenceValue: 'org-brand', consentValue: ['org-rival'] },
    });
    // Naming the licensee's organisation lets it through.
    const named = withConsent(() => ({
      scope: { ...manifest.consent.scope, advertisers: ['org-rival', 'org-brand'] },
    }));
    expect(decide({ pack: pack(named) }).allowed).toBe(true);
  });

  it('scope.productLines: a licensee product line outside the consent is refused at import and by the gate', () => {
    const m = withConsent(() => ({ scope: { ...manifest.consent.scope, productLines: ['menswear'] } }));
    expect(importError(licence, m)).toMatchObject({ details: { field: 'product line' } });
    expect(refusal({ pack: pack(m) })).toMatchObject({
      code: 'LICENCE_WIDENS_CONSENT',
      facts: { field: 'product line', licenceValue: 'womenswear' },
    });
  });

  it("scope.purposes: the use's purpose (by default its channel's) must be one the consent names", () => {
    const catalogueOnly = withConsent(() => ({ scope: { ...manifest.consent.scope, purposes: ['Catalogue'] } }));
    // ecommerce is product imagery, which "catalogue" names; social is a campaign, which it does not.
    expect(decide({ pack: pack(catalogueOnly) }).allowed).toBe(true);
    const social = refusal({
      pack: pack(catalogueOnly),
      use: { channel: 'social', territory: 'DE', garmentCategories: [] },
    });
    expect(social).toMatchObject({
      code: 'PURPOSE_NOT_CONSENTED',
      rule: 'purpose within consent',
      facts: { channel: 'social', purpose: 'campaign', consented: ['Catalogue'] },
    });
    expect(social.message).toMatch(/campaign \(what channel social is used for\).*allows only Catalogue/);
    expect(adviceFor(social.code, social.facts)).toContain('consent covers Catalogue only');
    // A purpose the shot states wins over the channel's.
    const stated = refusal({
      pack: pack(catalogueOnly),
      use: { channel: 'ecommerce', territory: 'DE', garmentCategories: [], purpose: 'campaign' },
    });
    expect(stated.facts).toMatchObject({ purpose: 'campaign' });
    // Words the studio does not know allow nothing.
    const editorial = withConsent(() => ({ scope: { ...manifest.consent.scope, purposes: ['editorial'] } }));
    expect(refusal({ pack: pack(editorial) }).code).toBe('PURPOSE_NOT_CONSENTED');
  });

  it('prohibited.categories: a prohibited garment category is refused by the gate and in a licence at import', () => {
    const r = refusal({ use: { channel: 'ecommerce', territory: 'DE', garmentCategories: ['lingerie'] } });
    expect(r).toMatchObject({ code: 'CATEGORY_EXCLUDED', facts: { source: 'consent' } });
    const m = withConsent((c) => ({ prohibited: { ...c.prohibited, categories: ['dress'] } }));
    const wide = makeLicence(fx.registryKey, manifest, { garmentCategories: ['top', 'dress'] });
    expect(importError(wide, m)).toMatchObject({ details: { field: 'garment category', licenceValue: 'dress' } });
  });

  it('prohibited.alterations: a look that would alter a prohibited trait is refused', () => {
    expect(refusal({ look: { relightTwin: true } })).toMatchObject({
      code: 'ALTERATION_PROHIBITED',
      facts: { alteration: 'skin_tone' },
    });
  });

  it('compensation.perImage / currency: a licence paying less, or in another currency, is refused', () => {
    const dearer = withConsent((c) => ({ compensation: { ...c.compensation, perImage: 5000 } }));
    expect(importError(licence, dearer)).toMatchObject({ details: { field: 'fee per image' } });
    expect(refusal({ pack: pack(dearer) })).toMatchObject({
      code: 'LICENCE_WIDENS_CONSENT',
      facts: { field: 'fee per image', licenceValue: 3000, consentValue: 5000 },
    });
    const dollars = withConsent((c) => ({ compensation: { ...c.compensation, currency: 'USD' } }));
    expect(refusal({ pack: pack(dollars) }).facts).toMatchObject({ field: 'fee currency' });
  });

  it('revocable: a withdrawal is honoured even where the consent says it is not revocable, and says so', () => {
    const withdrawal: Withdrawal = signAsRegistry(
      {
        format: 'consent-withdrawal/1' as const,
        withdrawalId: 'wd-nr',
        twinId: manifest.twinId,
        consentId: manifest.consent.consentId,
        withdrawnAt: '2026-10-01T00:00:00Z',
        reason: 'owner request',
      },
      fx.registryKey,
    );
    const revocable = refusal({ withdrawals: [withdrawal] });
    expect(revocable).toMatchObject({ code: 'CONSENT_WITHDRAWN', facts: { revocable: true } });
    expect(revocable.message).not.toMatch(/not revocable/);
    const fixed = withConsent(() => ({ revocable: false }));
    const r = refusal({ pack: pack(fixed), withdrawals: [withdrawal] });
    expect(r).toMatchObject({ code: 'CONSENT_WITHDRAWN', facts: { revocable: false } });
    expect(r.message).toMatch(/marked not revocable.*settle it with the agency and the registry/);
  });

  // What no machine can judge (the contract's terms) is fixed by the owner's signature: edited, the pack is refused.
  const SIGNED_ONLY: [field: string, change: (c: Consent) => Partial<Consent>][] = [
    ['compensation.paymentTermsDays', (c) => ({ compensation: { ...c.compensation, paymentTermsDays: 365 } })],
    ['representation', () => ({ representation: { kind: 'lawyer', name: 'Someone Else' } })],
    ['trainingConsent', () => ({ trainingConsent: true })],
    ['revocable', () => ({ revocable: false })],
    ['governingLaw', () => ({ governingLaw: 'Elsewhere' })],
    ['documentSha256', () => ({ documentSha256: 'b'.repeat(64) })],
  ];
  it.each(SIGNED_ONLY)(
    '%s: edited after the owner signed, the pack is refused (PACK_TAMPERED)',
    async (field, change) => {
      const dir = path.join(tmp.dir, `signed-${field}`);
      await makePackFolder(dir, fx.ownerKey);
      const file = path.join(dir, 'twin.json');
      const signed = JSON.parse(readFileSync(file, 'utf8')) as PackManifest;
      writeFileSync(file, JSON.stringify({ ...signed, consent: { ...signed.consent, ...change(signed.consent) } }));
      await expect(verifyPack(dir, fx.trust)).rejects.toMatchObject({ code: 'PACK_TAMPERED' });
    },
  );
});
