import { ChangeDetectionStrategy, Component, DestroyRef, ElementRef, computed, effect, inject, input, signal, untracked, viewChild } from '@angular/core';
import { DomSanitizer, type SafeHtml } from '@angular/platform-browser';
import type { AttachmentView } from '@parley/contracts';
import { ApiService } from '../core/api.service';
import { emailSrcdoc, inlineContentIds } from './email-html';

/** True when the page is dark (whatever turned it dark): the email's text colour follows. */
function pageIsDark(): boolean {
  if (typeof getComputedStyle === 'undefined') return false;
  const m = /rgba?\((\d+),\s*(\d+),\s*(\d+)/.exec(getComputedStyle(document.body).color);
  if (!m) return false;
  const [r, g, b] = [Number(m[1]), Number(m[2]), Number(m[3])];
  return 0.299 * r + 0.587 * g + 0.114 * b > 140;
}

/**
 * An email's HTML in a sandboxed iframe: no `allow-scripts` (nothing in it runs), a CSP that forbids
 * every fetch but inline styles and the message's own inline images (`cid:` parts, fetched with the login
 * token and shown from blob URLs), and remote images shown as small boxes until the operator asks for them.
 * `allow-same-origin` only lets this page read the document's height; with scripts off it grants the
 * email nothing.
 */
@Component({
  selector: 'app-email-frame',
  template: `
    @if (doc().blockedImages && !allowImages()) {
      <p class="blocked">
        <span>{{ doc().blockedImages }} remote image{{ doc().blockedImages === 1 ? '' : 's' }} not loaded, to protect your privacy.</span>
        <button type="button" class="secondary" (click)="allowImages.set(true)">Load images</button>
      </p>
    }
    <iframe
      #frame
      title="Email content"
      sandbox="allow-popups allow-popups-to-escape-sandbox allow-same-origin"
      referrerpolicy="no-referrer"
      [srcdoc]="safe()"
      [style.height.px]="height()"
      (load)="measure()"
    ></iframe>
  `,
  styles: `
    :host {
      display: block;
    }
    iframe {
      display: block;
      width: 100%;
      min-height: 2rem;
      border: 0;
      background: transparent;
    }
    .blocked {
      display: flex;
      align-items: center;
      gap: 0.5rem;
      margin: 0 0 0.5rem;
      font-size: 0.8rem;
      color: var(--text-muted);
    }
    .blocked button {
      padding: 0.125rem 0.5rem;
      font-size: 0.8rem;
    }
  `,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class EmailFrame {
  readonly html = input.required<string>();
  /** The message's attachments: those the HTML names as `cid:<contentId>` are shown in place. */
  readonly attachments = input<readonly AttachmentView[]>([]);
  readonly allowImages = signal(false);
  /** contentId (lower-cased) → blob URL of the inline parts fetched so far. */
  protected readonly inline = signal<Record<string, string>>({});
  private readonly api = inject(ApiService);
  private readonly fetched = new Map<string, string | null>();
  protected readonly height = signal(60);
  private readonly sanitizer = inject(DomSanitizer);
  private readonly frame = viewChild.required<ElementRef<HTMLIFrameElement>>('frame');

  protected readonly doc = computed(() => emailSrcdoc(this.html(), { allowImages: this.allowImages(), dark: pageIsDark(), inline: this.inline() }));
  // The document is built by emailSrcdoc (sanitized, script-free, CSP); Angular's own sanitizer would drop the CSP and styles.
  protected readonly safe = computed<SafeHtml>(() => this.sanitizer.bypassSecurityTrustHtml(this.doc().srcdoc));

  constructor() {
    effect(() => {
      const wanted = new Set(inlineContentIds(this.html()));
      const parts = this.attachments().filter((a) => a.contentId && wanted.has(a.contentId.toLowerCase()));
      untracked(() => parts.forEach((a) => this.fetchInline(a)));
    });
    inject(DestroyRef).onDestroy(() => {
      this.destroyed = true;
      for (const url of this.fetched.values()) if (url) URL.revokeObjectURL(url);
    });
  }

  private destroyed = false;

  private fetchInline(a: AttachmentView): void {
    const id = (a.contentId ?? '').toLowerCase();
    if (!id || this.fetched.has(a.id)) return;
    this.fetched.set(a.id, null);
    this.api.attachmentBlob(a.id).then(
      (blob) => {
        if (this.destroyed) return;
        const url = URL.createObjectURL(blob);
        this.fetched.set(a.id, url);
        this.inline.update((m) => ({ ...m, [id]: url }));
      },
      () => undefined, // the box stays: "Inline image"
    );
  }

  protected measure(): void {
    const doc = this.frame().nativeElement.contentDocument;
    if (!doc?.documentElement) return;
    this.height.set(Math.min(Math.max(doc.documentElement.scrollHeight, 24), 4000));
    // Images that load later change the height.
    doc
      .querySelectorAll('img')
      .forEach((img) => img.addEventListener('load', () => this.height.set(Math.min(doc.documentElement.scrollHeight, 4000)), { once: true }));
  }
}
