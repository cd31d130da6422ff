import { z } from 'zod';

/**
 * What an export makes, on the wire: a preset with the art director's SKU (for shots without one), output size and
 * naming. Checked fully by the export room (EXPORT_RECIPE_INVALID names the field); here only its shape.
 */
export const exportSpecSchema = z
  .object({
    preset: z.string().min(1).max(40),
    sku: z.string().max(64).optional(),
    width: z.number().int().optional(),
    height: z.number().int().optional(),
    naming: z.string().max(120).optional(),
  })
  .strict();
export type ExportSpec = z.input<typeof exportSpecSchema>;

/** A saved recipe: a spec with a name. */
export const exportRecipeWireSchema = exportSpecSchema.extend({ name: z.string().max(60) }).strict();

export interface ExportRecipeView {
  name: string;
  preset: string;
  sku: string;
  width: number | null;
  height: number | null;
  naming: string | null;
}

/** One image as the batch would write it; `factor` > 1: the frame enlarges its source that much. */
export interface PlannedFileView {
  outputId: string;
  shotId: string;
  file: string;
  width: number;
  height: number;
  factor: number;
}

/** What an export would do, asked before running it: the names and any upscaling (with the preset's policy). */
export interface ExportPlanView {
  preset: string;
  width: number;
  height: number;
  naming: string;
  files: PlannedFileView[];
  /** The files the frame enlarges beyond their source, largest factor first. */
  upscaled: PlannedFileView[];
  /** `refuse`: the run would stop with EXPORT_UPSCALE_REFUSED while any file is upscaled. */
  upscale: 'warn' | 'refuse';
}
