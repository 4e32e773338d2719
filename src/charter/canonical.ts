/**
 * Folds a metric or label name to its canonical form: lowercase, with `-` and
 * `.` turned into `_`. Two names are the same rule when their canonical forms
 * are equal, so `User-Location`, `user.location` and `user_location` are one
 * metric (SPEC §4) and renaming by case or separator gets nothing through.
 *
 * Pure and allocation-light; glob wildcards (`*`, `?`) pass through unchanged,
 * so the same function canonicalises patterns.
 */
export function canonicalName(name: string): string {
  return name.toLowerCase().replace(/[-.]/g, '_');
}
