import { DatePipe } from '@angular/common';
import { ChangeDetectionStrategy, Component, DestroyRef, computed, effect, inject, input, signal, untracked, viewChild } from '@angular/core';
import { MatIconModule } from '@angular/material/icon';
import { RouterLink } from '@angular/router';
import { CHANNEL_KINDS, type ChannelKind, type ContactDetail, type ConversationListItem } from '@parley/contracts';
import { ApiService, isAbort } from '../core/api.service';
import { RealtimeService } from '../core/realtime.service';
import { PromptDialog } from '../thread/prompt-dialog';
import { errorText } from '../thread/thread-store';
import { STATUS_TEXT } from '../thread/thread-header';

const CHANNEL_NAMES: Record<ChannelKind, string> = { email: 'Email', sms: 'SMS', whatsapp: 'WhatsApp', webchat: 'Chat', voice: 'Voice' };
/** Metadata keys shown by name under "See more"; any other key is listed after them. */
const KNOWN_META: [string, string][] = [
  ['chatId', 'Chat ID'],
  ['browser', 'Browser'],
  ['os', 'OS'],
  ['timezone', 'Timezone'],
  ['referrer', 'Referrer'],
];

type PreviousConversation = ContactDetail['previousConversations'][number];
type Undeliverable = NonNullable<ContactDetail['identities'][number]['undeliverable']>;

/** A hard bounce in words: "Bounced: mailbox does not exist". */
export function bounceText(u: Undeliverable): string {
  return `Bounced: ${u.reason?.trim() || 'the address takes no more messages'}`;
}

/**
 * A card of one of the contact's conversations (a `conversation.created|updated` frame: the list card as
 * REST returns it) applied to the panel without a fetch: its entry under previous conversations takes the
 * card's status, channel, preview and time (a new one joins, newest activity first).
 */
export function applyCardToContact(contact: ContactDetail, card: ConversationListItem): ContactDetail {
  if (card.contact.id !== contact.id) return contact;
  const entry: PreviousConversation = {
    id: card.id,
    status: card.status,
    channel: card.channel,
    lastMessagePreview: card.lastMessagePreview,
    lastActivityAt: card.lastActivityAt,
  };
  const at = contact.previousConversations.findIndex((c) => c.id === card.id);
  const current = contact.previousConversations[at];
  if (
    current &&
    current.status === entry.status &&
    current.lastMessagePreview === entry.lastMessagePreview &&
    current.lastActivityAt === entry.lastActivityAt &&
    current.channel === entry.channel
  )
    return contact;
  const rest = contact.previousConversations.filter((c) => c.id !== card.id);
  const list = [...rest, entry].sort((a, b) => (a.lastActivityAt < b.lastActivityAt ? 1 : a.lastActivityAt > b.lastActivityAt ? -1 : 0));
  return { ...contact, previousConversations: list };
}

/**
 * What a card cannot tell the panel: the contact's AI pause, block and opt-outs. A card whose assistant
 * state or opted-out status moved from what was last seen of that conversation may carry one: fetch the contact then.
 */
export function cardNeedsContact(seen: ReadonlyMap<string, string>, card: ConversationListItem): boolean {
  const before = seen.get(card.id);
  const now = `${card.assistantState}|${card.status === 'opted_out'}`;
  return before === undefined ? card.status === 'opted_out' || card.assistantState !== 'active' : before !== now;
}

/** The right column: who the contact is, copy buttons, more data, the AI pause, opt-outs, previous conversations. */
@Component({
  selector: 'app-contact-panel',
  imports: [DatePipe, RouterLink, PromptDialog, MatIconModule],
  templateUrl: './contact-panel.html',
  styleUrl: './contact-panel.css',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class ContactPanel {
  readonly conversationId = input<string | null>();

  private readonly api = inject(ApiService);
  private readonly realtime = inject(RealtimeService);
  protected readonly contact = signal<ContactDetail | null>(null);
  protected readonly loading = signal(false);
  protected readonly error = signal<string | null>(null);
  protected readonly more = signal(false);
  protected readonly copied = signal<string | null>(null);
  protected readonly busy = signal(false);
  protected readonly pauseDialog = viewChild<PromptDialog>('pause');
  protected readonly channelNames = CHANNEL_NAMES;
  protected readonly statusText = STATUS_TEXT;

  protected readonly bounceText = bounceText;
  /** The contact's addresses a hard bounce marked undeliverable. */
  protected readonly bounced = computed(() =>
    (this.contact()?.identities ?? []).flatMap((i) => (i.undeliverable ? [{ address: i.address, undeliverable: i.undeliverable }] : [])),
  );
  protected bouncedOf(address: string): Undeliverable | null {
    const a = address.toLowerCase();
    return this.bounced().find((b) => b.address.toLowerCase() === a)?.undeliverable ?? null;
  }
  protected readonly previous = computed(() => (this.contact()?.previousConversations ?? []).filter((c) => c.id !== this.conversationId()));
  protected readonly optOuts = computed(() => {
    const c = this.contact();
    if (!c) return [];
    const reachable = new Set(c.identities.map((i) => i.channel));
    return CHANNEL_KINDS.filter((k) => reachable.has(k) || c.optedOutChannels.includes(k)).map((k) => ({
      channel: k,
      optedOut: c.optedOutChannels.includes(k),
    }));
  });
  protected readonly meta = computed(() => {
    const m = this.contact()?.metadata ?? {};
    const known = KNOWN_META.filter(([k]) => m[k] !== undefined && m[k] !== null && m[k] !== '').map(([k, label]) => ({ label, value: String(m[k]) }));
    const rest = Object.entries(m)
      .filter(([k, v]) => !KNOWN_META.some(([kk]) => kk === k) && v !== null && typeof v !== 'object')
      .map(([k, v]) => ({ label: k, value: String(v) }));
    return [...known, ...rest];
  });

  private abort: AbortController | null = null;
  private contactId: string | null = null;
  /** Assistant state and opt-out of each of the contact's conversations as last seen (see cardNeedsContact). */
  private readonly seen = new Map<string, string>();

  constructor() {
    effect(() => {
      const id = this.conversationId() ?? null;
      untracked(() => void this.load(id));
    });
    // A conversation of this contact changed: its card updates the panel; only an assistant state or
    // opt-out change (the contact's AI pause, block, opt-out) needs the contact read again.
    const sub = this.realtime.events('conversation.updated', 'conversation.created').subscribe((f) => {
      const contact = this.contact();
      if (!this.contactId || f.data.contact.id !== this.contactId) return;
      const refetch = cardNeedsContact(this.seen, f.data);
      this.seen.set(f.data.id, `${f.data.assistantState}|${f.data.status === 'opted_out'}`);
      if (contact) this.contact.set(applyCardToContact(contact, f.data));
      if (refetch) void this.refresh();
    });
    inject(DestroyRef).onDestroy(() => {
      sub.unsubscribe();
      this.abort?.abort();
    });
  }

  private async load(conversationId: string | null): Promise<void> {
    this.abort?.abort();
    this.error.set(null);
    this.more.set(false);
    if (!conversationId) {
      this.contact.set(null);
      this.contactId = null;
      return;
    }
    const abort = new AbortController();
    this.abort = abort;
    this.loading.set(true);
    try {
      const conversation = await this.api.conversation(conversationId, { signal: abort.signal });
      if (this.contactId !== conversation.contact.id) this.seen.clear();
      this.contactId = conversation.contact.id;
      this.seen.set(conversation.id, `${conversation.assistantState}|${conversation.status === 'opted_out'}`);
      if (this.contact()?.id !== conversation.contact.id) this.contact.set(null);
      this.contact.set(await this.api.contact(conversation.contact.id, { signal: abort.signal }));
    } catch (err) {
      if (!isAbort(err)) this.error.set(errorText(err, 'The contact could not be loaded'));
    } finally {
      if (this.abort === abort) this.loading.set(false);
    }
  }

  private refreshing = false;
  private async refresh(): Promise<void> {
    if (!this.contactId || this.refreshing) return;
    this.refreshing = true;
    try {
      this.contact.set(await this.api.contact(this.contactId));
    } catch {
      // keep what is shown
    } finally {
      this.refreshing = false;
    }
  }

  protected async copy(what: string, value: string): Promise<void> {
    try {
      await navigator.clipboard.writeText(value);
      this.copied.set(what);
      setTimeout(() => this.copied.set(null), 1500);
    } catch {
      this.error.set('Copying is not allowed here; select the text instead.');
    }
  }

  protected async pauseAi(reason: string): Promise<void> {
    const c = this.contact();
    if (!c) return;
    this.busy.set(true);
    try {
      const view = await this.api.pauseAi(c.id, reason || undefined);
      this.contact.set({ ...c, ...view });
      this.pauseDialog()?.close();
    } catch (err) {
      this.error.set(errorText(err, 'The AI could not be paused'));
    } finally {
      this.busy.set(false);
    }
  }

  protected async resumeAi(): Promise<void> {
    const c = this.contact();
    if (!c) return;
    this.busy.set(true);
    try {
      this.contact.set({ ...c, ...(await this.api.resumeAi(c.id)) });
    } catch (err) {
      this.error.set(errorText(err, 'The AI could not be resumed'));
    } finally {
      this.busy.set(false);
    }
  }
}
