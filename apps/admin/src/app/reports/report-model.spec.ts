import type { ConversationVolumeReport, DraftReport } from '@parley/contracts';
import { addDays, draftsTable, duration, toApiRange, toCsv, todayIn, volumeTable } from './report-model';

describe('reports model', () => {
  it('counts days in the workspace time zone and sends `to` as the day after the last one shown', () => {
    // 03:00 UTC on 1 March is still 28 February in New York.
    expect(todayIn('America/New_York', new Date('2026-03-01T03:00:00Z'))).toBe('2026-02-28');
    expect(todayIn('Europe/Paris', new Date('2026-03-01T03:00:00Z'))).toBe('2026-03-01');
    expect(addDays('2026-02-28', 1)).toBe('2026-03-01');
    expect(toApiRange('2026-02-01', '2026-02-28')).toEqual({ from: '2026-02-01', to: '2026-03-01' });
  });

  it('writes RFC 4180 CSV', () => {
    expect(
      toCsv(
        ['Reason', 'Count'],
        [
          ['Asked for a "manager", twice', 2],
          [null, 0],
        ],
      ),
    ).toBe('Reason,Count\r\n"Asked for a ""manager"", twice",2\r\n,0\r\n');
  });

  it('says durations in words', () => {
    expect(duration(null)).toBe('—');
    expect(duration(42)).toBe('42 s');
    expect(duration(90)).toBe('1 min 30 s');
    expect(duration(4000)).toBe('1 h 7 min');
  });

  it('tabulates volume per channel and drafts by outcome', () => {
    const volume: ConversationVolumeReport = {
      timezone: 'UTC',
      from: '',
      to: '',
      days: [
        { date: '2026-03-01', byChannel: { sms: 2, email: 1 }, total: 3 },
        { date: '2026-03-02', byChannel: { sms: 0, email: 0 }, total: 0 },
      ],
      totals: { byChannel: { sms: 2, email: 1 }, total: 3 },
    };
    expect(volumeTable(volume)).toMatchObject({
      header: ['Date', 'email', 'sms', 'Total'],
      rows: [
        ['2026-03-01', 1, 2, 3],
        ['2026-03-02', 0, 0, 0],
      ],
    });
    const drafts: DraftReport = { timezone: 'UTC', from: '', to: '', created: 6, approved: 3, edited: 1, rejected: 1, withdrawn: 1, pending: 1 };
    expect(draftsTable(drafts).rows.slice(0, 2)).toEqual([
      ['Approved as written', 2],
      ['Approved after an edit', 1],
    ]);
  });
});
