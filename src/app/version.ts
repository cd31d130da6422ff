import { readFileSync } from 'node:fs';

/** The app's version, read from package.json here and nowhere else: XMP, C2PA claims and `app.info` use it. */
export const APP_VERSION: string = (
  JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string }
).version;
