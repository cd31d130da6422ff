import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import {
  applyRecipe,
  BUILTIN_PRESETS,
  loadRecipes,
  RECIPE_FILE,
  removeRecipe,
  saveRecipe,
} from '../../src/export/index.ts';
import { tempDir } from '../helpers/fixtures.ts';

const productPage = BUILTIN_PRESETS.find((p) => p.name === 'product-page')!;

describe('export recipes', () => {
  let tmp = tempDir();
  afterEach(() => {
    tmp.cleanup();
    tmp = tempDir();
  });

  it('saves named recipes in the workspace, sorted, replacing one of the same name', () => {
    expect(loadRecipes(tmp.dir)).toEqual([]);
    saveRecipe(tmp.dir, { name: 'Zalando', preset: 'marketplace', sku: 'SKU-7' });
    saveRecipe(tmp.dir, { name: 'PDP small', preset: 'product-page', width: 1366, height: 2048, naming: '{sku}_{n}' });
    const saved = saveRecipe(tmp.dir, { name: 'zalando', preset: 'marketplace', sku: 'SKU-8' });
    expect(saved.map((r) => [r.name, r.sku])).toEqual([
      ['PDP small', ''],
      ['zalando', 'SKU-8'],
    ]);
    expect(loadRecipes(tmp.dir)).toEqual(saved);
    expect(JSON.parse(readFileSync(path.join(tmp.dir, RECIPE_FILE), 'utf8'))).toMatchObject({
      format: 'export-recipes/1',
    });
    expect(removeRecipe(tmp.dir, 'PDP SMALL').map((r) => r.name)).toEqual(['zalando']);
  });

  it('refuses a bad recipe with a typed error naming the field, and writes nothing', () => {
    const bad = [
      [{ name: 'a', preset: 'product-page', naming: '{sku}/{n}' }, 'naming'],
      [{ name: 'a', preset: 'product-page', naming: '{sku}_{nope}' }, 'naming'],
      [{ name: 'a', preset: 'product-page', width: 20 }, 'width'],
      [{ name: '', preset: 'product-page' }, 'name'],
      [{ name: 'a', preset: 'product-page', extra: 1 }, 'recipe'],
    ] as const;
    for (const [input, field] of bad) {
      expect(() => saveRecipe(tmp.dir, input), JSON.stringify(input)).toThrow(
        expect.objectContaining({ code: 'EXPORT_RECIPE_INVALID', details: { field } }),
      );
    }
    expect(loadRecipes(tmp.dir)).toEqual([]);
    expect(() => removeRecipe(tmp.dir, 'none')).toThrow(expect.objectContaining({ code: 'EXPORT_RECIPE_NOT_FOUND' }));
  });

  it('refuses a damaged recipes file with a typed error', () => {
    writeFileSync(path.join(tmp.dir, RECIPE_FILE), '{"format":"export-recipes/1","recipes":[{"name":1}]}');
    expect(() => loadRecipes(tmp.dir)).toThrow(expect.objectContaining({ code: 'EXPORT_RECIPE_INVALID' }));
  });

  it("applies a recipe's size and naming to its preset, and leaves the rest", () => {
    const applied = applyRecipe(productPage, { width: 1366, height: 2048, naming: '{sku}_{shot}_{scene}_{index}' });
    expect(applied).toEqual({ ...productPage, width: 1366, height: 2048, naming: '{sku}_{shot}_{scene}_{index}' });
    expect(applyRecipe(productPage, {})).toEqual(productPage);
  });
});
