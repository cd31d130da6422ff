import { CHANNELS } from '../../../../src/contract/index.ts';
import type { Editor } from '../../../editor/index.ts';
import { useStudio } from '../../store/store.ts';
import { RefusalNote } from '../common/RefusalNote.tsx';

const TERRITORIES = ['EU', 'GB', 'US', 'DE', 'FR', 'NL', 'IT', 'ES', 'WORLDWIDE'];

/** Where the image will be used and under which licence; the gate's answer shows right here. */
export function UseSection({ editor }: { editor: Editor }) {
  const shot = useStudio((s) => s.shot);
  const twins = useStudio((s) => s.twins);
  const policy = useStudio((s) => s.policy);
  if (!shot) return null;
  const licences = twins.find((t) => t.twinId === shot.twin.twinId)?.licences ?? [];
  const patch = (label: string, after: Parameters<Editor['perform']>[0] & { kind: 'patch' }) =>
    editor.perform({ ...after, label });
  return (
    <section className="inspector-section">
      <div className="section-label">Use</div>
      <div className="fields two">
        <label className="field wide">
          <span>Channel</span>
          <select
            value={shot.use.channel}
            data-testid="use-channel"
            onChange={(e) =>
              patch('Channel', {
                kind: 'patch',
                label: '',
                before: { use: shot.use },
                after: { use: { ...shot.use, channel: e.target.value as (typeof CHANNELS)[number] } },
              })
            }
          >
            {CHANNELS.map((c) => (
              <option key={c}>{c}</option>
            ))}
          </select>
        </label>
        <label className="field wide">
          <span>Territory</span>
          <select
            value={shot.use.territory}
            data-testid="use-territory"
            onChange={(e) =>
              patch('Territory', {
                kind: 'patch',
                label: '',
                before: { use: shot.use },
                after: { use: { ...shot.use, territory: e.target.value } },
              })
            }
          >
            {[...new Set([shot.use.territory, ...TERRITORIES])].map((t) => (
              <option key={t}>{t}</option>
            ))}
          </select>
        </label>
      </div>
      <label className="field wide block">
        <span>Licence</span>
        <select
          value={shot.twin.licenceId}
          data-testid="use-licence"
          onChange={(e) =>
            patch('Licence', {
              kind: 'patch',
              label: '',
              before: { licenceId: shot.twin.licenceId },
              after: { licenceId: e.target.value },
            })
          }
        >
          {licences.map((l) => (
            <option key={l.licenceId} value={l.licenceId}>
              {l.licenceId} — {l.usable ? `until ${l.validUntil.slice(0, 10)}` : 'not usable'}
            </option>
          ))}
        </select>
      </label>
      <div className="policy" data-testid="policy">
        {policy === null && <div className="muted small">Checking the licence…</div>}
        {policy?.allowed === true && (
          <div className="policy-ok">
            <span className="dot" /> Cleared to render · {policy.imagesLeft} images left after this one ·{' '}
            {(policy.fee.perImage / 100).toFixed(2)} {policy.fee.currency} per image
          </div>
        )}
        {policy?.allowed === false && <RefusalNote refusal={policy} />}
      </div>
    </section>
  );
}
