import type { Refusal } from '../../../../src/contract/index.ts';

/** A refusal where it happened: the fact in one line, what to do in the next. */
export function RefusalNote({
  refusal,
  compact = false,
}: {
  refusal: Pick<Refusal, 'code' | 'message' | 'advice'>;
  compact?: boolean;
}) {
  return (
    <div className={`refusal ${compact ? 'compact' : ''}`} role="alert" data-code={refusal.code}>
      <div className="refusal-title">{refusal.advice || refusal.message}</div>
      {!compact && refusal.advice && <div className="refusal-fact">{refusal.message}</div>}
    </div>
  );
}
