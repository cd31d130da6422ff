import { beforeAll, describe, expect, it } from 'vitest';
import { StudioError } from '../../src/errors/index.ts';
import { signAsRegistry, type Licence, type Revocation, type Withdrawal } from '../../src/licences/index.ts';
import { checkPolicy, type PolicyInput } from '../../src/policy/index.ts';
import type { PackManifest } from '../../src/twins/index.ts';
import { makeLicence, makePackFolder, makeTrust, tempDir, type TrustFixture } from '../helpers/fixtures.ts';

let fx: TrustFixture;
let manifest: PackManifest;
let licence: Licence;
let revocation: Revocation;
let withdrawal: Withdrawal;

beforeAll(async () => {
  fx = makeTrust();
  const tmp = tempDir();
  // Consent 2026-01-01 .. 2028-01-01; licence 2026-06-01 .. 2027-06-01, 100 images, lease 72 h (fixtures.ts).
  manifest = await makePackFolder(tmp.dir, fx.ownerKey);
  tmp.cleanup();
  licence = makeLicence(fx.registryKey, manifest, {
    garmentCategories: ['top', 'trousers', 'dress', 'jacket', 'skirt', 'coat'],
  });
  revocation = signAsRegistry(
    {
      format: 'revocation/1' as const,
      revocationId: 'rev-1',
      licenceId: licence.licenceId,
      revokedAt: '2026-09-01T12:00:00Z',
      reason: 'brand dispute',
    },
    fx.registryKey,
  );
  withdrawal = signAsRegistry(
    {
      format: 'consent-withdrawal/1' as const,
      withdrawalId: 'wd-1',
      twinId: manifest.twinId,
      consentId: manifest.consent.consentId,
      withdrawnAt: '2026-10-01T00:00:00Z',
      reason: 'owner request',
    },
    fx.registryKey,
  );
});

const NOW = '2026-11-23T10:00:00Z';

function input(overrides: Partial<PolicyInput> & { nowIso?: string } = {}): PolicyInput {
  const { nowIso, ...rest } = overrides;
  const now = new Date(nowIso ?? NOW);
  return {
    pack: { ok: true, manifest },
    licence,
    trust: fx.trust,
    revocations: [],
    withdrawals: [],
    use: { channel: 'ecommerce', territory: 'DE', garmentCategories: ['top', 'trousers'] },
    now,
    imagesUsed: 0,
    ledger: { ok: true },
    lease: { lastCheckInAt: new Date(now.getTime() - 3_600_000).toISOString(), graceStartedAt: '2026-06-01T00:00:00Z' },
    ...rest,
  };
}

type Case = [name: string, make: () => PolicyInput, expected: string];

const BROKEN = {
  ok: false,
  firstBadSeq: 4,
  problem: 'body',
  message: 'column licence_id says "lic-b" but the signed record says "lic-test-1" (row edited)',
} as const;

const CASES: Case[] = [
  ['a licence in force for the intended use', () => input(), 'ALLOWED'],
  [
    'a pack that failed verification',
    () =>
      input({
        pack: {
          ok: false,
          error: new StudioError('PACK_TAMPERED', 'poses/front.png changed', { file: 'poses/front.png' }),
        },
      }),
    'PACK_TAMPERED',
  ],
  // Consent dates: validFrom inclusive, validUntil exclusive. The licence lies inside, so these hit the consent rule first.
  ['one ms before the consent starts', () => input({ nowIso: '2025-12-31T23:59:59.999Z' }), 'CONSENT_NOT_YET_VALID'],
  ['one ms after the consent ends', () => input({ nowIso: '2028-01-01T00:00:00.000Z' }), 'CONSENT_EXPIRED'],
  ['a withdrawal in force', () => input({ withdrawals: [withdrawal] }), 'CONSENT_WITHDRAWN'],
  [
    'a withdrawal dated after now',
    () => input({ withdrawals: [withdrawal], nowIso: '2026-09-30T23:59:59Z', revocations: [] }),
    'ALLOWED',
  ],
  ['a licence for another twin', () => input({ licence: { ...licence, twinId: 'twin-other' } }), 'LICENCE_WRONG_TWIN'],
  ['a licence altered after signing', () => input({ licence: { ...licence, maxImages: 10_000 } }), 'LICENCE_TAMPERED'],
  ['the instant the licence starts', () => input({ nowIso: '2026-06-01T00:00:00Z' }), 'ALLOWED'],
  ['one ms before the licence starts', () => input({ nowIso: '2026-05-31T23:59:59.999Z' }), 'LICENCE_NOT_YET_VALID'],
  ['one ms before the licence ends', () => input({ nowIso: '2027-05-31T23:59:59.999Z' }), 'ALLOWED'],
  ['the instant the licence ends', () => input({ nowIso: '2027-06-01T00:00:00Z' }), 'LICENCE_EXPIRED'],
  ['a revocation in force', () => input({ revocations: [revocation] }), 'LICENCE_REVOKED'],
  [
    'a revocation one ms in the future',
    () => input({ revocations: [revocation], nowIso: '2026-09-01T11:59:59.999Z' }),
    'ALLOWED',
  ],
  [
    'a revocation of another licence',
    () => input({ revocations: [{ ...revocation, licenceId: 'lic-other' }] }),
    'ALLOWED',
  ],
  [
    'a channel outside the licence',
    () => input({ use: { channel: 'broadcast', territory: 'DE', garmentCategories: [] } }),
    'CHANNEL_NOT_LICENSED',
  ],
  [
    'a territory outside the licence',
    () => input({ use: { channel: 'social', territory: 'JP', garmentCategories: [] } }),
    'TERRITORY_NOT_LICENSED',
  ],
  [
    'an EU member state under an EU licence',
    () => input({ use: { channel: 'social', territory: 'FR', garmentCategories: [] } }),
    'ALLOWED',
  ],
  [
    'the UK under an EU licence',
    () => input({ use: { channel: 'social', territory: 'GB', garmentCategories: [] } }),
    'TERRITORY_NOT_LICENSED',
  ],
  [
    'a category the consent prohibits',
    () => input({ use: { channel: 'ecommerce', territory: 'US', garmentCategories: ['top', 'lingerie'] } }),
    'CATEGORY_EXCLUDED',
  ],
  [
    'a category outside the licence list',
    () => input({ use: { channel: 'ecommerce', territory: 'US', garmentCategories: ['shorts'] } }),
    'CATEGORY_EXCLUDED',
  ],
  ['the last image of the quota', () => input({ imagesUsed: 99 }), 'ALLOWED'],
  ['a quota spent', () => input({ imagesUsed: 100 }), 'QUOTA_EXHAUSTED'],
  [
    'a batch larger than what is left',
    () => input({ imagesUsed: 95, use: { channel: 'ecommerce', territory: 'DE', garmentCategories: [], images: 6 } }),
    'QUOTA_EXHAUSTED',
  ],
  [
    'a proof with the quota spent (a proof takes no image)',
    () => input({ imagesUsed: 100, use: { ...input().use, images: 0 }, proof: { usedToday: 0 } }),
    'ALLOWED',
  ],
  ['the last proof of the day (default terms: 50)', () => input({ proof: { usedToday: 49 } }), 'ALLOWED'],
  ['a proof once the day is used', () => input({ proof: { usedToday: 50 } }), 'PROOF_LIMIT_REACHED'],
  [
    "a proof under the licence's own terms",
    () => {
      const { signature: _s, registryKeyId: _k, ...terms } = { ...licence, proofs: { perDay: 3, billed: false } };
      return input({ licence: signAsRegistry(terms, fx.registryKey), proof: { usedToday: 3 } });
    },
    'PROOF_LIMIT_REACHED',
  ],
  [
    'a proof on a revoked licence',
    () => input({ revocations: [revocation], proof: { usedToday: 0 } }),
    'LICENCE_REVOKED',
  ],
  ['a ledger that fails verification', () => input({ ledger: BROKEN }), 'LEDGER_TAMPERED'],
  ['a broken ledger and a spent quota', () => input({ ledger: BROKEN, imagesUsed: 100 }), 'LEDGER_TAMPERED'],
  [
    'a check-in 71 h 59 min ago',
    () => input({ lease: { lastCheckInAt: '2026-11-20T10:01:00Z', graceStartedAt: '2026-06-01T00:00:00Z' } }),
    'ALLOWED',
  ],
  [
    'a check-in exactly 72 h ago',
    () => input({ lease: { lastCheckInAt: '2026-11-20T10:00:00Z', graceStartedAt: '2026-06-01T00:00:00Z' } }),
    'LEASE_EXPIRED',
  ],
  [
    'never checked in, inside the grace period',
    () => input({ lease: { lastCheckInAt: null, graceStartedAt: '2026-11-22T10:00:00Z' } }),
    'ALLOWED',
  ],
  [
    'never checked in, grace period over',
    () => input({ lease: { lastCheckInAt: null, graceStartedAt: '2026-11-19T10:00:00Z' } }),
    'LEASE_EXPIRED',
  ],
];

describe('policy gate', () => {
  it.each(CASES)('%s', (_name, make, expected) => {
    const decision = checkPolicy(make());
    expect(decision.allowed ? 'ALLOWED' : decision.code).toBe(expected);
  });

  it('names the rule and the fact in a refusal', () => {
    const decision = checkPolicy(input({ nowIso: '2027-06-01T00:00:00Z' }));
    expect(decision).toMatchObject({
      allowed: false,
      code: 'LICENCE_EXPIRED',
      rule: 'licence in force',
      facts: { licenceId: 'lic-test-1', validUntil: '2027-06-01T00:00:00Z' },
    });
    if (!decision.allowed) expect(decision.message).toBe('Licence lic-test-1 expired on 2027-06-01T00:00:00Z');
  });

  it('refuses on a broken ledger before the quota, saying what to do, and names the first bad record', () => {
    const decision = checkPolicy(input({ ledger: BROKEN, imagesUsed: 100 }));
    const facts = { firstBadSeq: 4, problem: 'body' };
    expect(decision).toMatchObject({ allowed: false, code: 'LEDGER_TAMPERED', rule: 'ledger verified', facts });
    if (decision.allowed) return;
    expect(decision.message).toBe(
      'The usage ledger fails verification at seq 4: column licence_id says "lic-b" but the signed record says ' +
        '"lic-test-1" (row edited). Renders and exports stay blocked until it verifies: run ' +
        "'twin-studio ledger verify' for the details, then restore the workspace from a backup or contact the registry",
    );
    const dropped = {
      ok: false,
      firstBadSeq: 0,
      problem: 'guard',
      message: 'the append-only triggers were dropped',
    } as const;
    const guards = checkPolicy(input({ ledger: dropped }));
    expect(guards.allowed ? '' : guards.message).toMatch(
      /^The usage ledger fails verification: the append-only triggers/,
    );
  });

  it('reports what is left when allowed', () => {
    expect(checkPolicy(input({ imagesUsed: 40 }))).toMatchObject({
      allowed: true,
      imagesLeft: 59,
      fee: { perImage: 3000, currency: 'EUR' },
    });
  });

  describe('time zones: instants compare as instants, whatever offset they are written in', () => {
    const at = (validUntil: string, nowIso: string) => {
      const local = makeLicence(fx.registryKey, manifest, { validUntil });
      const decision = checkPolicy(input({ licence: local, nowIso }));
      return decision.allowed ? 'ALLOWED' : decision.code;
    };
    it.each([
      // Midnight in Paris (UTC+1 in winter) is 23:00 UTC the day before.
      ['2026-12-01T00:00:00+01:00', '2026-11-30T22:59:59Z', 'ALLOWED'],
      ['2026-12-01T00:00:00+01:00', '2026-11-30T23:00:00Z', 'LICENCE_EXPIRED'],
      // Midnight in New York (UTC-5) is 05:00 UTC the same day.
      ['2026-12-01T00:00:00-05:00', '2026-12-01T04:59:59Z', 'ALLOWED'],
      ['2026-12-01T00:00:00-05:00', '2026-12-01T05:00:00Z', 'LICENCE_EXPIRED'],
      // "now" written with an offset is the same instant.
      ['2026-12-01T00:00:00Z', '2026-12-01T09:00:00+09:00', 'LICENCE_EXPIRED'],
      ['2026-12-01T00:00:00Z', '2026-11-30T23:59:59-00:00', 'ALLOWED'],
    ])('valid until %s, now %s → %s', (validUntil, nowIso, expected) => {
      expect(at(validUntil, nowIso)).toBe(expected);
    });
  });
});
