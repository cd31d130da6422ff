/** One progress line: a bar, the count, the elapsed time and an ETA from the mean time per item so far. */
export function progressLine(done: number, total: number, elapsedMs: number, note = '', width = 24): string {
  const filled = total === 0 ? width : Math.round((done / total) * width);
  const eta = done === 0 ? '?' : formatSeconds(((total - done) * elapsedMs) / done);
  return `[${'#'.repeat(filled)}${'-'.repeat(width - filled)}] ${done}/${total}  ${formatSeconds(elapsedMs)} elapsed, ETA ${eta}${note ? `  ${note}` : ''}`;
}

export function formatSeconds(ms: number): string {
  const s = Math.round(ms / 1000);
  return s < 60 ? `${s}s` : `${Math.floor(s / 60)}m${String(s % 60).padStart(2, '0')}s`;
}
