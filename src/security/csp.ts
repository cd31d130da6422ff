/**
 * The studio's Content-Security-Policy, one source for both shells: only our own scripts, styles, fonts and
 * connections. Browser mode serves workspace images from its own origin; Electron adds its `twin-file:` scheme.
 */
export function contentSecurityPolicy(extraImageSources: readonly string[] = []): string {
  return [
    "default-src 'none'",
    "script-src 'self'",
    "style-src 'self'",
    ["img-src 'self'", ...extraImageSources, 'data: blob:'].join(' '),
    "font-src 'self'",
    "connect-src 'self'",
    "base-uri 'none'",
    "form-action 'none'",
    "frame-ancestors 'none'",
    "object-src 'none'",
  ].join('; ');
}
