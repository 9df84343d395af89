import { checklist, isFirstRun } from './checklist';

describe('first-run checklist', () => {
  it('shows an empty workspace four open steps, in order', () => {
    const steps = checklist({ channels: 0, articles: 0, autonomyChosen: false, members: 1 });
    expect(steps.map((s) => [s.title, s.done])).toEqual([
      ['Connect a channel', false],
      ['Add knowledge', false],
      ['Choose autonomy', false],
      ['Invite the team', false],
    ]);
    expect(isFirstRun({ channels: 0, articles: 0 })).toBe(true);
  });

  it('ticks what is done', () => {
    const steps = checklist({ channels: 2, articles: 5, autonomyChosen: true, members: 3 });
    expect(steps.every((s) => s.done)).toBe(true);
    expect(isFirstRun({ channels: 1, articles: 0 })).toBe(false);
  });
});
