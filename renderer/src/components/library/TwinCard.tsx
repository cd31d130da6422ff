import type { LicenceStatus, TwinView } from '../../../../src/contract/index.ts';
import { useClient, useStudio } from '../../store/store.ts';
import { RefusalNote } from '../common/RefusalNote.tsx';

function LicenceLine({ licence }: { licence: LicenceStatus }) {
  return (
    <div className={`licence ${licence.usable ? 'ok' : 'refused'}`} data-testid={`licence-${licence.licenceId}`}>
      <span className="dot" />
      <div className="licence-text">
        <div className="licence-head">
          <span className="mono">{licence.licenceId}</span>
          <span className="muted small">
            {licence.channels.join(', ')} · {licence.territories.join(', ')}
          </span>
        </div>
        <div className={licence.usable ? 'small' : 'small danger-text'}>{licence.summary}</div>
      </div>
    </div>
  );
}

export function TwinCard({ twin }: { twin: TwinView }) {
  const client = useClient();
  const editor = useStudio((s) => s.editor);
  const shot = useStudio((s) => s.shot);
  return (
    <div className="card twin-card" data-testid={`twin-${twin.twinId}`}>
      <div className="card-head">
        <div>
          <div className="card-title">{twin.displayName}</div>
          <div className="muted small">
            {twin.ownerName}
            {twin.agency ? ` · ${twin.agency}` : ''}
          </div>
        </div>
      </div>
      {twin.problem && <RefusalNote refusal={twin.problem} />}
      <div className="poses">
        {twin.poses.map((pose) => {
          const active = shot?.twin.twinId === twin.twinId && shot.twin.poseId === pose.poseId;
          return (
            <button
              key={pose.poseId}
              className={`pose-thumb ${active ? 'active' : ''}`}
              title={active ? `${pose.name} (in this shot)` : `Use pose “${pose.name}” in this shot`}
              disabled={!editor || shot?.twin.twinId !== twin.twinId}
              onClick={() => {
                if (!editor || !shot || active) return;
                const t = shot.twin.transform;
                editor.perform({
                  kind: 'pose',
                  before: { poseId: shot.twin.poseId, transform: t },
                  after: { poseId: pose.poseId, transform: t },
                });
              }}
            >
              <img src={client.fileUrl(pose.image)} alt={pose.name} draggable={false} />
              <span>{pose.name}</span>
            </button>
          );
        })}
      </div>
      <div className="licences">
        {twin.licences.length === 0 && (
          <div className="muted small">No licence imported — import the agency's .licence.json to use this twin.</div>
        )}
        {twin.licences.map((l) => (
          <LicenceLine key={l.licenceId} licence={l} />
        ))}
      </div>
    </div>
  );
}
