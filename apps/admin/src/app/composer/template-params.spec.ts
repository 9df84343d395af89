import { renderTemplatePreview, slashQuery, templateParamCount } from './template-params';

describe('template parameters', () => {
  it('counts {{n}} parameters and previews them', () => {
    expect(templateParamCount('Hi {{1}}, your visit is on {{2}}.')).toBe(2);
    expect(templateParamCount('No params')).toBe(0);
    expect(renderTemplatePreview('Hi {{1}}, on {{2}}', ['Dana'])).toBe('Hi Dana, on {{2}}');
  });

  it('finds the "/" query at the caret', () => {
    expect(slashQuery('/hou', 4)).toBe('hou');
    expect(slashQuery('see /', 5)).toBe('');
    expect(slashQuery('a/b', 3)).toBeNull();
    expect(slashQuery('plain', 5)).toBeNull();
  });
});
