import type { Registry } from 'prom-client';

type Labels = Record<string, string | number>;

/** A registered metric as it is at run time (prom-client's typings say MetricObject). */
interface RegisteredMetric {
  readonly name: string;
  readonly type: string;
  get(): Promise<{ name: string; help: string; type: string; values: SeriesValue[] }>;
}

interface SeriesValue {
  labels: Labels;
  value: number;
}

/**
 * Renders `registry` in the Prometheus text format, line for line as
 * prom-client's `registry.metrics()` does, in a fraction of its time for
 * many series. Counters and gauges keep one labels object per series for
 * the series' life, so its formatted label set is kept between scrapes
 * (prom-client formats every label of every series on every scrape, about
 * 3 µs a series). Histograms and summaries, whose label sets are built
 * anew per scrape, are rendered by prom-client itself.
 */
export function createExpositionRenderer(registry: Registry): () => Promise<string> {
  // A counter's block is reused while its series count and their sum stand
  // still: counters only grow, so any increment or new series changes one.
  const counterBlocks = new Map<string, { count: number; sum: number; text: string }>();

  const render = async (metric: RegisteredMetric) => {
    if (metric.type !== 'counter' && metric.type !== 'gauge') {
      return registry.getSingleMetricAsString(metric.name);
    }
    const { name, help, type, values } = await metric.get();
    let sum = 0;
    if (type === 'counter') {
      for (const series of values) sum += series.value;
      const last = counterBlocks.get(name);
      if (last?.count === values.length && last.sum === sum) return last.text;
    }
    const escaped = escapeString(name);
    // One join at the end: appending line by line builds a rope of
    // thousands of pieces that is then flattened and collected.
    const lines = new Array<string>(values.length + 2);
    lines[0] = `# HELP ${escaped} ${escapeString(help)}`;
    lines[1] = `# TYPE ${escaped} ${type}`;
    for (let i = 0; i < values.length; i++) lines[i + 2] = seriesLine(escaped, values[i]!);
    const text = lines.join('\n');
    if (type === 'counter') counterBlocks.set(name, { count: values.length, sum, text });
    return text;
  };

  return async () => {
    const metrics = registry.getMetricsAsArray() as unknown as RegisteredMetric[];
    const parts = await Promise.all(metrics.map(render));
    return `${parts.join('\n\n')}\n`;
  };
}

// Where a series' last line is kept: on its own labels object, which
// prom-client keeps for the series' life and reads by string keys only. Most
// series do not change between scrapes (thousands sit at zero), so most
// lines are reused whole; a symbol property reads faster than a WeakMap.
const LINE = Symbol('exposition line');

interface CachedLine {
  name: string;
  prefix: string;
  value: number | undefined;
  line: string;
}

function seriesLine(name: string, series: SeriesValue): string {
  const labels = series.labels as Labels & { [LINE]?: CachedLine };
  let cached = labels[LINE];
  // A labels object handed to two metrics would carry the other's name.
  if (cached?.name !== name) {
    const prefix = `${name}${formatLabels(labels)} `;
    cached = { name, prefix, value: undefined, line: '' };
    labels[LINE] = cached;
  }
  if (cached.value === undefined || !Object.is(cached.value, series.value)) {
    cached.value = series.value;
    cached.line = cached.prefix + valueText(series.value);
  }
  return cached.line;
}

function formatLabels(labels: Labels): string {
  const pairs = Object.entries(labels).map(([name, value]) => `${name}="${escapeLabel(value)}"`);
  return pairs.length === 0 ? '' : `{${pairs.join(',')}}`;
}

function escapeString(text: string): string {
  return text.replace(/\\/g, '\\\\').replace(/\n/g, '\\n');
}

function escapeLabel(value: string | number): string | number {
  return typeof value === 'string' ? escapeString(value).replace(/"/g, '\\"') : value;
}

function valueText(value: number): string {
  if (Number.isNaN(value)) return 'Nan';
  if (!Number.isFinite(value)) return value < 0 ? '-Inf' : '+Inf';
  return `${value}`;
}
