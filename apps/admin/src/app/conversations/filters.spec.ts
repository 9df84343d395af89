import { EMPTY_FILTERS, filterPills, filtersToParams, filtersToQuery, filtersToQueryString, parseFilters, parseQueryString } from './filters';

const UUID = '0b7c3a52-5d0e-4c4e-9a39-2f3f0e6c1a11';

describe('URL ⇄ filters', () => {
  it('reads every filter from the query params', () => {
    const f = parseFilters({
      status: 'human_handling,resolved',
      assignee: `me,none,${UUID}`,
      channel: 'whatsapp',
      from: '2026-12-01',
      to: '2026-12-04',
      unread: '1',
      action: '1',
      reply: 'new,replied',
      archived: '1',
      q: 'leak',
      group: 'contact',
    });
    expect(f).toEqual({
      status: ['human_handling', 'resolved'],
      assignee: ['me', 'none', UUID],
      channel: 'whatsapp',
      from: '2026-12-01',
      to: '2026-12-04',
      unread: true,
      requiresAction: true,
      replyState: ['new', 'replied'],
      archived: true,
      q: 'leak',
      groupBy: 'contact',
    });
  });

  it("maps the seeds' vocabularies onto our statuses and reply states", () => {
    expect(parseFilters({ status: 'Open,Transferred,Closed' }).status).toEqual(['ai_handling', 'human_handling', 'resolved']);
    expect(parseFilters({ status: 'unresolved,escalated,assigned' }).status).toEqual(['ai_handling', 'human_handling']);
    expect(parseFilters({ reply: 'created,pending,replied' }).replyState).toEqual(['new', 'awaiting_reply', 'replied']);
  });

  it('drops what it does not understand instead of failing', () => {
    const f = parseFilters({ status: 'nonsense', assignee: 'robert;drop', channel: 'fax', from: 'yesterday', group: 'team', unread: 'yes' });
    expect(f).toEqual(EMPTY_FILTERS);
  });

  it('round-trips through the URL', () => {
    const f = { ...EMPTY_FILTERS, status: ['ai_handling' as const], assignee: ['me'], channel: 'sms' as const, q: 'anna', unread: true };
    const params = filtersToParams(f);
    const strings = Object.fromEntries(Object.entries(params).filter(([, v]) => v !== null));
    expect(parseFilters(strings)).toEqual(f);
    expect(parseFilters(parseQueryString(filtersToQueryString(f)))).toEqual(f);
  });

  it('clears removed filters with null params (merge navigation)', () => {
    const params = filtersToParams(EMPTY_FILTERS);
    expect(Object.values(params).every((v) => v === null)).toBe(true);
    expect(Object.keys(params)).toEqual(expect.arrayContaining(['status', 'assignee', 'channel', 'q', 'archived', 'group']));
  });

  it("builds the API's query (csv-ready arrays, booleans only when set)", () => {
    const q = filtersToQuery({
      ...EMPTY_FILTERS,
      assignee: ['me', 'none'],
      channel: 'webchat',
      requiresAction: true,
      replyState: ['awaiting_reply'],
      q: '  555 ',
    });
    expect(q).toEqual({ archived: false, assigneeId: ['me', 'none'], channel: ['webchat'], requiresAction: true, replyState: ['awaiting_reply'], q: '555' });
  });

  it('lists active filters as pills, each removing only itself', () => {
    const f = { ...EMPTY_FILTERS, status: ['human_handling' as const, 'resolved' as const], assignee: [UUID], unread: true };
    const pills = filterPills(f, () => 'Maya');
    expect(pills.map((p) => p.label)).toEqual(['Status: Human Handling', 'Status: Resolved', 'Assignee: Maya', 'Unread']);
    expect(pills[0].without.status).toEqual(['resolved']);
    expect(pills[2].without.assignee).toEqual([]);
    expect(pills[3].without).toEqual({ ...f, unread: false });
  });
});
