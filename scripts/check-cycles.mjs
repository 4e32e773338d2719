#!/usr/bin/env node
// Fails when src/ has an import cycle or a module imports against the layering:
// `shared` imports nothing of ours, `charter` and `audit` only `shared`, and only
// `app`, `cli` and `main.ts` may reach every module.
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';

const root = resolve(import.meta.dirname, '..', 'src');
const allowed = {
  shared: [],
  charter: ['shared'],
  audit: ['shared'],
  store: ['shared', 'charter', 'audit'],
  metrics: ['shared', 'charter'],
  notify: ['shared', 'charter', 'store'],
  governance: ['shared', 'charter', 'audit', 'store', 'notify', 'metrics'],
  http: ['shared', 'charter', 'audit', 'store', 'governance', 'metrics', 'notify'],
  mapek: ['shared', 'charter', 'store', 'governance', 'metrics', 'audit'],
  bench: ['*'],
  app: ['*'],
  cli: ['*'],
  '.': ['*'],
};

function walk(dir) {
  return readdirSync(dir).flatMap((name) => {
    const full = join(dir, name);
    if (statSync(full).isDirectory()) return walk(full);
    return full.endsWith('.ts') && !full.endsWith('.test.ts') ? [full] : [];
  });
}

const graph = new Map();
const problems = [];
for (const file of walk(root)) {
  const text = readFileSync(file, 'utf8');
  const deps = [];
  for (const m of text.matchAll(/^\s*(?:import|export)\s[^'"]*?from\s+'(\.[^']+)'/gm)) {
    const target = resolve(dirname(file), m[1].replace(/\.js$/, '.ts'));
    deps.push(target);
    const from = relative(root, file).split('/')[0];
    const to = relative(root, target).split('/')[0];
    const fromModule = from.endsWith('.ts') ? '.' : from;
    const toModule = to.endsWith('.ts') ? '.' : to;
    const rule = allowed[fromModule] ?? [];
    if (fromModule !== toModule && !rule.includes('*') && !rule.includes(toModule)) {
      problems.push(
        `${relative(root, file)} imports ${relative(root, target)} (${fromModule} may not depend on ${toModule})`,
      );
    }
  }
  graph.set(file, deps);
}

const state = new Map();
function visit(node, trail) {
  if (state.get(node) === 'done') return;
  if (state.get(node) === 'open') {
    const cycle = trail.slice(trail.indexOf(node)).concat(node);
    problems.push(`import cycle: ${cycle.map((f) => relative(root, f)).join(' -> ')}`);
    return;
  }
  state.set(node, 'open');
  for (const dep of graph.get(node) ?? []) visit(dep, [...trail, node]);
  state.set(node, 'done');
}
for (const node of graph.keys()) visit(node, []);

if (problems.length > 0) {
  console.error(problems.join('\n'));
  process.exit(1);
}
console.log(`check-cycles: ${graph.size} modules, no cycles, layering respected`);
