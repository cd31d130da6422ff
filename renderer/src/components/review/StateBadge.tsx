import type { OutputState } from '../../../../src/contract/index.ts';

const WORDS: Record<OutputState, string> = { generated: 'To review', approved: 'Approved', rejected: 'Rejected' };

export function StateBadge({ state }: { state: OutputState }) {
  return (
    <span className={`state-badge ${state}`} data-testid="state-badge">
      {WORDS[state]}
    </span>
  );
}
