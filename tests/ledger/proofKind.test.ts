import { afterEach, describe, expect, it } from 'vitest';
import { StudioError } from '../../src/errors/index.ts';
import { DEFAULT_PROOF_TERMS, licenceSchema, proofFee, proofTermsOf } from '../../src/licences/index.ts';
import { makeLedgerFixture, renderInput } from '../helpers/ledgerFixture.ts';

// The ledger's `proof` kind and the licence's proof terms, on a real SQLite ledger.
const fixtures: ReturnType<typeof makeLedgerFixture>[] = [];
afterEach(() => {
  for (const f of fixtures.splice(0)) f.cleanup();
});

describe('ledger kind proof', () => {
  it('is chained and signed like a render, names no render, takes no image and counts per UTC day', () => {
    const f = makeLedgerFixture();
    fixtures.push(f);
    const { ledger } = f;
    ledger.append(renderInput(1));
    const proof = ledger.append(renderInput(2, { kind: 'proof', fee: { amount: 0, currency: 'EUR' } }));
    expect(proof.kind).toBe('proof');
    expect(ledger.imagesUsed('lic_0001')).toBe(1);
    expect(ledger.usageOf('lic_0001').fees).toEqual({ EUR: 1200 });
    expect(ledger.proofsOn('lic_0001', new Date(proof.at))).toBe(1);
    expect(ledger.proofsOn('lic_0001', new Date(Date.parse(proof.at) + 86_400_000))).toBe(0);
    expect(ledger.proofsOn('lic_other', new Date(proof.at))).toBe(0);
    expect(ledger.verifyChain().ok).toBe(true);

    const withRef = (() => {
      try {
        ledger.append(renderInput(3, { kind: 'proof', ref: proof.id }));
      } catch (error) {
        return error;
      }
    })();
    expect(withRef).toBeInstanceOf(StudioError);
    expect((withRef as StudioError).code).toBe('LEDGER_INPUT_INVALID');
  });
});

describe('licence proof terms', () => {
  const licence = {
    format: 'licence/1',
    licenceId: 'lic_0001',
    twinId: 'tw_mara',
    consentId: 'cons_1',
    licensee: { orgId: 'org', name: 'Org', brand: 'Brand', productLines: ['x'] },
    channels: ['ecommerce'],
    territories: ['EU'],
    validFrom: '2026-01-01T00:00:00Z',
    validUntil: '2027-01-01T00:00:00Z',
    leaseHours: 24,
    maxImages: 10,
    fee: { perImage: 3500, currency: 'EUR' },
    label: { text: 'AI', requiredProvenance: ['visible-label'] },
    issuedAt: '2026-01-01T00:00:00Z',
    registryKeyId: '0123456789abcdef',
    signature: 'x',
  };

  it('are optional: a licence without them parses unchanged and gets the unbilled default', () => {
    const parsed = licenceSchema.parse(licence);
    expect('proofs' in parsed).toBe(false);
    expect(proofTermsOf(parsed)).toEqual({ perDay: 50, billed: false });
    expect(proofTermsOf(parsed)).toBe(DEFAULT_PROOF_TERMS);
    expect(proofFee(parsed)).toEqual({ amount: 0, currency: 'EUR' });
  });

  it('bill per proof where they say so (the image fee when no proof fee is named)', () => {
    const billed = licenceSchema.parse({ ...licence, proofs: { perDay: 5, billed: true } });
    expect(proofFee(billed)).toEqual({ amount: 3500, currency: 'EUR' });
    expect(proofFee({ ...billed, proofs: { perDay: 5, billed: true, perProof: 50 } }).amount).toBe(50);
    expect(licenceSchema.safeParse({ ...licence, proofs: { perDay: -1, billed: false } }).success).toBe(false);
    expect(licenceSchema.safeParse({ ...licence, proofs: { perDay: 1 } }).success).toBe(false);
  });
});
