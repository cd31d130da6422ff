import { useStudio } from '../../store/store.ts';

export function Notices() {
  const notices = useStudio((s) => s.notices);
  const dismiss = useStudio((s) => s.dismiss);
  return (
    <div className="notices" aria-live="polite">
      {notices.map((n) => (
        <div key={n.id} className={`notice ${n.tone}`} onClick={() => dismiss(n.id)}>
          <div className="notice-title">{n.title}</div>
          {n.body && <div className="notice-body">{n.body}</div>}
          <button type="button" className="notice-close" aria-label="Dismiss" onClick={() => dismiss(n.id)}>
            ×
          </button>
        </div>
      ))}
    </div>
  );
}
