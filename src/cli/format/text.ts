/** Unix ms as an ISO date-time; `-` for none. */
export function iso(ms: number | null | undefined): string {
  return ms === null || ms === undefined ? '-' : new Date(ms).toISOString();
}

/** A list for one cell; `-` when empty. */
export function joined(items: readonly string[] | undefined): string {
  return items === undefined || items.length === 0 ? '-' : items.join(',');
}

/** `key  value` lines with the values aligned, for one record. */
export function fields(pairs: [string, string | number | null | undefined][]): string {
  const width = Math.max(...pairs.map(([k]) => k.length));
  return pairs.map(([k, v]) => `${k.padEnd(width)}  ${v ?? '-'}`).join('\n');
}

/** Sections of a record separated by blank lines, empty ones left out. */
export function sections(...parts: string[]): string {
  return parts.filter((p) => p !== '').join('\n\n');
}
