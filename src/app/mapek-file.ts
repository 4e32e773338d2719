import { readFile } from 'node:fs/promises';

import { LineCounter, parseDocument } from 'yaml';

import { resolveMapekConfig, type MapekConfig } from '../mapek/index.js';
import { CharterError } from '../shared/errors.js';

/** How `charter serve` runs the MAPE-K loop in process. */
export interface MapekServiceConfig {
  /** Loop settings, checked and frozen (defaults in docs/mapek.md). */
  readonly loop: MapekConfig;
  /** Prometheus to read, and the instant queries whose samples are collected. */
  readonly prometheus?: { readonly url: string; readonly queries: readonly string[] };
}

const TOP_KEYS = ['prometheus', 'loop'];

/**
 * Reads a MAPE-K configuration file (YAML):
 *
 * ```yaml
 * prometheus:            # optional: without it the loop sees the service's own decisions
 *   url: http://127.0.0.1:9090
 *   queries: [cpu_usage_percent, packet_loss_percent]
 * loop:                  # optional: any key of docs/mapek.md's table
 *   intervalMs: 15000
 *   reconDistinctNames: 5
 * ```
 *
 * @throws CharterError `mapek_config_invalid` naming the file, the line and
 *   what is accepted.
 */
export async function readMapekFile(file: string): Promise<MapekServiceConfig> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    const reason = (error as NodeJS.ErrnoException).code ?? 'unreadable';
    throw invalid(file, `cannot be read (${reason})`, 'Pass the path of a readable YAML file.');
  }
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, prettyErrors: false });
  const [syntax] = doc.errors;
  if (syntax !== undefined) {
    const { line, col } = lineCounter.linePos(syntax.pos[0]);
    throw invalid(`${file}:${line}:${col}`, syntax.message, 'Fix the YAML syntax.');
  }
  return parseMapekConfig(doc.toJS() ?? {}, file);
}

/** Checks a parsed configuration; see {@link readMapekFile}. */
export function parseMapekConfig(value: unknown, where: string): MapekServiceConfig {
  const top = objectAt(value, where, 'the file');
  for (const key of Object.keys(top)) {
    if (!TOP_KEYS.includes(key)) {
      throw invalid(where, `unknown key "${key}"`, `Known keys: ${TOP_KEYS.join(', ')}.`);
    }
  }
  let loop: MapekConfig;
  try {
    loop = resolveMapekConfig(top.loop === undefined ? {} : objectAt(top.loop, where, 'loop'));
  } catch (error) {
    if (!(error instanceof CharterError)) throw error;
    throw invalid(where, `loop: ${error.message}`, error.hint ?? '');
  }
  if (top.prometheus === undefined) return { loop };

  const prometheus = objectAt(top.prometheus, where, 'prometheus');
  const { url, queries = [] } = prometheus as { url?: unknown; queries?: unknown };
  if (typeof url !== 'string' || !/^https?:\/\/[^\s]+$/.test(url)) {
    throw invalid(
      where,
      `prometheus.url is ${JSON.stringify(url)}`,
      'Give Prometheus’s base URL, e.g. http://127.0.0.1:9090.',
    );
  }
  if (!Array.isArray(queries) || !queries.every((q) => typeof q === 'string' && q !== '')) {
    throw invalid(
      where,
      'prometheus.queries is not a list of PromQL strings',
      'For example: queries: [cpu_usage_percent, packet_loss_percent]',
    );
  }
  return { loop, prometheus: { url, queries: queries as string[] } };
}

function objectAt(value: unknown, where: string, what: string): Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw invalid(where, `${what} is not a mapping`, 'See docs/mapek.md for the file’s keys.');
  }
  return value as Record<string, unknown>;
}

function invalid(where: string, detail: string, hint: string): CharterError {
  return new CharterError(
    'mapek_config_invalid',
    `Invalid MAPE-K configuration "${where}": ${detail}`,
    hint,
  );
}
