import { existsSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { StudioError } from '../errors/index.ts';
import { readJsonFile, writeJsonAtomic } from '../workspace/index.ts';
import { namingSchema, presetSchema, type ExportPreset } from './preset.schema.ts';

export const RECIPE_FILE = 'export-recipes.json';

/**
 * A named export recipe (as in Capture One): a preset with the art director's own output size, naming and SKU.
 * Absent fields take the preset's; the SKU stands in for shots that have none.
 */
export const recipeSchema = z
  .object({
    name: z
      .string()
      .trim()
      .min(1)
      .max(60)
      .regex(/^[^/\\<>:"|?*]+$/, 'a name without / \\ < > : " | ? *'),
    preset: presetSchema.shape.name,
    sku: z.string().trim().max(64).default(''),
    width: presetSchema.shape.width.optional(),
    height: presetSchema.shape.height.optional(),
    naming: namingSchema.optional(),
  })
  .strict();
export type ExportRecipe = z.output<typeof recipeSchema>;
export type ExportRecipeInput = z.input<typeof recipeSchema>;

const recipeFileSchema = z
  .object({ format: z.literal('export-recipes/1'), recipes: z.array(recipeSchema).max(200) })
  .strict();

const fileOf = (workspaceDir: string) => path.join(workspaceDir, RECIPE_FILE);

/** The workspace's recipes, sorted by name (case-insensitive). */
export function loadRecipes(workspaceDir: string): ExportRecipe[] {
  const file = fileOf(workspaceDir);
  if (!existsSync(file)) return [];
  return readJsonFile(file, recipeFileSchema, 'EXPORT_RECIPE_INVALID', 'The export recipes').recipes;
}

function writeRecipes(workspaceDir: string, recipes: ExportRecipe[]): ExportRecipe[] {
  const sorted = [...recipes].sort((a, b) => a.name.localeCompare(b.name, 'en', { sensitivity: 'base' }));
  writeJsonAtomic(fileOf(workspaceDir), { format: 'export-recipes/1', recipes: sorted });
  return sorted;
}

/** EXPORT_RECIPE_INVALID naming the first field zod found wrong and why. */
function recipeInvalid(issues: readonly z.core.$ZodIssue[]): StudioError {
  const issue = issues[0];
  const field = issue?.path.join('.') || 'recipe';
  return new StudioError(
    'EXPORT_RECIPE_INVALID',
    `Expected ${field} to be ${issue?.message ?? 'valid'}; correct it and try again`,
    { field },
  );
}

/** Checks a recipe (EXPORT_RECIPE_INVALID, saying which field and why). */
export function parseRecipe(input: unknown): ExportRecipe {
  const parsed = recipeSchema.safeParse(input);
  if (parsed.success) return parsed.data;
  throw recipeInvalid(parsed.error.issues);
}

/** Saves a recipe under its name, replacing one of the same name (case-insensitive). */
export function saveRecipe(workspaceDir: string, input: unknown): ExportRecipe[] {
  const recipe = parseRecipe(input);
  const key = recipe.name.toLowerCase();
  return writeRecipes(workspaceDir, [...loadRecipes(workspaceDir).filter((r) => r.name.toLowerCase() !== key), recipe]);
}

export function removeRecipe(workspaceDir: string, name: string): ExportRecipe[] {
  const gone = findRecipe(workspaceDir, name);
  return writeRecipes(
    workspaceDir,
    loadRecipes(workspaceDir).filter((r) => r !== gone && r.name.toLowerCase() !== gone.name.toLowerCase()),
  );
}

/** A saved recipe by name (case-insensitive); EXPORT_RECIPE_NOT_FOUND lists the saved ones. */
export function findRecipe(workspaceDir: string, name: string): ExportRecipe {
  const recipes = loadRecipes(workspaceDir);
  const recipe = recipes.find((r) => r.name.toLowerCase() === name.trim().toLowerCase());
  if (!recipe)
    throw new StudioError(
      'EXPORT_RECIPE_NOT_FOUND',
      `No export recipe ${name}; saved recipes: ${recipes.map((r) => r.name).join(', ') || 'none'}`,
      { name },
    );
  return recipe;
}

/** The preset a recipe makes: the preset with the recipe's size and naming (re-checked as a preset). */
export function applyRecipe(
  preset: ExportPreset,
  recipe: Pick<ExportRecipeInput, 'width' | 'height' | 'naming'>,
): ExportPreset {
  const merged = {
    ...preset,
    ...(recipe.width ? { width: recipe.width } : {}),
    ...(recipe.height ? { height: recipe.height } : {}),
    ...(recipe.naming ? { naming: recipe.naming } : {}),
  };
  const parsed = presetSchema.safeParse(merged);
  if (parsed.success) return parsed.data;
  throw recipeInvalid(parsed.error.issues);
}
