import { z } from 'zod';
import { LABEL_CORNERS, type LabelCorner } from '../provenance/index.ts';

/** The placeholders a naming template may use; each expands to a file-name-safe string. */
export const NAMING_TOKENS = [
  'sku',
  'shot',
  'shotid',
  'scene',
  'channel',
  'index',
  'date',
  'view',
  'n',
  'twin',
  'usage',
  'preset',
] as const;
export type NamingToken = (typeof NAMING_TOKENS)[number];

export const namingSchema = z
  .string()
  .min(1)
  .max(120)
  .refine(
    (t) => [...t.matchAll(/\{([^}]*)\}/g)].every((m) => (NAMING_TOKENS as readonly string[]).includes(m[1] ?? '')),
    {
      message: `only the placeholders ${NAMING_TOKENS.map((t) => `{${t}}`).join(' ')}`,
    },
  )
  .refine((t) => /\{[a-z]+\}/.test(t), { message: 'at least one placeholder, e.g. {sku}_{shot}_{view}_{n}' })
  .refine((t) => !/[/\\]/.test(t) && !t.includes('..'), { message: 'a file name, not a path' });

/** One export preset: what every image of a batch becomes. Pixels are always written in sRGB. */
export const presetSchema = z
  .object({
    name: z.string().regex(/^[a-z0-9][a-z0-9-]{1,39}$/, 'a name of 2–40 lower-case letters, digits and dashes'),
    description: z.string().max(200).default(''),
    width: z.number().int().min(64).max(10000),
    height: z.number().int().min(64).max(10000),
    /** cover fills the frame and crops the overflow (centred); contain fits the whole image on the background. */
    fit: z.enum(['cover', 'contain']),
    background: z
      .string()
      .regex(/^#[0-9a-fA-F]{6}$/, 'a colour like #ffffff')
      .default('#ffffff'),
    format: z.enum(['jpeg', 'png', 'webp']),
    quality: z.number().int().min(1).max(100).default(90),
    colourProfile: z.literal('srgb').default('srgb'),
    naming: namingSchema.default('{sku}_{shot}_{view}_{n}'),
    /**
     * A frame larger than the source enlarges pixels that are not there: `warn` (also when absent) exports and says
     * by how much (the UI asks first); `refuse` stops the batch before anything is written (EXPORT_UPSCALE_REFUSED).
     */
    upscale: z.enum(['warn', 'refuse']).optional(),
    /**
     * The corners the AI badge may take, most wanted first (the first the figure leaves clear wins; docs/label.md).
     * Corners left out follow in the default order. Absent: bottom-right, bottom-left, top-right, top-left.
     */
    labelCorners: z
      .array(z.enum(LABEL_CORNERS as unknown as [LabelCorner, ...LabelCorner[]]))
      .min(1)
      .max(4)
      .optional(),
  })
  .strict();
export type ExportPreset = z.output<typeof presetSchema>;
export type ExportPresetInput = z.input<typeof presetSchema>;

/** The user's own presets: `export-presets.json` in the workspace folder. */
export const presetFileSchema = z
  .object({ format: z.literal('export-presets/1'), presets: z.array(presetSchema).max(100) })
  .strict();

export const BUILTIN_PRESETS: readonly ExportPreset[] = [
  {
    name: 'product-page',
    description: 'product detail page, 2:3 portrait',
    width: 2000,
    height: 3000,
    fit: 'cover',
    background: '#ffffff',
    format: 'jpeg',
    quality: 90,
    colourProfile: 'srgb',
    naming: '{sku}_{shot}_{view}_{n}',
    upscale: 'warn',
    labelCorners: ['bottom-right', 'bottom-left', 'top-right', 'top-left'],
  },
  {
    name: 'marketplace',
    description: 'marketplace listing, square on white',
    width: 1600,
    height: 1600,
    fit: 'contain',
    background: '#ffffff',
    format: 'jpeg',
    quality: 90,
    colourProfile: 'srgb',
    naming: '{sku}_{shot}_{view}_{n}',
    upscale: 'warn',
    labelCorners: ['bottom-left', 'bottom-right', 'top-left', 'top-right'],
  },
  {
    name: 'social',
    description: 'social feed, 4:5 portrait',
    width: 1080,
    height: 1350,
    fit: 'cover',
    background: '#ffffff',
    format: 'webp',
    quality: 85,
    colourProfile: 'srgb',
    naming: '{sku}_{shot}_{view}_{n}',
    upscale: 'warn',
    labelCorners: ['bottom-right', 'top-left', 'top-right', 'bottom-left'],
  },
];
