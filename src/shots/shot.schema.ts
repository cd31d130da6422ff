import type { z } from 'zod';
import { shotSchema } from '../contract/shot.wire.ts';

/**
 * The shot document is part of the API contract (the canvas edits it, the renderer renders it), so the core
 * uses the contract's schema (`shotSchema`, `Shot`, `Transform`) rather than a copy that could drift from it.
 */
export const SHOT_FORMAT = 'shot/2';
export type ShotInput = z.input<typeof shotSchema>;
