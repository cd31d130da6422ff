import type { LicenceDraft } from '../../src/registry/index.ts';

/** The licence the memory outbox's records name by default (lic-1 for twin-ada), issued to org-acme. */
export function testLicenceDraft(patch: Partial<LicenceDraft> = {}): LicenceDraft {
  return {
    format: 'licence/1',
    licenceId: 'lic-1',
    twinId: 'twin-ada',
    consentId: 'consent-1',
    licensee: { orgId: 'org-acme', name: 'Acme', brand: 'Acme', productLines: ['knitwear'] },
    channels: ['ecommerce'],
    territories: ['EU'],
    validFrom: '2026-01-01T00:00:00Z',
    validUntil: '2027-01-01T00:00:00Z',
    leaseHours: 72,
    maxImages: 1000,
    fee: { perImage: 1250, currency: 'EUR' },
    label: { text: 'AI twin of Ada', requiredProvenance: ['visible-label'] },
    ...patch,
  };
}
