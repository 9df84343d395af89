import { renderTemplatePreview, slashQuery, templateParamCount, windowOpen } from './template-params';

describe('template parameters and the messaging window', () => {
  it('counts {{n}} parameters and previews them', () => {
    expect(templateParamCount('Hi {{1}}, your visit is on {{2}}.')).toBe(2);
    expect(templateParamCount('No params')).toBe(0);
    expect(renderTemplatePreview('Hi {{1}}, on {{2}}', ['Dana'])).toBe('Hi Dana, on {{2}}');
  });

  it('knows when the 24 h window is closed', () => {
    const now = Date.parse('2026-05-02T12:00:00Z');
    expect(windowOpen('2026-05-02T00:00:00Z', 24, now)).toBe(true);
    expect(windowOpen('2026-05-01T11:00:00Z', 24, now)).toBe(false);
    expect(windowOpen(null, 24, now)).toBe(false);
    expect(windowOpen(null, undefined, now)).toBe(true);
  });

  it('finds the "/" query at the caret', () => {
    expect(slashQuery('/hou', 4)).toBe('hou');
    expect(slashQuery('see /', 5)).toBe('');
    expect(slashQuery('a/b', 3)).toBeNull();
    expect(slashQuery('plain', 5)).toBeNull();
  });
});
