import { useState, type FormEvent } from 'react';
import type { SyncStatus } from '../../../../src/contract/index.ts';
import { useStudio } from '../../store/store.ts';
import { clock, plainDate } from '../common/format.ts';
import { Unavailable } from '../common/Unavailable.tsx';

const STATE_WORDS: Record<SyncStatus['state'], string> = {
  idle: 'Up to date',
  syncing: 'Syncing…',
  offline: 'Registry not reachable',
  error: 'Last sync failed',
};

const when = (iso: string | null): string => (iso ? `${plainDate(iso)} ${clock(iso)}` : 'never');

/** What went wrong, and what to do about it: the core's message and its advice, never a raw stack. */
function Problem({ message, advice }: { message: string; advice?: string | undefined }) {
  return (
    <div className="sync-error" role="alert" data-testid="sync-error">
      <div>{message}</div>
      {advice && <div className="sync-advice">{advice}</div>}
    </div>
  );
}

function EnrolForm({ sync }: { sync: SyncStatus | null }) {
  const enrol = useStudio((s) => s.enrol);
  const busy = useStudio((s) => s.syncBusy);
  const refused = useStudio((s) => s.enrolError);
  const [registryUrl, setRegistryUrl] = useState(sync?.registryUrl ?? '');
  const [token, setToken] = useState('');
  const submit = (e: FormEvent) => {
    e.preventDefault();
    void enrol(registryUrl.trim(), token.trim()).then((ok) => ok && setToken(''));
  };
  const advice = refused && sync?.lastError?.code === refused.code ? sync.lastError.advice : undefined;
  return (
    <form className="enrol-form" onSubmit={submit} data-testid="enrol-form">
      <div className="kv">
        <span>Enrolment</span>
        <span>Not enrolled</span>
      </div>
      <div className="kv">
        <span>Records waiting</span>
        <span data-testid="sync-pending">{sync?.pendingRecords ?? 0}</span>
      </div>
      <p className="muted small">
        Enrolling links this workstation to your organisation&apos;s rights registry: licences and revocations arrive
        from it, and usage records go to it. Your registry operator gives you its address and a one-time token.
      </p>
      <label className="field">
        <span>Registry address</span>
        <input
          type="url"
          required
          placeholder="https://registry.example.com"
          value={registryUrl}
          onChange={(e) => setRegistryUrl(e.target.value)}
          data-testid="enrol-url"
        />
      </label>
      <label className="field">
        <span>Enrolment token</span>
        <input
          type="text"
          required
          spellCheck={false}
          autoComplete="off"
          placeholder="enrol.KEYID.ORG.SECRET"
          value={token}
          onChange={(e) => setToken(e.target.value)}
          data-testid="enrol-token"
        />
      </label>
      <div>
        <button className="btn primary" type="submit" disabled={busy !== null} data-testid="enrol-submit">
          {busy === 'enrol' ? 'Enrolling…' : 'Enrol'}
        </button>
      </div>
      {refused && <Problem message={refused.message} advice={advice} />}
    </form>
  );
}

function Enrolled({ sync }: { sync: SyncStatus }) {
  const syncNow = useStudio((s) => s.syncNow);
  const busy = useStudio((s) => s.syncBusy);
  return (
    <div data-testid="sync-status">
      <div className="kv">
        <span>Organisation</span>
        <span data-testid="sync-org">{sync.orgId ?? '—'}</span>
      </div>
      <div className="kv">
        <span>Workstation</span>
        <code data-testid="sync-workstation">{sync.workstationId}</code>
      </div>
      <div className="kv">
        <span>Registry</span>
        <code>{sync.registryUrl}</code>
      </div>
      <div className="kv">
        <span>Last check-in</span>
        <span data-testid="sync-checkin">{when(sync.lastCheckInAt)}</span>
      </div>
      <div className="kv">
        <span>Records waiting</span>
        <span data-testid="sync-pending">{sync.pendingRecords}</span>
      </div>
      <div className="kv">
        <span>State</span>
        <span className={`sync-state ${sync.state}`} data-testid="sync-state">
          {busy === 'sync' ? STATE_WORDS.syncing : STATE_WORDS[sync.state]}
        </span>
      </div>
      {sync.lastError && <Problem message={sync.lastError.message} advice={sync.lastError.advice} />}
      <div className="sync-actions">
        <button
          className="btn primary"
          type="button"
          disabled={busy !== null}
          onClick={() => void syncNow()}
          data-testid="sync-now"
        >
          {busy === 'sync' ? 'Syncing…' : 'Sync now'}
        </button>
      </div>
    </div>
  );
}

/** Registry enrolment, status and "Sync now". */
export function RegistryCard() {
  const sync = useStudio((s) => s.sync);
  const syncStatus = useStudio((s) => s.syncStatus);
  return (
    <section className="settings-card" data-testid="registry-card">
      <h2>Registry</h2>
      <Unavailable what="registry sync" status={syncStatus} />
      {syncStatus.state === 'ready' && (sync?.enrolled ? <Enrolled sync={sync} /> : <EnrolForm sync={sync} />)}
    </section>
  );
}
