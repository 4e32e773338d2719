import { existsSync, readFileSync } from 'node:fs';

import type { Command } from 'commander';
import { describe, expect, it } from 'vitest';

import { metricsReference } from '../scripts/write-docs.js';
import { createProgram } from '../src/cli/program.js';
import { renderErrorsDoc } from '../src/http/errors-doc.js';
import { ERROR_CODES } from '../src/shared/error-codes.js';

// The documents that describe the code are checked against the code.

const read = (file: string) => readFileSync(file, 'utf8');

describe('generated references', () => {
  it('docs/metrics.md is what the registry renders (run `npm run docs` after a change)', async () => {
    expect(read('docs/metrics.md')).toBe(await metricsReference());
  });

  it('docs/errors.md is what the error code table renders (run `npm run docs` after a change)', () => {
    expect(read('docs/errors.md')).toBe(renderErrorsDoc());
  });

  it('docs/errors.md lists every code once', () => {
    const listed = [...read('docs/errors.md').matchAll(/^\| `([a-z_]+)` \|/gm)].map((m) => m[1]);
    expect(listed.sort()).toEqual(Object.keys(ERROR_CODES).sort());
  });
});

describe('README.md', () => {
  const readme = read('README.md');
  const program = createProgram({ out: () => undefined, err: () => undefined }, () => undefined);

  /** The command path a `charter …` line names, resolved through the real program. */
  const resolve = (words: string[]) => {
    let command: Command = program;
    const path: string[] = [];
    for (const word of words) {
      if (word.startsWith('-')) break;
      const sub = command.commands.find((c) => c.name() === word);
      if (sub === undefined) break;
      command = sub;
      path.push(word);
    }
    return { command, path };
  };

  it('names only `charter` commands and options the CLI has', () => {
    const lines = [...readme.matchAll(/^npx charter (.+?)(?:\s+#.*)?$/gm)].map((m) => m[1]!);
    expect(lines.length).toBeGreaterThan(8);
    for (const line of lines) {
      const words = line.split(/\s+/);
      const { command, path } = resolve(words);
      expect(path.length, `"charter ${line}" names a command`).toBeGreaterThan(0);
      expect(command.commands, `"charter ${line}" names a leaf command`).toHaveLength(0);
      const known = new Set(command.options.flatMap((o) => [o.long, o.short]));
      for (const flag of words.filter((w) => /^--?[a-z]/.test(w))) {
        expect(known.has(flag), `"${flag}" is an option of charter ${path.join(' ')}`).toBe(true);
      }
    }
  });

  it('names only npm scripts package.json has', () => {
    const scripts = Object.keys(
      (JSON.parse(read('package.json')) as { scripts: Record<string, string> }).scripts,
    );
    const named = [...readme.matchAll(/npm run ([a-z][a-z:-]*)/g)].map((m) => m[1]!);
    expect(named.length).toBeGreaterThan(2);
    for (const name of named) expect(scripts).toContain(name);
    expect(scripts).toEqual(expect.arrayContaining(['start', 'test', 'bench', 'check']));
  });

  it('names only files and folders the repository has', () => {
    const paths = [
      ...readme.matchAll(
        /`((?:src|charters|schema|docs|observability|scripts|test|\.ci)\/[^`*…]*?)`/g,
      ),
    ].map((m) => m[1]!.replace(/\/$/, ''));
    expect(paths.length).toBeGreaterThan(3);
    for (const path of paths) expect(existsSync(path), path).toBe(true);
  });

  it('gives the two quick-start commands', () => {
    expect(readme).toContain('npm ci && npm start');
    expect(readme).toContain('bash .ci/run');
    expect(read('.ci/run')).toContain('npm run check');
  });
});
