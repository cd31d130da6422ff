import type { ProviderAttempt, ProviderName } from '../models.ts';

/** Whether an inference error is the device running out of memory (CUDA, DirectML, WebGPU wordings). */
export function isOutOfMemory(error: unknown): boolean {
  const text = error instanceof Error ? error.message : String(error);
  return /out of memory|\bOOM\b|Failed to allocate|CUDNN_STATUS_ALLOC_FAILED|CUBLAS_STATUS_ALLOC_FAILED|E_OUTOFMEMORY|OutOfMemory/i.test(
    text,
  );
}

/**
 * What a composite pass does next:
 * - `fullFrame`: run the whole frame on the current provider;
 * - `startTiles`: out of memory there, or a frame too large to try whole (`large`); the tile model must start on
 *   the same provider before `tiled(tile)`;
 * - `tiled`: run in tiles of `tile` px (tiled.ts gives the whole frame's pixels);
 * - `nextProvider`: even the smallest tiles did not fit (or the tile model did not start): start the job on
 *   `providers` (the rest of the order, ending with the CPU), recording `attempt` as the failed one;
 * - `failed`: not out of memory, or out of memory on the CPU: the error is the render's.
 */
export type FallbackState =
  | { name: 'fullFrame' }
  | { name: 'startTiles'; tile: number; large?: true }
  | { name: 'tiled'; tile: number }
  | { name: 'nextProvider'; providers: ProviderName[]; attempt: ProviderAttempt }
  | { name: 'failed'; error: unknown };

export interface FallbackOptions {
  /** The provider the job starts on. */
  provider: ProviderName;
  /** The provider order the job was given (the next provider is the one after the current, the CPU last). */
  order: readonly ProviderName[];
  /** Tile sides to try, largest first (tileSizes). */
  sizes: readonly number[];
  /** The frame, and the tile side it starts in on every provider when it is too large to try whole (largeFrameTile). */
  frame?: { width: number; height: number };
  largeFrameTile?: number | undefined;
}

/**
 * The out-of-memory fallback of a render as a small state machine: the render runs what `state()` says and reports
 * back (`runFailed`, `tilesStarted`, `tilesFailed`, `providerStarted`, `passDone`); every transition is named
 * here, and what happened is kept for the result ("out of memory at full frame on webgpu; rendered in 512-px tiles").
 */
export interface ProviderFallback {
  state(): FallbackState;
  provider(): ProviderName;
  /** fullFrame | tiled → startTiles (a smaller tile) | nextProvider | failed. */
  runFailed(error: unknown): FallbackState;
  /** startTiles → tiled. */
  tilesStarted(): FallbackState;
  /**
   * startTiles → nextProvider: the tile model did not start on this provider (`reason` says why); a large frame
   * that was only starting in tiles tries the whole frame there instead (→ fullFrame).
   */
  tilesFailed(reason: string): FallbackState;
  /** nextProvider → fullFrame (startTiles for a large frame) on `provider`, with nothing yet out of memory there. */
  providerStarted(provider: ProviderName): FallbackState;
  /** A pass finished in the current state: its tile side counts towards the smallest. */
  passDone(): void;
  /** The tile side a pass runs at now (undefined: whole frame). */
  tile(): number | undefined;
  /** The smallest tile side a finished pass ran at (undefined: all whole frame). */
  smallestTile(): number | undefined;
  /** Why the current provider renders in tiles, in words; undefined at full frame. */
  note(): string | undefined;
}

export function createProviderFallback(options: FallbackOptions): ProviderFallback {
  const start = (): FallbackState =>
    options.largeFrameTile === undefined
      ? { name: 'fullFrame' }
      : { name: 'startTiles', tile: options.largeFrameTile, large: true };
  let state: FallbackState = start();
  let provider = options.provider;
  let oom = { full: false, tiles: [] as number[] };
  let failure: unknown;
  let smallest: number | undefined;

  const where = (): string =>
    [
      ...(oom.full ? ['full frame'] : []),
      ...(oom.tiles.length > 0 ? [`in ${oom.tiles.join('-, ')}-px tiles`] : []),
    ].join(' and ');
  const tile = (): number | undefined => (state.name === 'tiled' ? state.tile : undefined);
  const expect = (...names: FallbackState['name'][]): void => {
    if (!names.includes(state.name))
      throw new Error(`Provider fallback: expected state ${names.join(' or ')}, is ${state.name}`);
  };
  const toNextProvider = (untiled: string): FallbackState => {
    const rest = [
      ...options.order.slice(options.order.indexOf(provider) + 1).filter((p) => p !== 'cpu'),
      'cpu' as const,
    ];
    const message = failure instanceof Error ? failure.message : String(failure);
    const reason = `out of memory during inference at ${where()}${untiled}: ${message}`;
    return (state = { name: 'nextProvider', providers: rest, attempt: { provider, ok: false, reason } });
  };

  return {
    state: () => state,
    provider: () => provider,
    runFailed(error) {
      expect('fullFrame', 'tiled');
      if (!isOutOfMemory(error) || provider === 'cpu') return (state = { name: 'failed', error });
      failure = error;
      const current = tile();
      if (current === undefined) oom.full = true;
      else oom.tiles.push(current);
      const smaller = options.sizes.find((t) => current === undefined || t < current);
      return smaller === undefined ? toNextProvider('') : (state = { name: 'startTiles', tile: smaller });
    },
    tilesStarted() {
      if (state.name !== 'startTiles') return expect('startTiles') as never;
      return (state = { name: 'tiled', tile: state.tile });
    },
    tilesFailed(reason) {
      if (state.name !== 'startTiles') return expect('startTiles') as never;
      if (state.large) return (state = { name: 'fullFrame' });
      return toNextProvider(`; the tile model did not start there: ${reason}`);
    },
    providerStarted(next) {
      expect('nextProvider');
      provider = next;
      oom = { full: false, tiles: [] };
      return (state = start());
    },
    passDone() {
      const t = tile();
      if (t !== undefined) smallest = Math.min(smallest ?? t, t);
    },
    tile,
    smallestTile: () => smallest,
    note() {
      const t = tile();
      if (t === undefined) return undefined;
      if (where()) return `out of memory at ${where()} on ${provider}; rendered in ${t}-px tiles`;
      const frame = options.frame ? ` (${options.frame.width}×${options.frame.height})` : '';
      return `a large frame${frame}: rendered in ${t}-px tiles on ${provider}`;
    },
  };
}
