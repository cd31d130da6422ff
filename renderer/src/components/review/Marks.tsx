import { COLOUR_LABELS, type ColourLabel } from '../../../../src/contract/index.ts';

/** Lightroom's keys for colour labels: 6 red, 7 yellow, 8 green, 9 blue (purple has no key). */
export const COLOUR_KEYS: Record<string, ColourLabel> = { '6': 'red', '7': 'yellow', '8': 'green', '9': 'blue' };

/** Stars as a row the reviewer clicks (clicking the current rating clears it), or read-only in the grid. */
export function Stars(props: { rating: number; onRate?: (rating: number) => void }) {
  const { rating, onRate } = props;
  if (!onRate)
    return (
      <span className="stars small" aria-label={`${rating} of 5 stars`} data-testid="stars" data-rating={rating}>
        {'★'.repeat(rating)}
        <span className="stars-off">{'★'.repeat(5 - rating)}</span>
      </span>
    );
  return (
    <span className="stars edit" role="group" aria-label="Rating" data-testid="stars" data-rating={rating}>
      {[1, 2, 3, 4, 5].map((n) => (
        <button
          key={n}
          className={n <= rating ? 'on' : ''}
          onClick={() => onRate(n === rating ? 0 : n)}
          aria-label={`${n} star${n > 1 ? 's' : ''}`}
          title={`${n} (key ${n}; 0 clears)`}
        >
          ★
        </button>
      ))}
    </span>
  );
}

/** The colour label as a dot, or the row of swatches to pick one (clicking the current one clears it). */
export function ColourLabels(props: { colour: ColourLabel | null; onPick?: (colour: ColourLabel | null) => void }) {
  const { colour, onPick } = props;
  if (!onPick) return colour ? <span className={`colour-dot ${colour}`} title={colour} data-testid="colour" /> : null;
  return (
    <span className="colour-row" role="group" aria-label="Colour label" data-testid="colour-labels">
      {COLOUR_LABELS.map((c, i) => (
        <button
          key={c}
          className={`colour-dot ${c} ${colour === c ? 'on' : ''}`}
          onClick={() => onPick(colour === c ? null : c)}
          aria-label={`${c} label`}
          title={i < 4 ? `${c} (key ${i + 6})` : c}
          data-testid={`colour-${c}`}
        />
      ))}
    </span>
  );
}
