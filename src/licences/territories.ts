/** EU member states (ISO 3166-1 alpha-2), so a consent for "EU" covers a licence for "DE". */
export const EU_MEMBERS = new Set([
  'AT',
  'BE',
  'BG',
  'HR',
  'CY',
  'CZ',
  'DK',
  'EE',
  'FI',
  'FR',
  'DE',
  'GR',
  'HU',
  'IE',
  'IT',
  'LV',
  'LT',
  'LU',
  'MT',
  'NL',
  'PL',
  'PT',
  'RO',
  'SK',
  'SI',
  'ES',
  'SE',
]);

/** True when a grant for `granted` covers use in `wanted`. */
export function territoryCovers(granted: string, wanted: string): boolean {
  if (granted === 'WORLDWIDE' || granted === wanted) return true;
  return granted === 'EU' && EU_MEMBERS.has(wanted);
}

export function territoriesCover(granted: readonly string[], wanted: string): boolean {
  return granted.some((g) => territoryCovers(g, wanted));
}
