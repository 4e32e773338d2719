import { describe, expect, it } from 'vitest';

import { CharterError } from '../shared/errors.js';
import { canonicalJson } from './canonical-json.js';

describe('canonicalJson()', () => {
  it('sorts object keys at every depth and writes no whitespace', () => {
    const value = { b: 1, a: { z: [3, { y: true, x: null }], c: 'd' } };
    expect(canonicalJson(value)).toBe('{"a":{"c":"d","z":[3,{"x":null,"y":true}]},"b":1}');
  });

  it('gives the same text whatever order the keys were inserted in', () => {
    const one = { actor: 'system', payload: { b: 2, a: 1 }, seq: 1 };
    const two = { seq: 1, payload: { a: 1, b: 2 }, actor: 'system' };
    expect(canonicalJson(one)).toBe(canonicalJson(two));
  });

  it('keeps array order', () => {
    expect(canonicalJson([3, 1, 2, 'b', 'a'])).toBe('[3,1,2,"b","a"]');
  });

  it('sorts keys by UTF-16 code unit, not by locale', () => {
    // Upper case sorts before lower case; an astral character (surrogates
    // 0xD83D…) sorts before U+FF21 although its code point is larger.
    const value = { b: 0, B: 0, é: 0, '\u{1F600}': 0, '\uFF21': 0, a: 0 };
    expect(canonicalJson(value)).toBe('{"B":0,"a":0,"b":0,"é":0,"\u{1F600}":0,"\uFF21":0}');
  });

  it('writes unicode as is and escapes what JSON must escape', () => {
    const value = { name: 'Zoë 😀 東京', quote: 'a"b\\c', control: '\n\t\u0001', sep: '\u2028' };
    const text = canonicalJson(value);
    expect(text).toBe(
      '{"control":"\\n\\t\\u0001","name":"Zoë 😀 東京","quote":"a\\"b\\\\c","sep":"\u2028"}',
    );
    expect(JSON.parse(text)).toEqual(value);
  });

  it('writes numbers as JSON.stringify does', () => {
    expect(canonicalJson([0, -0, 1.5, 1e21, 2 ** 53, -3])).toBe(
      '[0,0,1.5,1e+21,9007199254740992,-3]',
    );
  });

  it('leaves out object properties that are undefined, as JSON does', () => {
    expect(canonicalJson({ a: undefined, b: 1 })).toBe('{"b":1}');
  });

  it('accepts an object without a prototype and a value shared by two siblings', () => {
    const bare = Object.assign(Object.create(null) as object, { k: 'v' });
    const shared = { id: 1 };
    expect(canonicalJson({ bare, one: shared, two: shared })).toBe(
      '{"bare":{"k":"v"},"one":{"id":1},"two":{"id":1}}',
    );
  });

  const holey: unknown[] = [1];
  holey[2] = 3;
  const circular: Record<string, unknown> = { a: 1 };
  circular.self = { back: circular };

  it.each<{ title: string; value: unknown; path: string; found: string }>([
    { title: 'NaN', value: { n: NaN }, path: '$.n', found: 'NaN' },
    { title: 'Infinity', value: [1, -Infinity], path: '$[1]', found: '-Infinity' },
    {
      title: 'undefined in an array',
      value: { list: [1, undefined] },
      path: '$.list[1]',
      found: 'undefined',
    },
    { title: 'a hole in an array', value: holey, path: '$[1]', found: 'undefined' },
    { title: 'a function', value: { f: () => 1 }, path: '$.f', found: 'a function' },
    { title: 'a bigint', value: { big: 10n }, path: '$.big', found: 'a bigint' },
    { title: 'a symbol', value: [Symbol('s')], path: '$[0]', found: 'a symbol' },
    { title: 'a Date', value: { at: new Date(0) }, path: '$.at', found: 'a Date object' },
    { title: 'a Map', value: { m: new Map() }, path: '$.m', found: 'a Map object' },
    { title: 'a cycle', value: circular, path: '$.self.back', found: 'a circular reference' },
    {
      title: 'a lone surrogate',
      value: { s: 'a\uD800b' },
      path: '$.s',
      found: 'a string with a lone UTF-16 surrogate',
    },
    {
      title: 'a lone surrogate in a key',
      value: { '\uDC00': 1 },
      path: '$.\uDC00',
      found: 'a string with a lone UTF-16 surrogate',
    },
    { title: 'a top-level undefined', value: undefined, path: '$', found: 'undefined' },
  ])('refuses $title with audit_unserializable naming the path', ({ value, path, found }) => {
    let error: unknown;
    try {
      canonicalJson(value);
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(CharterError);
    expect(error).toMatchObject({ code: 'audit_unserializable' });
    expect((error as CharterError).message).toContain(`${path} is ${found},`);
    expect((error as CharterError).hint).toBeTypeOf('string');
  });
});
