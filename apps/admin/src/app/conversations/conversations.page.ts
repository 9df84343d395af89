import { ChangeDetectionStrategy, Component, computed, input } from '@angular/core';
import { MatButtonModule } from '@angular/material/button';
import { MatIconModule } from '@angular/material/icon';
import { MatTooltipModule } from '@angular/material/tooltip';
import { ContactPanel } from '../contact-panel/contact-panel';
import { persisted } from '../core/persisted';
import { ThreadPane } from '../thread/thread-pane';
import { ConversationListPanel } from './conversation-list-panel';
import { Splitter } from './splitter';

const isWidth = (v: unknown) => typeof v === 'number' && v >= 200 && v <= 1200;

/**
 * The operator's workspace: conversation list · thread · contact panel, each divider draggable, the
 * contact panel collapsible; sizes are remembered. Built for ≥1280 px wide screens.
 */
@Component({
  selector: 'app-conversations-page',
  imports: [ConversationListPanel, ThreadPane, ContactPanel, Splitter, MatButtonModule, MatIconModule, MatTooltipModule],
  template: `
    <div class="workspace" [style.--list-w.px]="listWidth()" [style.--contact-w.px]="contactOpen() ? contactWidth() : 0">
      <section class="col list" aria-label="Conversations">
        <app-conversation-list-panel [selectedId]="selectedId()" />
      </section>
      <div appSplitter [(size)]="listWidth" [min]="300" [max]="720" [defaultSize]="380" aria-label="Resize the conversation list"></div>
      <section class="col thread" aria-label="Conversation">
        <app-thread-pane [conversationId]="selectedId()" />
      </section>
      @if (contactOpen()) {
        <div appSplitter edge="end" [(size)]="contactWidth" [min]="260" [max]="520" [defaultSize]="320" aria-label="Resize the contact panel"></div>
      }
      <aside class="col contact" [class.collapsed]="!contactOpen()" aria-label="Contact">
        <button
          mat-icon-button
          type="button"
          class="contact-toggle"
          (click)="contactOpen.set(!contactOpen())"
          [attr.aria-expanded]="contactOpen()"
          [attr.aria-label]="contactOpen() ? 'Hide contact panel' : 'Show contact panel'"
          [matTooltip]="contactOpen() ? 'Hide contact panel' : 'Show contact panel'"
        >
          <mat-icon [svgIcon]="contactOpen() ? 'chevron_right' : 'chevron_left'" />
        </button>
        @if (contactOpen()) {
          <app-contact-panel [conversationId]="selectedId()" />
        }
      </aside>
    </div>
  `,
  styles: `
    :host {
      display: block;
      height: 100%;
      min-height: 0;
    }
    .workspace {
      display: flex;
      height: 100%;
      min-width: 1024px;
    }
    .col {
      min-width: 0;
      min-height: 0;
      display: flex;
      flex-direction: column;
      overflow: hidden;
      background: var(--surface);
    }
    .col > :not(button) {
      flex: 1;
      min-height: 0;
    }
    .list {
      flex: 0 0 var(--list-w);
    }
    .thread {
      flex: 1 1 auto;
      min-width: 360px;
    }
    .contact {
      position: relative;
      flex: 0 0 var(--contact-w);
      border-left: 1px solid var(--border);
    }
    .contact.collapsed {
      flex-basis: 44px;
      align-items: center;
      padding-top: 0.25rem;
    }
    .contact-toggle {
      position: absolute;
      top: 0.25rem;
      right: 0.25rem;
      z-index: 2;
    }
    .collapsed .contact-toggle {
      position: static;
    }
    .splitter {
      flex: 0 0 5px;
      cursor: col-resize;
      background: var(--border);
      transition: background-color 0.15s;
      touch-action: none;
    }
    .splitter:hover,
    .splitter:focus-visible,
    .splitter.dragging {
      background: var(--accent);
      outline: none;
    }
  `,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class ConversationsPage {
  /** The open conversation (`/conversations/:id`). */
  readonly id = input<string>();

  protected readonly selectedId = computed(() => this.id() ?? null);
  protected readonly listWidth = persisted('layout.listWidth', 380, isWidth);
  protected readonly contactWidth = persisted('layout.contactWidth', 320, isWidth);
  protected readonly contactOpen = persisted('layout.contactOpen', true, (v) => typeof v === 'boolean');
}
