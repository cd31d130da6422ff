import { useStudio } from '../../store/store.ts';
import { Unavailable } from '../common/Unavailable.tsx';
import { RegistryCard } from './RegistryCard.tsx';
import { ReviewerCard } from './ReviewerCard.tsx';

export function SettingsView() {
  const settings = useStudio((s) => s.settings);
  const info = useStudio((s) => s.info);
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
      <ReviewerCard />
      <RegistryCard />
    </main>
  );
}
