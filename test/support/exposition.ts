import parsePrometheusTextFormat, { type ParsedSample } from 'parse-prometheus-text-format';

/** One histogram series as the exposition format states it. */
export interface HistogramSample {
  count: number;
  sum: number;
  /** Cumulative count per upper bound (`le`), `+Inf` included. */
  buckets: Map<string, number>;
}

/** A scrape read through a real exposition-format parser, asked by name and labels. */
export interface Exposition {
  /** Family names present, in the order served. */
  readonly names: readonly string[];
  /** The family's type, lowercase (`counter`, `gauge`, `histogram` …); undefined if absent. */
  type(name: string): string | undefined;
  /** The value of the one series whose labels are exactly `labels`; undefined if none. */
  value(name: string, labels?: Record<string, string>): number | undefined;
  /** The label sets of a family's series. */
  series(name: string): Record<string, string>[];
  /** The histogram series with exactly `labels`; undefined if none. */
  histogram(name: string, labels?: Record<string, string>): HistogramSample | undefined;
}

/** Parses Prometheus text exposition; throws on text the parser refuses. */
export function parseExposition(text: string): Exposition {
  const families = new Map(parsePrometheusTextFormat(text).map((f) => [f.name, f]));
  // The parser folds every series of a histogram into one and drops their
  // labels; read as untyped, each _bucket, _sum and _count line keeps its own.
  const untyped = text.replace(/^(# TYPE \S+) histogram$/gm, '$1 untyped');
  // A name recurs once per series there: gather its samples from every run.
  const lines = new Map<string, ParsedSample[]>();
  for (const f of parsePrometheusTextFormat(untyped))
    lines.set(f.name, [...(lines.get(f.name) ?? []), ...f.metrics]);
  const find = (name: string, labels: Record<string, string>) =>
    families.get(name)?.metrics.find((m) => sameLabels(m.labels ?? {}, labels));
  const line = (name: string, labels: Record<string, string>) => {
    const sample = lines.get(name)?.find((m) => sameLabels(m.labels ?? {}, labels));
    return sample?.value === undefined ? undefined : Number(sample.value);
  };

  return {
    names: [...families.keys()],
    type: (name) => families.get(name)?.type.toLowerCase(),
    value(name, labels = {}) {
      const sample = find(name, labels);
      return sample?.value === undefined ? undefined : Number(sample.value);
    },
    series: (name) => (families.get(name)?.metrics ?? []).map((m) => ({ ...m.labels })),
    histogram(name, labels = {}) {
      const count = line(`${name}_count`, labels);
      const sum = line(`${name}_sum`, labels);
      if (count === undefined || sum === undefined) return undefined;
      const buckets = new Map<string, number>();
      for (const m of lines.get(`${name}_bucket`) ?? []) {
        const { le, ...rest } = m.labels ?? {};
        if (le !== undefined && sameLabels(rest, labels)) buckets.set(le, Number(m.value));
      }
      return { count, sum, buckets };
    },
  };
}

function sameLabels(a: Record<string, string>, b: Record<string, string>): boolean {
  const keys = Object.keys(a);
  return keys.length === Object.keys(b).length && keys.every((k) => a[k] === b[k]);
}
