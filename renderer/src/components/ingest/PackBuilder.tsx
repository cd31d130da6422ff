import { useState } from 'react';
import { CHANNELS, type PackBuiltView } from '../../../../src/contract/index.ts';
import { useClient } from '../../store/store.ts';

/** The form's fields, flat; `draftOf` turns them into twin.json's shape (the core checks it with the pack schema). */
interface Form {
  twinId: string;
  displayName: string;
  ownerName: string;
  agency: string;
  consentId: string;
  noticeGivenAt: string;
  grantedAt: string;
  validFrom: string;
  validUntil: string;
  channels: string[];
  territories: string;
  advertisers: string;
  productLines: string;
  purposes: string;
  prohibitedCategories: string;
  prohibitedAlterations: string;
  perImage: string;
  currency: string;
  paymentTermsDays: string;
  representationKind: 'agency' | 'union' | 'lawyer';
  representationName: string;
  trainingConsent: boolean;
  revocable: boolean;
  governingLaw: string;
  documentSha256: string;
}

const EMPTY: Form = {
  twinId: '',
  displayName: '',
  ownerName: '',
  agency: '',
  consentId: '',
  noticeGivenAt: '',
  grantedAt: '',
  validFrom: '',
  validUntil: '',
  channels: ['ecommerce'],
  territories: 'EU',
  advertisers: '',
  productLines: '',
  purposes: 'catalogue',
  prohibitedCategories: '',
  prohibitedAlterations: '',
  perImage: '0',
  currency: 'EUR',
  paymentTermsDays: '30',
  representationKind: 'agency',
  representationName: '',
  trainingConsent: false,
  revocable: true,
  governingLaw: '',
  documentSha256: '',
};

const list = (s: string): string[] =>
  s
    .split(',')
    .map((x) => x.trim())
    .filter(Boolean);
/** A date field is a day; the pack stores instants with an explicit offset (midnight UTC). */
const instant = (day: string): string => (day ? `${day}T00:00:00Z` : '');
const day = (v: unknown): string => (typeof v === 'string' ? v.slice(0, 10) : '');

function draftOf(f: Form): Record<string, unknown> {
  return {
    twinId: f.twinId,
    displayName: f.displayName,
    owner: { name: f.ownerName, agency: f.agency },
    consent: {
      consentId: f.consentId,
      grantedAt: instant(f.grantedAt),
      noticeGivenAt: instant(f.noticeGivenAt),
      validFrom: instant(f.validFrom),
      validUntil: instant(f.validUntil),
      scope: {
        channels: f.channels,
        territories: list(f.territories),
        advertisers: list(f.advertisers),
        productLines: list(f.productLines),
        purposes: list(f.purposes),
      },
      prohibited: { categories: list(f.prohibitedCategories), alterations: list(f.prohibitedAlterations) },
      compensation: {
        perImage: Number(f.perImage),
        currency: f.currency,
        paymentTermsDays: Number(f.paymentTermsDays),
      },
      representation: { kind: f.representationKind, name: f.representationName },
      trainingConsent: f.trainingConsent,
      revocable: f.revocable,
      governingLaw: f.governingLaw,
      documentSha256: f.documentSha256.trim().toLowerCase(),
    },
  };
}

/** The form filled from a folder's twin.json draft (fields it lacks keep the form's defaults). */
function formOf(d: Record<string, unknown>): Form {
  type C = {
    consentId?: string;
    scope?: Record<string, string[]>;
    prohibited?: { categories?: string[]; alterations?: string[] };
    compensation?: { perImage?: number; currency?: string; paymentTermsDays?: number };
    representation?: { kind?: Form['representationKind']; name?: string };
    trainingConsent?: boolean;
    revocable?: boolean;
    governingLaw?: string;
    documentSha256?: string;
  } & Record<string, unknown>;
  const c = (d.consent ?? {}) as C;
  const owner = (d.owner ?? {}) as { name?: string; agency?: string };
  const s = c.scope ?? {};
  return {
    ...EMPTY,
    twinId: String(d.twinId ?? ''),
    displayName: String(d.displayName ?? ''),
    ownerName: owner.name ?? '',
    agency: owner.agency ?? '',
    consentId: c.consentId ?? '',
    noticeGivenAt: day(c.noticeGivenAt),
    grantedAt: day(c.grantedAt),
    validFrom: day(c.validFrom),
    validUntil: day(c.validUntil),
    channels: s.channels ?? EMPTY.channels,
    territories: (s.territories ?? []).join(', '),
    advertisers: (s.advertisers ?? []).join(', '),
    productLines: (s.productLines ?? []).join(', '),
    purposes: (s.purposes ?? []).join(', '),
    prohibitedCategories: (c.prohibited?.categories ?? []).join(', '),
    prohibitedAlterations: (c.prohibited?.alterations ?? []).join(', '),
    perImage: String(c.compensation?.perImage ?? 0),
    currency: c.compensation?.currency ?? 'EUR',
    paymentTermsDays: String(c.compensation?.paymentTermsDays ?? 30),
    representationKind: c.representation?.kind ?? 'agency',
    representationName: c.representation?.name ?? '',
    trainingConsent: c.trainingConsent ?? false,
    revocable: c.revocable ?? true,
    governingLaw: c.governingLaw ?? '',
    documentSha256: c.documentSha256 ?? '',
  };
}

type TextKey = { [K in keyof Form]: Form[K] extends string ? K : never }[keyof Form];

/** The pack builder: twin.json's consent fields in a form, checked as twin verify checks, signed by the owner's key. */
export function PackBuilder({ packDir: initialDir }: { packDir: string }) {
  const client = useClient();
  const [packDir, setPackDir] = useState(initialDir);
  const [keyPath, setKeyPath] = useState('');
  const [form, setForm] = useState<Form>(EMPTY);
  const [poses, setPoses] = useState<string[] | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [built, setBuilt] = useState<PackBuiltView | null>(null);

  const run = async (work: () => Promise<void>) => {
    setBusy(true);
    setError(null);
    try {
      await work();
    } catch (e) {
      const code = (e as { code?: string }).code;
      setError(`${code ? `${code}: ` : ''}${(e as Error).message}`);
    } finally {
      setBusy(false);
    }
  };
  const load = () =>
    run(async () => {
      const d = await client.call('ingest.packDraft', { packDir });
      setPoses(d.poses);
      setBuilt(null);
      if (d.draft) setForm(formOf(d.draft));
    });
  const sign = () =>
    run(async () => {
      setBuilt(await client.call('ingest.signPack', { packDir, keyPath, draft: draftOf(form) }));
    });

  const text = (key: TextKey, label: string, extra: { placeholder?: string; type?: string } = {}) => (
    <label className="field stack">
      <span className="muted small">{label}</span>
      <input
        value={form[key]}
        type={extra.type ?? 'text'}
        placeholder={extra.placeholder}
        onChange={(e) => setForm({ ...form, [key]: e.target.value })}
        data-testid={`pack-${key}`}
      />
    </label>
  );
  const flag = (key: 'trainingConsent' | 'revocable', label: string) => (
    <label className="field">
      <input type="checkbox" checked={form[key]} onChange={(e) => setForm({ ...form, [key]: e.target.checked })} />
      <span>{label}</span>
    </label>
  );

  return (
    <div className="pack-builder" data-testid="pack-builder">
      <div className="pack-row">
        <label className="field stack grow">
          <span className="muted small">Pack folder</span>
          <input value={packDir} onChange={(e) => setPackDir(e.target.value)} data-testid="pack-dir" />
        </label>
        <button className="btn" disabled={!packDir || busy} onClick={() => void load()} data-testid="pack-load">
          Open
        </button>
      </div>
      {poses && (
        <div className="muted small">
          {poses.length === 0 ? 'No poses saved in this folder yet.' : `Poses: ${poses.join(', ')}`}
        </div>
      )}
      <div className="section-label">Twin</div>
      <div className="pack-grid">
        {text('twinId', 'Twin id', { placeholder: 'tw_ada' })}
        {text('displayName', 'Display name')}
        {text('ownerName', 'Owner (the model)')}
        {text('agency', 'Agency')}
      </div>
      <div className="section-label">Consent</div>
      <div className="pack-grid">
        {text('consentId', 'Consent id')}
        {text('governingLaw', 'Governing law', { placeholder: 'NL' })}
        {text('noticeGivenAt', 'Notice given', { type: 'date' })}
        {text('grantedAt', 'Consent granted', { type: 'date' })}
        {text('validFrom', 'Valid from', { type: 'date' })}
        {text('validUntil', 'Valid until', { type: 'date' })}
      </div>
      <div className="muted small">Channels</div>
      <div className="pack-checks">
        {CHANNELS.map((c) => (
          <label key={c} className="field">
            <input
              type="checkbox"
              checked={form.channels.includes(c)}
              onChange={(e) =>
                setForm({
                  ...form,
                  channels: e.target.checked ? [...form.channels, c] : form.channels.filter((x) => x !== c),
                })
              }
            />
            <span>{c}</span>
          </label>
        ))}
      </div>
      <div className="pack-grid">
        {text('territories', 'Territories', { placeholder: 'EU, GB, US' })}
        {text('advertisers', 'Advertisers (empty: any)')}
        {text('productLines', 'Product lines', { placeholder: 'womenswear' })}
        {text('purposes', 'Purposes', { placeholder: 'catalogue, campaign' })}
        {text('prohibitedCategories', 'Prohibited categories', { placeholder: 'lingerie, tobacco' })}
        {text('prohibitedAlterations', 'Prohibited alterations', { placeholder: 'age, body_shape' })}
        {text('perImage', 'Fee per image (minor units)', { type: 'number' })}
        {text('currency', 'Currency', { placeholder: 'EUR' })}
        {text('paymentTermsDays', 'Payment terms (days)', { type: 'number' })}
        <label className="field stack">
          <span className="muted small">Represented by</span>
          <select
            value={form.representationKind}
            onChange={(e) => setForm({ ...form, representationKind: e.target.value as Form['representationKind'] })}
          >
            <option value="agency">agency</option>
            <option value="union">union</option>
            <option value="lawyer">lawyer</option>
          </select>
        </label>
        {text('representationName', 'Representative')}
        {text('documentSha256', 'SHA-256 of the signed consent document')}
      </div>
      <div className="pack-checks">
        {flag('revocable', 'Revocable')}
        {flag('trainingConsent', 'Consents to training')}
      </div>
      <div className="section-label">Sign</div>
      <div className="pack-row">
        <label className="field stack grow">
          <span className="muted small">Owner key file (twin-studio keys new)</span>
          <input value={keyPath} onChange={(e) => setKeyPath(e.target.value)} data-testid="pack-key" />
        </label>
        <button
          className="btn primary"
          disabled={!packDir || !keyPath || busy}
          onClick={() => void sign()}
          data-testid="pack-sign"
        >
          {busy ? 'Checking…' : 'Check and sign'}
        </button>
      </div>
      {error && (
        <div className="refusal" data-testid="pack-error">
          {error}
        </div>
      )}
      {built && (
        <div className="policy-ok" data-testid="pack-built">
          Signed {built.twinId}: {built.poses.length} pose{built.poses.length === 1 ? '' : 's'}, {built.files} files,
          owner key {built.ownerKeyId}.
          {built.ownerTrusted
            ? ' This workspace trusts the key.'
            : " This workspace's owner list does not hold the key yet: importing here needs it on the registry's list."}
        </div>
      )}
    </div>
  );
}
