/**
 * The watermark's fixed geometry. Changing any of these changes the mark: a detector only reads
 * marks embedded with the same values, so they are versioned together (see docs/watermark.md).
 */
export const WORK_SHORT_SIDE = 256; // the mark is designed on a copy with this short side
export const TILE = 64; // the tile repeated over the work image
export const TILE_CHIPS = TILE * TILE;
export const SYNC_CHIPS = 1024;
export const DATA_CHIPS = TILE_CHIPS - SYNC_CHIPS;
export const PAYLOAD_BITS = 48;
export const CRC_BITS = 16;
export const MESSAGE_BITS = PAYLOAD_BITS + CRC_BITS;
export const CONSTRAINT_LENGTH = 7;
export const CODED_BITS = 2 * (MESSAGE_BITS + CONSTRAINT_LENGTH - 1);

/**
 * Amplitude in grey levels per work pixel: BASE_AMPLITUDE * min(MASK_MAX, MASK_MIN + activity / ACTIVITY_REF),
 * activity being the eroded mean |high-pass| of the work-scale luminance. Flat areas get 0.7 * 2.4 = 1.7.
 */
export const BASE_AMPLITUDE = 2.4;
export const MASK_MIN = 0.7;
export const MASK_MAX = 2;
export const ACTIVITY_REF = 4;
/** Cap on the mark's RMS at full resolution: 2.2 keeps PSNR at or above 41 dB after rounding. */
export const MAX_RMS = 2.2;

/** Period search (fold period / 64): 1 = no change of short side; >1 after a crop of the short side. */
export const SCALE_MIN = 0.984;
export const SCALE_MAX = 1.16;
/** Coarse pitch step; the sync peak stays above ~85 % of its best within ±0.6 % of the true pitch. */
export const SCALE_STEP = 0.008;
/** Sync-correlation z-score a detection must clear (with the CRC). Unmarked images score about 3-5. */
export const Z_THRESHOLD = 7;

/** The project's default key. Orgs may pass their own; the key only seeds the chip pattern. */
export const DEFAULT_KEY = 'twin-studio/watermark/v1';
