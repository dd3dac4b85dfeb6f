import { describe, expect, it } from 'vitest';
import { checkJson, JsonSyntaxChecker } from '@/server/documents/upload/jsonSyntax';

const samples = [
  '{}', '[]', ' { } ', '{"a":1}', '{"a":[1,2,{"b":null}],"c":"d"}', '[true,false,null]', '"text"', '0', '-0', '12', '-12.5e+10', '1E5', '0.5',
  '"esc \\" \\\\ \\/ \\b \\f \\n \\r \\t \\u00e9"', '[[[[[]]]]]', '{"a":{"b":{"c":[]}}}', '\t\n\r [1]\n',
  // not JSON
  '', '   ', '{', '}', '[1,]', '{"a":1,}', '{a:1}', "{'a':1}", '[01]', '[1.]', '[.5]', '[1e]', '[+1]', '[-]', 'tru', 'nul', 'True', 'NaN',
  '{"a" 1}', '{"a":}', '[1 2]', '{}{}', '[] x', '"unterminated', '"bad \\x escape"', '"\\u12G4"', '"tab\tinside"', '[1,2', '{"a":1]', '[}', '{"a"}',
];

describe('the streaming JSON syntax check', () => {
  it.each(samples)('agrees with JSON.parse on %j', (sample) => {
    let parses = true;
    let parsed: unknown;
    try {
      parsed = JSON.parse(sample);
    } catch {
      parses = false;
    }
    const expected = !parses ? 'invalid' : typeof parsed === 'object' && parsed !== null ? 'container' : 'scalar';
    expect(checkJson(sample)).toBe(expected);
  });

  it('gives the same verdict however the text is split into pieces', () => {
    const sample = '{"name": "Ana \\u00e9", "n": [-12.5e+10, true, null, 0], "o": {}}';
    for (let at = 0; at <= sample.length; at++) {
      const checker = new JsonSyntaxChecker();
      checker.write(sample.slice(0, at));
      checker.write(sample.slice(at));
      expect(checker.end()).toBe('container');
    }
  });

  it('calls nesting deeper than 512 levels not JSON (the extractors could not walk it)', () => {
    expect(checkJson('['.repeat(512) + ']'.repeat(512))).toBe('container');
    expect(checkJson('['.repeat(513) + ']'.repeat(513))).toBe('invalid');
  });
});
