import type { ListRange } from '@angular/cdk/collections';
import type { CdkVirtualScrollViewport } from '@angular/cdk/scrolling';
import { MeasuredScrollStrategy, prefixOffsets, rowAt } from './measured-scroll';

/** A viewport of `size` px that scrolls like a browser (clamped to the content). */
function fakeViewport(size = 400) {
  const host = document.createElement('div');
  const state = { offset: 0, total: 0, range: { start: 0, end: 0 } as ListRange, contentOffset: 0 };
  const viewport = {
    elementRef: { nativeElement: host },
    measureScrollOffset: () => state.offset,
    getViewportSize: () => size,
    setTotalContentSize: (n: number) => (state.total = n),
    scrollToOffset: (n: number) => (state.offset = Math.max(0, Math.min(n, state.total - size))),
    getRenderedRange: () => state.range,
    setRenderedRange: (r: ListRange) => (state.range = r),
    setRenderedContentOffset: (n: number) => (state.contentOffset = n),
  };
  return { viewport: viewport as unknown as CdkVirtualScrollViewport, state };
}
const flush = () => new Promise((r) => setTimeout(r));

describe('MeasuredScrollStrategy', () => {
  it('finds rows by offset', () => {
    const offsets = prefixOffsets([10, 20, 30]);
    expect(offsets).toEqual([0, 10, 30, 60]);
    expect(rowAt(offsets, 0)).toBe(0);
    expect(rowAt(offsets, 29)).toBe(1);
    expect(rowAt(offsets, 500)).toBe(2);
  });

  it('opens at the end and renders the newest rows first', () => {
    const keys = ['day:1', ...Array.from({ length: 100 }, (_, i) => `msg:${i}`)];
    const s = new MeasuredScrollStrategy(
      () => keys,
      50,
      100,
      (k) => k.startsWith('day:'),
    );
    const { viewport, state } = fakeViewport();
    s.attach(viewport);
    expect(state.offset).toBe(101 * 50 - 400);
    expect(state.range.end).toBe(101);
    expect(state.range.start).toBeGreaterThan(80);
  });

  it('keeps the reader on the same message when an older page is prepended (not on the moving day separator) and asks for it near the top', async () => {
    let keys = ['day:2', ...Array.from({ length: 50 }, (_, i) => `msg:${100 + i}`)];
    const s = new MeasuredScrollStrategy(
      () => keys,
      50,
      100,
      (k) => k.startsWith('day:'),
    );
    const nearStart = jest.fn();
    s.onNearStart = nearStart;
    const { viewport, state } = fakeViewport();
    s.attach(viewport);
    // The reader scrolls to the top: msg:100 right under the day separator.
    state.offset = 10;
    s.onContentScrolled();
    await flush();
    expect(nearStart).toHaveBeenCalled();
    // An older page: 20 messages of the day before, then the same day's earlier messages.
    keys = ['day:1', ...Array.from({ length: 20 }, (_, i) => `msg:${i}`), 'day:2', ...Array.from({ length: 30 }, (_, i) => `msg:${70 + i}`), ...keys.slice(1)];
    s.onDataLengthChanged();
    // msg:100 was 40 px into the viewport's top edge (offset 10, row at 50): it still is.
    const at = keys.indexOf('msg:100') * 50;
    expect(state.offset).toBe(at - 40);
  });

  it('stays at the bottom as live rows arrive while the reader is there', () => {
    const keys = Array.from({ length: 30 }, (_, i) => `msg:${i}`);
    const s = new MeasuredScrollStrategy(() => keys, 50, 100);
    const { viewport, state } = fakeViewport();
    s.attach(viewport);
    keys.push('msg:30', 'msg:31');
    s.onDataLengthChanged();
    expect(state.offset).toBe(32 * 50 - 400);
  });
});
