/** Exit status of a command: 0 success, 1 a negative answer, 2 an error. */
export type ExitCode = 0 | 1 | 2;

/** Where a command writes; the real process streams, or buffers in tests. */
export interface CliIo {
  out(text: string): void;
  err(text: string): void;
}

/** Writes to the process's stdout and stderr. */
export const processIo: CliIo = {
  out: (text) => process.stdout.write(text.endsWith('\n') ? text : `${text}\n`),
  err: (text) => process.stderr.write(text.endsWith('\n') ? text : `${text}\n`),
};

/** How a command prints its result. */
export type OutputFormat = 'table' | 'json';

/** Parses `--output`; commander hands the raw string. */
export function parseOutputFormat(value: string): OutputFormat {
  if (value === 'table' || value === 'json') return value;
  throw new Error(`--output is "${value}", expected table or json`);
}

/** Prints a command's result as JSON or through its human formatter. */
export function emit<T>(io: CliIo, format: OutputFormat, data: T, human: (d: T) => string): void {
  io.out(format === 'json' ? JSON.stringify(data, null, 2) : human(data));
}

/** A table with aligned columns, header first. */
export function table(headers: string[], rows: string[][]): string {
  const widths = headers.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: string[]) =>
    cells
      .map((c, i) => c.padEnd(widths[i] ?? 0))
      .join('  ')
      .trimEnd();
  return [line(headers), ...rows.map(line)].join('\n');
}
