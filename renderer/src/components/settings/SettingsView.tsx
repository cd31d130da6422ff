import { useStudio } from '../../store/store.ts';
import { clock, plainDate } from '../common/format.ts';
import { Unavailable } from '../common/Unavailable.tsx';

export function SettingsView() {
  const settings = useStudio((s) => s.settings);
  const info = useStudio((s) => s.info);
  const sync = useStudio((s) => s.sync);
  const syncStatus = useStudio((s) => s.syncStatus);
  const setProvider = useStudio((s) => s.setProvider);
  return (
    <main className="settings-view" data-testid="settings">
      <section className="settings-card">
        <h2>Workspace</h2>
        <div className="kv">
          <span>Folder</span>
          <code>{settings?.workspaceDir ?? info?.workspaceDir ?? '—'}</code>
        </div>
        <div className="kv">
          <span>Mode</span>
          <span>{info?.mode === 'electron' ? 'Desktop app' : 'Browser mode (127.0.0.1 only)'}</span>
        </div>
        <div className="kv">
          <span>Version</span>
          <span>{info?.version ?? '—'}</span>
        </div>
      </section>
      <section className="settings-card">
        <h2>Execution provider</h2>
        {settings?.providers ? (
          <div className="providers">
            {['auto', ...settings.providers.map((p) => p.id)].map((id) => {
              const p = settings.providers!.find((x) => x.id === id);
              return (
                <label key={id} className={`provider ${p && !p.available ? 'off' : ''}`}>
                  <input
                    type="radio"
                    name="provider"
                    checked={settings.executionProvider === id}
                    disabled={p ? !p.available : false}
                    onChange={() => void setProvider(id)}
                  />
                  <span>{p?.label ?? 'Automatic (best available)'}</span>
                  {p && !p.available && <span className="muted small">{p.reason}</span>}
                </label>
              );
            })}
          </div>
        ) : (
          <Unavailable
            what="execution providers"
            status={{
              state: 'unavailable',
              message: 'The render engine is not part of this build yet, so there is nothing to choose from.',
            }}
          />
        )}
      </section>
      <section className="settings-card">
        <h2>Registry</h2>
        <Unavailable what="registry sync" status={syncStatus} />
        {sync && (
          <>
            <div className="kv">
              <span>Enrolment</span>
              <span>{sync.enrolled ? `Enrolled as ${sync.workstationId}` : 'Not enrolled'}</span>
            </div>
            <div className="kv">
              <span>Registry</span>
              <code>{sync.registryUrl ?? '—'}</code>
            </div>
            <div className="kv">
              <span>Last check-in</span>
              <span>
                {sync.lastCheckInAt ? `${plainDate(sync.lastCheckInAt)} ${clock(sync.lastCheckInAt)}` : 'never'}
              </span>
            </div>
            <div className="kv">
              <span>Records waiting</span>
              <span>{sync.pendingRecords}</span>
            </div>
            {sync.message && <div className="muted small">{sync.message}</div>}
          </>
        )}
      </section>
    </main>
  );
}
