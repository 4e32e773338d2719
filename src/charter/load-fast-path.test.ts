import { readdirSync, readFileSync } from 'node:fs';

import { stringify } from 'yaml';
import { describe, expect, it } from 'vitest';

import { parseCharterWithPositions, parseValidCharter } from './load.js';
import { syntheticCharterDocument } from './test-charter.js';

const dir = (path: string) => new URL(`../../${path}`, import.meta.url);
const filesIn = (path: string) =>
  readdirSync(dir(path))
    .filter((f) => f.endsWith('.yaml'))
    .map((f) => `${path}/${f}`);
const read = (file: string) => readFileSync(dir(file), 'utf8');

// The fast pass may only ever accept what the careful pass accepts, and must
// read it to the same value; otherwise speed would change what loads.
describe('parseValidCharter() agrees with the careful parser', () => {
  it.each(filesIn('test/fixtures/charters/broken'))('refuses %s', (file) => {
    expect(parseValidCharter(read(file))).toBeUndefined();
    expect(() => parseCharterWithPositions(read(file), file)).toThrow();
  });

  it.each([...filesIn('charters'), 'test/fixtures/charters/minimal.yaml'])(
    'reads %s to the same value',
    (file) => {
      const fast = parseValidCharter(read(file));
      expect(fast).toBeDefined();
      expect(fast).toEqual(parseCharterWithPositions(read(file), file));
    },
  );

  it('reads a 1,000-rule charter to the same value', () => {
    const text = stringify(syntheticCharterDocument(1_000));
    expect(parseValidCharter(text)).toEqual(parseCharterWithPositions(text, 'synthetic.yaml'));
  });

  it('leaves a charter with anchors to the careful parser, which budgets aliases', () => {
    const text = read('charters/development.yaml').replace(
      'schema_version: 1',
      'schema_version: &v 1',
    );
    expect(parseValidCharter(text)).toBeUndefined();
    expect(parseCharterWithPositions(text, 'anchored.yaml').schema_version).toBe(1);
  });
});
