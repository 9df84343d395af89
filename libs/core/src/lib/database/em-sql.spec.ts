import { arrayLiteral } from './em-sql';

describe('arrayLiteral', () => {
  it('quotes every element, escapes quotes and backslashes, and keeps nulls', () => {
    expect(arrayLiteral(['a', 'b c', 'say "hi"', 'back\\slash', null])).toBe('{"a","b c","say \\"hi\\"","back\\\\slash",NULL}');
    expect(arrayLiteral([])).toBe('{}');
  });
});
