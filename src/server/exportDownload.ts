import { createReadStream, lstatSync } from 'node:fs';
import path from 'node:path';
import type { ServerResponse } from 'node:http';
import { sendText } from './http.ts';

/** `/exports/<name>.zip`: a name, never a path. */
const ZIP_NAME = /^[A-Za-z0-9][A-Za-z0-9._-]{0,199}\.zip$/;

/**
 * Browser mode's export download: streams a batch zip the studio wrote under `<workspace>/exports/` as an
 * attachment (the browser saves it). Anything else there, or any other name, is not served.
 */
export function sendExportZip(res: ServerResponse, workspaceDir: string, rawName: string): void {
  let name: string;
  try {
    name = decodeURIComponent(rawName);
  } catch {
    name = '';
  }
  if (!ZIP_NAME.test(name)) return sendText(res, 404, 'No such export; run the export again to make its zip');
  const file = path.join(workspaceDir, 'exports', name);
  let size: number;
  try {
    const stat = lstatSync(file);
    if (!stat.isFile()) throw new Error('not a file');
    size = stat.size;
  } catch {
    return sendText(res, 404, `No export ${name}; run the export again to make its zip`);
  }
  res.writeHead(200, {
    'Content-Type': 'application/zip',
    'Content-Length': String(size),
    'Content-Disposition': `attachment; filename="${name}"`,
    'Cache-Control': 'no-store',
  });
  createReadStream(file)
    .on('error', () => res.destroy())
    .pipe(res);
}
