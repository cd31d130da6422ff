import type { z } from 'zod';
import { shotWireSchema, transformSchema } from '../contract/shot.wire.ts';

/**
 * The shot document is part of the API contract (the canvas edits it, the renderer renders it), so the core
 * uses the contract's schema rather than a copy that could drift from it.
 */
export const SHOT_FORMAT = 'shot/2';
export const shotSchema = shotWireSchema;
export { transformSchema };
export type Transform = z.infer<typeof transformSchema>;
export type Shot = z.infer<typeof shotSchema>;
export type ShotInput = z.input<typeof shotSchema>;
