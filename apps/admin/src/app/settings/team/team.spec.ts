import { temporaryPassword } from './team.page';
import { linksFor } from '../settings.layout';

describe('team', () => {
  it('makes a 16-character first password from the random bytes', () => {
    const pw = temporaryPassword((b) => b.fill(0));
    expect(pw).toBe('a'.repeat(16));
    expect(temporaryPassword()).toMatch(/^[a-zA-Z2-9]{16}$/);
  });
});

describe('settings navigation', () => {
  it('shows operators only the knowledge base, admins everything', () => {
    expect(linksFor('operator').map((l) => l.path)).toEqual(['knowledge']);
    expect(linksFor('admin').map((l) => l.path)).toEqual(['start', 'autonomy', 'channels', 'assistant', 'knowledge', 'team', 'campaigns', 'dead-letters']);
    expect(linksFor(undefined).map((l) => l.path)).toEqual(['knowledge']);
  });
});
