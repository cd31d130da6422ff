import type { ExportPreset } from './preset.schema.ts';
import type { ErrorCode } from '../errors/index.ts';

/** One exported image as the label files describe it. */
export interface LabelRow {
  file: string;
  sha256: string;
  sku: string;
  twinId: string;
  licenceId: string;
  /** The render's usage id: what the image's XMP and watermark carry. */
  usageId: string;
  /** The `export` ledger record written with this file. */
  exportRecordId: string;
  channel: string;
  territory: string;
  sceneId: string;
  garments: string[];
  disclosure: string;
  approvedBy: string;
  approvedAt: string;
  width: number;
  height: number;
  format: string;
  shotId: string;
  watermarkPayload: string;
}

export interface HeldBack {
  outputId: string;
  shotId: string;
  code: ErrorCode;
  rule?: string;
  message: string;
}

export const MANIFEST_FILE = 'manifest.json';
export const LABELS_FILE = 'labels.csv';

const CSV_COLUMNS: [string, (row: LabelRow) => string][] = [
  ['file', (r) => r.file],
  ['sha256', (r) => r.sha256],
  ['sku', (r) => r.sku],
  ['twin_id', (r) => r.twinId],
  ['licence_id', (r) => r.licenceId],
  ['usage_id', (r) => r.usageId],
  ['channel', (r) => r.channel],
  ['territory', (r) => r.territory],
  ['scene', (r) => r.sceneId],
  ['garments', (r) => r.garments.join(';')],
  ['ai_disclosure', (r) => r.disclosure],
  ['approved_by', (r) => r.approvedBy],
  ['approved_at', (r) => r.approvedAt],
  ['export_record_id', (r) => r.exportRecordId],
  ['watermark', (r) => r.watermarkPayload],
];

/** RFC 4180: quote a field holding a comma, quote or line break; double inner quotes. A leading = + - @ is defused for spreadsheets. */
function csvField(value: string): string {
  const safe = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(safe) ? `"${safe.replaceAll('"', '""')}"` : safe;
}

export function labelsCsv(rows: readonly LabelRow[]): string {
  const lines = [
    CSV_COLUMNS.map(([name]) => name).join(','),
    ...rows.map((row) => CSV_COLUMNS.map(([, get]) => csvField(get(row))).join(',')),
  ];
  return `${lines.join('\r\n')}\r\n`;
}

/** Nothing in it depends on when the batch was (re)run, so a finished batch rebuilds byte for byte. */
export function manifestJson(preset: ExportPreset, rows: readonly LabelRow[], heldBack: readonly HeldBack[]): string {
  return `${JSON.stringify({ format: 'export-manifest/1', preset, images: rows, heldBack }, null, 2)}\n`;
}
