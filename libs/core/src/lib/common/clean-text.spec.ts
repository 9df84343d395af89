import { cleanDeep, cleanText } from './clean-text';

describe('cleanText', () => {
  it('drops NUL and replaces lone surrogates, keeping pairs and everything else', () => {
    expect(cleanText('a\u0000b\u0000')).toBe('ab');
    expect(cleanText('x\ud800y\udc00z')).toBe('x\ufffdy\ufffdz');
    expect(cleanText('emoji \ud83d\ude00 ok')).toBe('emoji \ud83d\ude00 ok');
    const plain = 'nothing to do, ünïcödé';
    expect(cleanText(plain)).toBe(plain);
  });
});

describe('cleanDeep', () => {
  it('cleans strings and keys in nested objects and arrays, leaving other values alone', () => {
    const at = new Date();
    const bytes = Buffer.from('a\u0000');
    const out = cleanDeep({ 'k\u0000': ['\u0000', 1, null, { deep: '\ud800' }], at, bytes, n: 2, ok: true });
    expect(out).toEqual({ k: ['', 1, null, { deep: '\ufffd' }], at, bytes, n: 2, ok: true });
    expect(out.at).toBe(at);
    expect(out.bytes).toBe(bytes);
  });

  it('returns the very value when there is nothing to clean', () => {
    const value = { a: ['b', { c: 'd' }] };
    expect(cleanDeep(value)).toBe(value);
  });

  it('keeps a __proto__ key a key, and null-prototype objects (query strings) null-prototype', () => {
    const query = Object.assign(Object.create(null), { q: 'x\u0000' });
    const cleaned = cleanDeep(query);
    expect(Object.getPrototypeOf(cleaned)).toBeNull();
    expect(cleaned.q).toBe('x');
    const hostile = JSON.parse('{"__proto__": {"polluted": "\\u0000"}}');
    const out = cleanDeep(hostile);
    expect(Object.getPrototypeOf(out)).toBe(Object.prototype);
    expect(Object.keys(out)).toEqual(['__proto__']);
    expect(({} as Record<string, unknown>)['polluted']).toBeUndefined();
  });
});
