import type { ListRange } from '@angular/cdk/collections';
import type { CdkVirtualScrollViewport, VirtualScrollStrategy } from '@angular/cdk/scrolling';
import { Subject, distinctUntilChanged } from 'rxjs';

/** Prefix sums of `sizes`: `offsets[i]` is where row i starts, `offsets[n]` the total height. */
export function prefixOffsets(sizes: readonly number[]): number[] {
  const offsets = new Array<number>(sizes.length + 1);
  offsets[0] = 0;
  for (let i = 0; i < sizes.length; i++) offsets[i + 1] = offsets[i] + sizes[i];
  return offsets;
}

/** The row that contains `y` (clamped to the rows that exist). */
export function rowAt(offsets: readonly number[], y: number): number {
  const n = offsets.length - 1;
  if (n <= 0) return 0;
  let lo = 0;
  let hi = n - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (offsets[mid] <= y) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}

/**
 * A CDK virtual scroll strategy for rows of different heights (a chat): each row's height is measured
 * once rendered and remembered by its key; unmeasured rows count as an estimate. A thread that grows at
 * the bottom stays pinned to the bottom when the reader was there; rows added or resized above the
 * reader (older pages, images loading) keep what they read in place.
 */
export class MeasuredScrollStrategy implements VirtualScrollStrategy {
  private readonly index = new Subject<number>();
  readonly scrolledIndexChange = this.index.pipe(distinctUntilChanged());

  private viewport: CdkVirtualScrollViewport | null = null;
  private keys: string[] = [];
  private offsets: number[] = [0];
  private readonly sizes = new Map<string, number>();
  private resize: ResizeObserver | null = null;
  private pinned = true;
  /**
   * Called (outside change detection) when the reader comes within a screen of the first row, or the rows
   * do not fill the viewport: the place to fetch the page before them. Prepended rows keep the reader's place.
   */
  onNearStart: (() => void) | null = null;

  /** `keysOf` gives the keys of the rows the viewport is showing, in order. */
  constructor(
    private readonly keysOf: () => readonly string[],
    private readonly estimate = 76,
    private readonly buffer = 800,
    private readonly movable: (key: string) => boolean = () => false,
  ) {}

  attach(viewport: CdkVirtualScrollViewport): void {
    this.viewport = viewport;
    const wrapper = this.wrapper();
    if (wrapper && typeof ResizeObserver !== 'undefined') {
      this.resize = new ResizeObserver(() => this.measure());
      this.resize.observe(wrapper);
    }
    this.relayout();
  }

  detach(): void {
    this.resize?.disconnect();
    this.resize = null;
    this.viewport = null;
  }

  onContentScrolled(): void {
    const v = this.viewport;
    if (!v) return;
    this.pinned = this.atBottom();
    this.update();
    const size = v.getViewportSize();
    if (size && v.measureScrollOffset() < Math.max(size, 600)) this.nearStart();
  }

  onDataLengthChanged(): void {
    this.relayout();
  }

  onContentRendered(): void {
    this.measure();
  }

  onRenderedOffsetChanged(): void {
    // Offsets are ours; nothing to do.
  }

  scrollToIndex(index: number, behavior: ScrollBehavior): void {
    this.viewport?.scrollToOffset(this.offsets[Math.max(0, Math.min(index, this.keys.length))] ?? 0, behavior);
  }

  /** To the newest row, and stay there as rows arrive. */
  scrollToEnd(): void {
    this.pinned = true;
    this.viewport?.scrollToOffset(this.total());
    this.update();
  }

  /** The rows changed (same count or not): lay out again, keeping the reader's place. */
  relayout(): void {
    const v = this.viewport;
    const anchor = v && !this.pinned ? this.anchor() : null;
    this.keys = [...this.keysOf()];
    this.offsets = prefixOffsets(this.keys.map((k) => this.sizes.get(k) ?? this.estimate));
    if (!v) return;
    v.setTotalContentSize(this.total());
    // The viewport applies the new size at its next change detection; a scroll to an offset beyond the
    // old size would be clamped (and the reader's place lost), so the spacer takes it now.
    const spacer = (v.elementRef.nativeElement as HTMLElement).querySelector<HTMLElement>(':scope > .cdk-virtual-scroll-spacer');
    if (spacer) spacer.style.height = `${this.total()}px`;
    if (this.pinned) v.scrollToOffset(this.total());
    else if (anchor) {
      const at = this.keys.indexOf(anchor.key);
      if (at >= 0) v.scrollToOffset(this.offsets[at] + anchor.delta);
    }
    this.update();
    const size = v.getViewportSize();
    if (size && this.keys.length && this.total() < size) this.nearStart();
  }

  private nearStart(): void {
    const cb = this.onNearStart;
    if (cb) queueMicrotask(cb);
  }

  private total(): number {
    return this.offsets[this.offsets.length - 1] ?? 0;
  }

  private atBottom(): boolean {
    const v = this.viewport;
    if (!v) return true;
    return v.measureScrollOffset() + v.getViewportSize() >= this.total() - 24;
  }

  /**
   * The row the reader's place is kept by: the one at the top of the viewport, or the first after it
   * that `movable` does not name (a day separator moves when an older page brings that day's earlier rows).
   */
  private anchor(): { key: string; delta: number } | null {
    const v = this.viewport;
    if (!v || !this.keys.length) return null;
    const top = v.measureScrollOffset();
    let i = rowAt(this.offsets, top);
    while (i < this.keys.length - 1 && this.movable(this.keys[i])) i++;
    return { key: this.keys[i], delta: top - this.offsets[i] };
  }

  private wrapper(): HTMLElement | null {
    return (this.viewport?.elementRef.nativeElement as HTMLElement | undefined)?.querySelector('.cdk-virtual-scroll-content-wrapper') ?? null;
  }

  /** Reads the rendered rows' heights (`data-key` on each row's element); lays out again if any changed. */
  private measure(): void {
    const wrapper = this.wrapper();
    if (!wrapper) return;
    let changed = false;
    for (const el of Array.from(wrapper.children) as HTMLElement[]) {
      const key = el.dataset['key'];
      if (!key) continue;
      const h = el.offsetHeight;
      if (h > 0 && this.sizes.get(key) !== h) {
        this.sizes.set(key, h);
        changed = true;
      }
    }
    if (changed) this.relayout();
  }

  private update(): void {
    const v = this.viewport;
    if (!v) return;
    const n = this.keys.length;
    const size = v.getViewportSize() || 800;
    // Pinned: lay out the end even before the browser has applied the new content size (a freshly opened
    // thread renders its newest rows first, not its oldest and then the newest).
    const top = this.pinned ? Math.max(0, this.total() - size) : v.measureScrollOffset();
    const start = n ? rowAt(this.offsets, Math.max(0, top - this.buffer)) : 0;
    const end = n ? Math.min(n, rowAt(this.offsets, top + size + this.buffer) + 1) : 0;
    const range: ListRange = { start, end };
    const current = v.getRenderedRange();
    if (current.start !== range.start || current.end !== range.end) v.setRenderedRange(range);
    v.setRenderedContentOffset(this.offsets[start] ?? 0);
    this.index.next(n ? rowAt(this.offsets, top) : 0);
  }
}
