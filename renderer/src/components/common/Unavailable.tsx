import type { Availability } from '../../store/types.ts';

/** The honest empty state for a service this build does not have: no placeholder data, ever. */
export function Unavailable({ what, status }: { what: string; status: Availability }) {
  if (status.state === 'ready') return null;
  if (status.state === 'loading') return <div className="muted pad">Loading {what}…</div>;
  return (
    <div className="unavailable" data-testid={`unavailable-${what.replace(/\s+/g, '-').toLowerCase()}`}>
      <div className="unavailable-title">
        {status.state === 'unavailable'
          ? `${what[0]!.toUpperCase()}${what.slice(1)} not available yet`
          : `${what} failed`}
      </div>
      <div className="muted">{status.message}</div>
    </div>
  );
}
