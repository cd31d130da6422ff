import { existsSync } from 'node:fs';
import path from 'node:path';
import { StudioError } from '../errors/index.ts';
import { readJsonFile } from '../workspace/index.ts';
import { BUILTIN_PRESETS, presetFileSchema, type ExportPreset } from './preset.schema.ts';

export const PRESET_FILE = 'export-presets.json';

export function presetFilePath(workspaceDir: string): string {
  return path.join(workspaceDir, PRESET_FILE);
}

/** Built-in presets, then the workspace's own (schema-checked); a user preset may not reuse a built-in name. */
export function loadPresets(workspaceDir: string): ExportPreset[] {
  const file = presetFilePath(workspaceDir);
  if (!existsSync(file)) return [...BUILTIN_PRESETS];
  const user = readJsonFile(file, presetFileSchema, 'EXPORT_PRESET_INVALID', 'The export presets').presets;
  const seen = new Set<string>(BUILTIN_PRESETS.map((p) => p.name));
  for (const preset of user) {
    if (seen.has(preset.name)) {
      throw new StudioError(
        'EXPORT_PRESET_INVALID',
        `Expected unique preset names in ${file}, but ${preset.name} is already ${BUILTIN_PRESETS.some((p) => p.name === preset.name) ? 'a built-in preset' : 'defined'}`,
        {
          file,
          name: preset.name,
        },
      );
    }
    seen.add(preset.name);
  }
  return [...BUILTIN_PRESETS, ...user];
}

export function findPreset(workspaceDir: string, name: string): ExportPreset {
  const presets = loadPresets(workspaceDir);
  const preset = presets.find((p) => p.name === name);
  if (!preset)
    throw new StudioError(
      'EXPORT_PRESET_NOT_FOUND',
      `No export preset ${name}; known presets: ${presets.map((p) => p.name).join(', ')}`,
      { name },
    );
  return preset;
}

/** One line per preset, name first, for `export --list-presets`. */
export function describePreset(p: ExportPreset): string {
  const quality = p.format === 'png' ? '' : ` q${p.quality}`;
  return `${p.name}\t${p.width}×${p.height} ${p.fit}${p.fit === 'contain' ? ` on ${p.background}` : ''} ${p.format.toUpperCase()}${quality} sRGB\t${p.naming}${p.description ? `\t${p.description}` : ''}`;
}
