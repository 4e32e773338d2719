import { existsSync, readFileSync } from 'node:fs';
import { basename, join } from 'node:path';

import { describe, expect, it } from 'vitest';

import { ALERTMANAGER_DIR } from './alert-rules.js';

// docs/deploy.md is checked against the files it tells an operator to install.

const doc = readFileSync('docs/deploy.md', 'utf8');

/** Every value of a key ending in `_file`, anywhere in a YAML text. */
function secretFiles(yaml: string): string[] {
  return [...yaml.matchAll(/\b[a-z_]+_file:\s*'?([^'\s]+)/g)].map((m) => m[1]!);
}

describe('docs/deploy.md', () => {
  it('names only repository files that exist', () => {
    const paths = [...doc.matchAll(/(?:^|[\s`])((?:observability|scripts|test)\/[\w./-]*\w)/gm)]
      .map((m) => m[1]!)
      .filter((p) => !p.includes('*') && !p.includes('<'));
    expect(paths.length).toBeGreaterThan(8);
    for (const path of paths) expect(existsSync(path), path).toBe(true);
  });

  it('lists exactly the secret files alertmanager.yml reads', () => {
    const config = readFileSync(join(ALERTMANAGER_DIR, 'alertmanager.yml'), 'utf8');
    const read = secretFiles(config);
    expect(read.length).toBe(5);
    for (const file of read) expect(file).toMatch(/^\/etc\/alertmanager\/secrets\//);

    const table = [...doc.matchAll(/^\| `([a-z-]+)` \|/gm)].map((m) => m[1]!);
    expect(table.sort()).toEqual(read.map((f) => basename(f)).sort());
  });
});
