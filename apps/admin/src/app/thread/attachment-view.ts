import { MatIconModule } from '@angular/material/icon';
import { ChangeDetectionStrategy, Component, DestroyRef, ElementRef, computed, effect, inject, input, signal, viewChild } from '@angular/core';
import type { AttachmentView } from '@parley/contracts';
import { ApiService } from '../core/api.service';

export function formatBytes(n: number): string {
  if (n < 1024) return `${n} B`;
  if (n < 1024 * 1024) return `${(n / 1024).toFixed(n < 10 * 1024 ? 1 : 0)} KB`;
  return `${(n / 1024 / 1024).toFixed(1)} MB`;
}

/**
 * One attachment of a message: an image inline (click for the viewer), an audio player, or a file to
 * download. The bytes need the bearer token, so they are fetched as a Blob and shown from an object URL.
 */
@Component({
  selector: 'app-attachment',
  imports: [MatIconModule],
  template: `
    @switch (kind()) {
      @case ('image') {
        @if (url(); as src) {
          <button type="button" class="thumb" (click)="view()" [attr.aria-label]="'View image ' + attachment().filename">
            <img [src]="src" [alt]="attachment().filename" loading="lazy" />
          </button>
          <dialog #viewer class="viewer" [attr.aria-label]="attachment().filename" (click)="closeViewer()">
            <img [src]="src" [alt]="attachment().filename" />
            <div class="bar">
              <span>{{ attachment().filename }}</span>
              <a [href]="src" [download]="attachment().filename" (click)="$event.stopPropagation()">Download</a>
              <button type="button" class="secondary" (click)="closeViewer()">Close</button>
            </div>
          </dialog>
        } @else {
          <span class="placeholder" role="img" [attr.aria-label]="'Loading image ' + attachment().filename">{{ failed() ? 'Image unavailable' : '' }}</span>
        }
      }
      @case ('audio') {
        @if (url(); as src) {
          <audio controls preload="metadata" [src]="src" [attr.aria-label]="'Audio ' + attachment().filename"></audio>
        } @else {
          <span class="file">{{ failed() ? 'Audio unavailable' : 'Loading audio…' }}</span>
        }
      }
      @default {
        <button type="button" class="file" (click)="download()" [attr.aria-label]="'Download ' + attachment().filename">
          <mat-icon svgIcon="description" aria-hidden="true" />
          <span class="name">{{ attachment().filename }}</span>
          <span class="size">{{ size() }}</span>
        </button>
      }
    }
  `,
  styles: `
    :host {
      display: block;
      margin-top: 0.375rem;
    }
    .thumb {
      display: block;
      padding: 0;
      background: none;
      border: 0;
      cursor: zoom-in;
    }
    .thumb img {
      display: block;
      max-width: 240px;
      max-height: 200px;
      border-radius: var(--radius);
    }
    .placeholder {
      display: block;
      width: 160px;
      height: 100px;
      border-radius: var(--radius);
      background: var(--surface-muted);
      font-size: 0.75rem;
      color: var(--text-muted);
      padding: 0.5rem;
    }
    audio {
      max-width: 260px;
      height: 36px;
    }
    .file {
      display: inline-flex;
      align-items: center;
      gap: 0.375rem;
      max-width: 260px;
      padding: 0.375rem 0.625rem;
      font-size: 0.8rem;
      color: var(--text);
      background: var(--surface);
      border: 1px solid var(--border);
      border-radius: var(--radius);
    }
    .name {
      overflow: hidden;
      text-overflow: ellipsis;
      white-space: nowrap;
    }
    .size {
      color: var(--text-muted);
    }
    .viewer {
      max-width: 92vw;
      max-height: 92vh;
      padding: 0;
      background: #111;
      border: 0;
      border-radius: var(--radius-lg);
    }
    .viewer::backdrop {
      background: rgb(0 0 0 / 0.75);
    }
    .viewer img {
      display: block;
      max-width: 92vw;
      max-height: calc(92vh - 3rem);
      margin: auto;
    }
    .bar {
      display: flex;
      align-items: center;
      gap: 1rem;
      padding: 0.5rem 0.75rem;
      color: #eee;
      font-size: 0.85rem;
    }
    .bar a {
      color: #c7d2fe;
      margin-left: auto;
    }
  `,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class AttachmentItem {
  readonly attachment = input.required<AttachmentView>();
  private readonly api = inject(ApiService);
  protected readonly url = signal<string | null>(null);
  protected readonly failed = signal(false);
  private readonly viewer = viewChild<ElementRef<HTMLDialogElement>>('viewer');

  protected readonly kind = computed(() => {
    const t = this.attachment().contentType;
    return t.startsWith('image/') ? 'image' : t.startsWith('audio/') ? 'audio' : 'file';
  });
  protected readonly size = computed(() => formatBytes(this.attachment().size));

  constructor() {
    effect(() => {
      if (this.kind() === 'file') return;
      const id = this.attachment().id;
      this.api.attachmentBlob(id).then(
        (blob) => this.url.set(URL.createObjectURL(blob)),
        () => this.failed.set(true),
      );
    });
    inject(DestroyRef).onDestroy(() => {
      const u = this.url();
      if (u) URL.revokeObjectURL(u);
    });
  }

  protected view(): void {
    this.viewer()?.nativeElement.showModal?.();
  }

  protected closeViewer(): void {
    this.viewer()?.nativeElement.close();
  }

  protected async download(): Promise<void> {
    const a = this.attachment();
    try {
      const blob = await this.api.attachmentBlob(a.id);
      const url = URL.createObjectURL(blob);
      const link = document.createElement('a');
      link.href = url;
      link.download = a.filename;
      link.click();
      setTimeout(() => URL.revokeObjectURL(url), 10_000);
    } catch {
      this.failed.set(true);
    }
  }
}
