import { Directive, ElementRef, inject, input, model } from '@angular/core';

/**
 * A vertical divider that resizes the column beside it: drag with the pointer, or focus it and use the
 * arrow keys (Home/End for min/max). `edge="end"` when the column sits right of the divider (dragging
 * left makes it wider).
 */
@Directive({
  selector: '[appSplitter]',
  host: {
    role: 'separator',
    tabindex: '0',
    'aria-orientation': 'vertical',
    '[attr.aria-valuenow]': 'size()',
    '[attr.aria-valuemin]': 'min()',
    '[attr.aria-valuemax]': 'max()',
    class: 'splitter',
    '(pointerdown)': 'start($event)',
    '(keydown)': 'key($event)',
    '(dblclick)': 'size.set(defaultSize())',
  },
})
export class Splitter {
  readonly size = model.required<number>();
  readonly min = input(240);
  readonly max = input(640);
  readonly defaultSize = input(360);
  readonly edge = input<'start' | 'end'>('start');

  private readonly el = inject<ElementRef<HTMLElement>>(ElementRef);

  protected start(event: PointerEvent): void {
    if (event.button !== 0) return;
    event.preventDefault();
    const el = this.el.nativeElement;
    const startX = event.clientX;
    const startSize = this.size();
    const sign = this.edge() === 'end' ? -1 : 1;
    el.setPointerCapture?.(event.pointerId);
    el.classList.add('dragging');
    const move = (e: PointerEvent) => this.size.set(this.clamp(startSize + sign * (e.clientX - startX)));
    const end = () => {
      el.classList.remove('dragging');
      el.removeEventListener('pointermove', move);
      el.removeEventListener('pointerup', end);
      el.removeEventListener('pointercancel', end);
    };
    el.addEventListener('pointermove', move);
    el.addEventListener('pointerup', end);
    el.addEventListener('pointercancel', end);
  }

  protected key(event: KeyboardEvent): void {
    const sign = this.edge() === 'end' ? -1 : 1;
    const step = event.shiftKey ? 64 : 16;
    const next: Record<string, number> = {
      ArrowLeft: this.size() - sign * step,
      ArrowRight: this.size() + sign * step,
      Home: this.min(),
      End: this.max(),
    };
    if (!(event.key in next)) return;
    event.preventDefault();
    this.size.set(this.clamp(next[event.key]));
  }

  private clamp(v: number): number {
    return Math.round(Math.min(this.max(), Math.max(this.min(), v)));
  }
}
