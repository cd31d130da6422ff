import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { adviceFor } from '../../src/api/advice.ts';
import { checkPolicy } from '../../src/policy/index.ts';
import { makeLicence, makePackFolder, makeTrust, tempDir } from '../helpers/fixtures.ts';

/** A refusal names the document that said no: the licence, or the consent beneath it. */
describe('refusals name the document that refused', () => {
  const tmp = tempDir('twin-refusal-');
  afterAll(() => tmp.cleanup());

  it('channel and territory: the licence when it lacks them, the consent when only the consent does', async () => {
    const trust = makeTrust();
    const manifest = await makePackFolder(path.join(tmp.dir, 'pack'), trust.ownerKey);
    // Signed straight by the registry key (import would refuse it): the licence grants more than the consent.
    const licence = makeLicence(trust.registryKey, manifest, {
      channels: ['ecommerce', 'broadcast'],
      territories: ['EU', 'JP'],
    });
    const now = new Date(Date.parse(licence.validFrom) + 86_400_000);
    const ask = (channel: string, territory: string) =>
      checkPolicy({
        pack: { ok: true, manifest },
        licence,
        trust: trust.trust,
        revocations: [],
        withdrawals: [],
        use: { channel, territory, garmentCategories: [] },
        now,
        imagesUsed: 0,
        ledger: { ok: true },
        lease: { lastCheckInAt: now.toISOString(), graceStartedAt: now.toISOString() },
      });
    const consentSays = ask('broadcast', 'DE');
    expect(consentSays).toMatchObject({ allowed: false, code: 'CHANNEL_NOT_LICENSED', facts: { source: 'consent' } });
    expect(consentSays.allowed === false && consentSays.message).toBe(
      `Channel broadcast is not covered: consent ${manifest.consent.consentId} of ${manifest.displayName} allows ecommerce, social`,
    );
    const licenceSays = ask('social', 'DE');
    expect(licenceSays).toMatchObject({ allowed: false, code: 'CHANNEL_NOT_LICENSED', facts: { source: 'licence' } });
    expect(licenceSays.allowed === false && licenceSays.message).toContain(
      `licence ${licence.licenceId} allows ecommerce, broadcast`,
    );
    expect(ask('ecommerce', 'JP')).toMatchObject({
      allowed: false,
      code: 'TERRITORY_NOT_LICENSED',
      facts: { source: 'consent' },
    });
    expect(ask('ecommerce', 'US')).toMatchObject({
      allowed: false,
      code: 'TERRITORY_NOT_LICENSED',
      facts: { source: 'licence' },
    });
    expect(ask('ecommerce', 'DE')).toMatchObject({ allowed: true });
    // The advice follows the source: the consent's channels, not the licence's, when the consent said no.
    expect(consentSays.allowed === false && adviceFor(consentSays.code, consentSays.facts)).toContain(
      'consent covers ecommerce, social only',
    );
    expect(licenceSays.allowed === false && adviceFor(licenceSays.code, licenceSays.facts)).toContain(
      'the licence covers (ecommerce, broadcast)',
    );
  });
});
