import { readFileSync } from 'node:fs';

/** The app's version, from package.json: it goes into XMP, C2PA claims and the doctor report. */
export const APP_VERSION: string = (JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string }).version;
