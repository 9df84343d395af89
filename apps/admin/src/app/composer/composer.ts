import { HttpErrorResponse } from '@angular/common/http';
import { ChangeDetectionStrategy, Component, DestroyRef, ElementRef, computed, effect, inject, signal, untracked, viewChild } from '@angular/core';
import { FormsModule } from '@angular/forms';
import { MatIconModule } from '@angular/material/icon';
import type { ChannelAccountView, ContactDetail, KnowledgeArticleView, MessageView, TemplateView } from '@parley/contracts';
import { ApiService, type SendMessageBody } from '../core/api.service';
import { ThreadStore, errorText } from '../thread/thread-store';
import { lastMessageId } from '../thread/thread-model';
import { AudioRecorder } from './audio-recorder';
import { type ChannelCapabilities, ComposerApi, type PluginInfo } from './composer-api';
import { clearComposerDraft, loadComposerDraft, saveComposerDraft } from './composer-draft';
import { EmojiPicker } from './emoji-picker';
import { windowIsOpen, windowText } from './messaging-window';
import { renderTemplatePreview, slashQuery, templateParamCount } from './template-params';

interface PendingFile {
  key: string;
  filename: string;
  contentType: string;
  id?: string;
  error?: string;
}

const CHANNEL_NAMES: Record<string, string> = { email: 'Email', sms: 'SMS', whatsapp: 'WhatsApp', webchat: 'Chat', voice: 'Voice' };
const TYPING_IDLE_MS = 4000;

/**
 * The reply box under the thread: reply (on any of the contact's channels) or internal note; email gets a
 * subject and rich text; templates (required when the messaging window is closed); files by button, drag
 * and drop or paste; voice messages; emoji; canned responses on "/"; the unsent text kept per
 * conversation; teammates' presence; the API's refusals in words.
 */
@Component({
  selector: 'app-composer',
  imports: [FormsModule, EmojiPicker, MatIconModule],
  templateUrl: './composer.html',
  styleUrl: './composer.css',
  host: {
    '[class.note-mode]': "mode() === 'note'",
    '[class.dragging]': 'dragging()',
    '(dragover)': 'dragOver($event)',
    '(dragleave)': 'dragging.set(false)',
    '(drop)': 'drop($event)',
  },
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class Composer {
  protected readonly store = inject(ThreadStore);
  private readonly api = inject(ApiService);
  private readonly composerApi = inject(ComposerApi);

  readonly mode = signal<'reply' | 'note'>('reply');
  protected readonly body = signal('');
  protected readonly subject = signal('');
  protected readonly html = signal('');
  protected readonly channelAccountId = signal<string | null>(null);
  protected readonly files = signal<PendingFile[]>([]);
  protected readonly templateId = signal<string | null>(null);
  protected readonly templateParams = signal<string[]>([]);
  protected readonly sending = signal(false);
  protected readonly error = signal<string | null>(null);
  protected readonly warning = signal<string | null>(null);
  protected readonly dragging = signal(false);
  protected readonly recording = signal(false);
  protected readonly cannedQuery = signal<string | null>(null);
  protected readonly cannedIndex = signal(0);

  private readonly accounts = signal<ChannelAccountView[]>([]);
  private readonly plugins = signal<PluginInfo[]>([]);
  private readonly contact = signal<ContactDetail | null>(null);
  protected readonly templates = signal<TemplateView[]>([]);
  private readonly canned = signal<KnowledgeArticleView[]>([]);

  private readonly textarea = viewChild<ElementRef<HTMLTextAreaElement>>('text');
  private readonly editor = viewChild<ElementRef<HTMLDivElement>>('editor');
  private readonly fileInput = viewChild.required<ElementRef<HTMLInputElement>>('fileInput');
  private readonly photoInput = viewChild.required<ElementRef<HTMLInputElement>>('photoInput');
  private recorder: AudioRecorder | null = null;
  private typingTimer: ReturnType<typeof setTimeout> | null = null;
  private saveTimer: ReturnType<typeof setTimeout> | null = null;
  private loadedFor: string | null = null;

  protected readonly conversation = this.store.conversation;
  protected readonly recordingAvailable = AudioRecorder.available();

  /** The channel accounts this contact can be reached on: the conversation's, and every active one where they have an address. */
  protected readonly channelOptions = computed(() => {
    const c = this.conversation();
    if (!c) return [];
    const channels = new Set(this.contact()?.identities.map((i) => i.channel) ?? [c.channel]);
    const opted = new Set(this.contact()?.optedOutChannels ?? []);
    const list = this.accounts().filter((a) => a.id === c.channelAccountId || (a.active && channels.has(a.channel)));
    const options = list.map((a) => ({
      id: a.id,
      label: `${a.name} · ${CHANNEL_NAMES[a.channel] ?? a.channel}${opted.has(a.channel) ? ' (opted out)' : ''}`,
      channel: a.channel,
      plugin: a.plugin,
    }));
    if (!options.some((o) => o.id === c.channelAccountId))
      options.unshift({
        id: c.channelAccount.id,
        label: `${c.channelAccount.name} · ${CHANNEL_NAMES[c.channel] ?? c.channel}`,
        channel: c.channel,
        plugin: c.channelAccount.plugin,
      });
    return options;
  });
  protected readonly account = computed(() => {
    const id = this.channelAccountId() ?? this.conversation()?.channelAccountId;
    return this.channelOptions().find((o) => o.id === id) ?? this.channelOptions().at(0) ?? null;
  });
  protected readonly caps = computed<ChannelCapabilities>(() => this.plugins().find((p) => p.id === this.account()?.plugin)?.capabilities ?? {});
  protected readonly isEmail = computed(() => this.mode() === 'reply' && !!(this.caps().html || this.caps().subject || this.account()?.channel === 'email'));
  protected readonly optedOut = computed(() => {
    const ch = this.account()?.channel;
    return !!ch && !!this.contact()?.optedOutChannels.includes(ch);
  });
  protected readonly windowHours = computed(() => this.conversation()?.messagingWindow?.hours ?? this.caps().messagingWindowHours);
  /** Ticks every half minute so "Window closes in …" counts down and the window closes on time. */
  private readonly now = signal(Date.now());
  /**
   * The messaging window of the conversation's channel account as the API reports it (`messagingWindow`),
   * reopened by the contact's live messages. Another account chosen in "Send on": unknown here, so the
   * API decides (a 422 then asks for a template).
   */
  protected readonly window = computed(() => {
    const c = this.conversation();
    return c && this.account()?.id === c.channelAccountId ? c.messagingWindow : null;
  });
  protected readonly windowLabel = computed(() => (this.mode() === 'reply' ? windowText(this.window(), this.now()) : null));
  private readonly refusedWindow = signal(false);
  protected readonly templateRequired = computed(() => this.mode() === 'reply' && (this.refusedWindow() || !windowIsOpen(this.window(), this.now())));
  /** Files the chosen channel does not carry (its plugin's attachment types): the send would be refused. */
  protected readonly unsupported = computed(() => {
    const types = this.caps().attachments?.mimeTypes;
    return new Set(
      types
        ? this.files()
            .filter((f) => f.contentType && !types.includes(f.contentType.split(';')[0]))
            .map((f) => f.key)
        : [],
    );
  });
  protected readonly template = computed(() => this.templates().find((t) => t.id === this.templateId()) ?? null);
  protected readonly paramSlots = computed(() => Array.from({ length: templateParamCount(this.template()?.body ?? '') }, (_, i) => i));
  protected readonly preview = computed(() => {
    const t = this.template();
    return t ? renderTemplatePreview(t.body, this.templateParams()) : '';
  });
  protected readonly cannedMatches = computed(() => {
    const q = this.cannedQuery();
    if (q === null) return [];
    const needle = q.toLowerCase();
    return this.canned()
      .filter((a) => !needle || a.title.toLowerCase().includes(needle) || a.tags.some((t) => t.toLowerCase().includes(needle)))
      .slice(0, 8);
  });
  protected readonly presence = computed(() => {
    const others = this.store.others();
    const typing = others.filter((v) => v.typing).map((v) => v.name);
    const viewing = others.filter((v) => !v.typing).map((v) => v.name);
    const parts: string[] = [];
    if (typing.length) parts.push(`${names(typing)} ${typing.length === 1 ? 'is' : 'are'} typing…`);
    if (viewing.length) parts.push(`${names(viewing)} ${viewing.length === 1 ? 'is' : 'are'} viewing`);
    return parts.join(' · ');
  });
  protected readonly uploading = computed(() => this.files().some((f) => !f.id && !f.error));
  protected readonly canSend = computed(() => {
    if (this.sending() || this.uploading()) return false;
    if (this.mode() === 'note') return !!this.body().trim();
    if (this.optedOut()) return false;
    if (this.templateId()) return this.templateParams().filter((p) => p.trim()).length >= this.paramSlots().length;
    if (this.templateRequired()) return false;
    const text = this.isEmail() ? stripHtml(this.html()) : this.body();
    return !!text.trim() || this.files().some((f) => f.id);
  });
  protected readonly sendLabel = computed(() => (this.mode() === 'note' ? 'Add note' : this.templateId() ? 'Send template' : 'Send'));

  constructor() {
    void this.api.channelAccounts().then(
      (p) => this.accounts.set(p.items),
      () => undefined,
    );
    void this.composerApi.channelPlugins().then(
      (p) => this.plugins.set(p),
      () => undefined,
    );
    void this.composerApi.cannedResponses().then(
      (a) => this.canned.set(a),
      () => undefined,
    );

    // A new conversation: save the previous one's draft, restore this one's.
    effect(() => {
      const id = this.store.conversationId();
      untracked(() => this.switchTo(id));
    });
    effect(() => {
      const contactId = this.conversation()?.contact.id;
      if (!contactId) return;
      untracked(() => {
        if (this.contact()?.id === contactId) return;
        this.api.contact(contactId).then(
          (c) => this.contact.set(c),
          () => undefined,
        );
      });
    });
    effect(() => {
      const account = this.account();
      const wantsTemplates = !!account && (this.caps().templates || !!this.windowHours());
      untracked(() => {
        this.templates.set([]);
        if (account && wantsTemplates)
          void this.api.templates(account.id).then(
            (p) => this.templates.set(p.items),
            () => undefined,
          );
      });
    });
    const clock = setInterval(() => this.now.set(Date.now()), 30_000);
    inject(DestroyRef).onDestroy(() => {
      clearInterval(clock);
      this.saveNow();
      this.recorder?.cancel();
      if (this.typingTimer) clearTimeout(this.typingTimer);
    });
  }

  /** `r` / `n`: focus the box in that mode. */
  focus(mode: 'reply' | 'note'): void {
    this.mode.set(mode);
    queueMicrotask(() => (this.isEmail() ? this.editor()?.nativeElement : this.textarea()?.nativeElement)?.focus());
  }

  /** Puts text into the box (a failed message to resend, edited). */
  prefill(text: string): void {
    this.mode.set('reply');
    this.body.set(text);
    this.focus('reply');
  }

  private switchTo(id: string | null): void {
    if (this.loadedFor) this.saveNow();
    this.loadedFor = id;
    this.error.set(null);
    this.warning.set(null);
    this.files.set([]);
    this.templateId.set(null);
    this.templateParams.set([]);
    this.refusedWindow.set(false);
    this.channelAccountId.set(null);
    this.contact.set(null);
    const draft = id ? loadComposerDraft(id) : null;
    this.body.set(draft?.body ?? '');
    this.subject.set(draft?.subject ?? '');
    this.html.set(draft?.html ?? '');
    this.mode.set(draft?.note ? 'note' : 'reply');
    if (draft?.channelAccountId) this.channelAccountId.set(draft.channelAccountId);
    queueMicrotask(() => {
      const el = this.editor()?.nativeElement;
      if (el) el.innerHTML = this.html();
    });
  }

  protected changed(): void {
    if (this.saveTimer) clearTimeout(this.saveTimer);
    this.saveTimer = setTimeout(() => this.saveNow(), 300);
    if (this.mode() === 'reply') this.reportTyping();
  }

  private saveNow(): void {
    if (this.saveTimer) clearTimeout(this.saveTimer);
    this.saveTimer = null;
    const id = this.loadedFor;
    if (!id) return;
    saveComposerDraft(id, {
      body: this.body(),
      subject: this.subject() || undefined,
      html: this.html() || undefined,
      note: this.mode() === 'note' || undefined,
      channelAccountId: this.channelAccountId() ?? undefined,
    });
  }

  private reportTyping(): void {
    if (!this.typingTimer) this.store.typing(true);
    else clearTimeout(this.typingTimer);
    this.typingTimer = setTimeout(() => {
      this.typingTimer = null;
      this.store.typing(false);
    }, TYPING_IDLE_MS);
  }

  protected setMode(mode: 'reply' | 'note'): void {
    this.mode.set(mode);
    this.changed();
  }

  protected onText(value: string, el: HTMLTextAreaElement): void {
    this.body.set(value);
    const q = slashQuery(value, el.selectionStart ?? value.length);
    this.cannedQuery.set(q);
    this.cannedIndex.set(0);
    this.changed();
  }

  protected onEditor(el: HTMLDivElement): void {
    this.html.set(el.innerHTML);
    this.body.set(el.innerText);
    this.changed();
  }

  protected format(command: 'bold' | 'italic' | 'underline' | 'insertUnorderedList' | 'createLink'): void {
    const el = this.editor()?.nativeElement;
    el?.focus();
    if (command === 'createLink') {
      const url = prompt('Link address (https://…)');
      if (!url || !/^(https?:|mailto:)/i.test(url)) return;
      document.execCommand('createLink', false, url);
    } else document.execCommand(command);
    if (el) this.onEditor(el);
  }

  protected keydown(event: KeyboardEvent): void {
    const matches = this.cannedMatches();
    if (matches.length) {
      if (event.key === 'ArrowDown' || event.key === 'ArrowUp') {
        event.preventDefault();
        this.cannedIndex.update((i) => (i + (event.key === 'ArrowDown' ? 1 : matches.length - 1)) % matches.length);
        return;
      }
      if (event.key === 'Enter' || event.key === 'Tab') {
        event.preventDefault();
        this.useCanned(matches[this.cannedIndex()]);
        return;
      }
      if (event.key === 'Escape') {
        event.preventDefault();
        this.cannedQuery.set(null);
        return;
      }
    }
    if (event.key === 'Enter' && (event.ctrlKey || event.metaKey || (!event.shiftKey && !this.isEmail()))) {
      event.preventDefault();
      void this.send();
    }
  }

  protected useCanned(article: KnowledgeArticleView): void {
    const el = this.textarea()?.nativeElement;
    const text = this.body();
    const caret = el?.selectionStart ?? text.length;
    const start = text.slice(0, caret).lastIndexOf('/');
    const next = text.slice(0, start) + article.body + text.slice(caret);
    this.body.set(next);
    this.cannedQuery.set(null);
    this.changed();
    queueMicrotask(() => {
      if (!el) return;
      el.focus();
      const at = start + article.body.length;
      el.setSelectionRange(at, at);
    });
  }

  protected insertEmoji(e: string): void {
    if (this.isEmail()) {
      const el = this.editor()?.nativeElement;
      el?.focus();
      document.execCommand('insertText', false, e);
      if (el) this.onEditor(el);
      return;
    }
    const el = this.textarea()?.nativeElement;
    const text = this.body();
    const at = el?.selectionStart ?? text.length;
    this.body.set(text.slice(0, at) + e + text.slice(el?.selectionEnd ?? at));
    this.changed();
    queueMicrotask(() => {
      el?.focus();
      el?.setSelectionRange(at + e.length, at + e.length);
    });
  }

  protected pickChannel(id: string): void {
    this.channelAccountId.set(id === this.conversation()?.channelAccountId ? null : id);
    this.refusedWindow.set(false);
    this.templateId.set(null);
    this.changed();
  }

  protected pickTemplate(id: string): void {
    this.templateId.set(id || null);
    this.templateParams.set([]);
  }

  protected param(i: number): string {
    return this.templateParams()[i] ?? '';
  }

  protected setParam(i: number, value: string): void {
    this.templateParams.update((p) => {
      const next = [...p];
      next[i] = value;
      return next;
    });
  }

  // ---- files ----
  protected openFile(kind: 'file' | 'photo'): void {
    (kind === 'photo' ? this.photoInput() : this.fileInput()).nativeElement.click();
  }

  protected picked(input: HTMLInputElement): void {
    this.upload(Array.from(input.files ?? []));
    input.value = '';
  }

  protected paste(event: ClipboardEvent): void {
    const files = Array.from(event.clipboardData?.files ?? []);
    if (files.length) {
      event.preventDefault();
      this.upload(files);
    }
  }

  protected dragOver(event: DragEvent): void {
    if (!event.dataTransfer?.types.includes('Files') || this.mode() === 'note') return;
    event.preventDefault();
    this.dragging.set(true);
  }

  protected drop(event: DragEvent): void {
    this.dragging.set(false);
    const files = Array.from(event.dataTransfer?.files ?? []);
    if (!files.length || this.mode() === 'note') return;
    event.preventDefault();
    this.upload(files);
  }

  upload(files: File[]): void {
    for (const file of files) {
      const key = `${Date.now()}-${Math.random()}`;
      this.files.update((list) => [...list, { key, filename: file.name || 'pasted file', contentType: file.type }]);
      this.api.uploadAttachment(file, file.name || undefined).then(
        (a) => this.files.update((list) => list.map((f) => (f.key === key ? { ...f, id: a.id, contentType: a.contentType } : f))),
        (err) => this.files.update((list) => list.map((f) => (f.key === key ? { ...f, error: uploadError(err) } : f))),
      );
    }
  }

  protected removeFile(key: string): void {
    this.files.update((list) => list.filter((f) => f.key !== key));
  }

  protected async toggleRecording(): Promise<void> {
    this.error.set(null);
    if (this.recording() && this.recorder) {
      this.recording.set(false);
      const file = await this.recorder.stop();
      this.recorder = null;
      this.upload([file]);
      return;
    }
    try {
      this.recorder = new AudioRecorder();
      await this.recorder.start(this.caps().attachments?.mimeTypes);
      this.recording.set(true);
    } catch (err) {
      this.recorder = null;
      this.error.set(
        err instanceof DOMException && err.name === 'NotAllowedError' ? 'Microphone access was denied.' : errorText(err, 'Recording could not start'),
      );
    }
  }

  // ---- send ----
  async send(): Promise<void> {
    if (!this.canSend()) return;
    const id = this.store.conversationId();
    if (!id) return;
    this.sending.set(true);
    this.error.set(null);
    this.warning.set(null);
    try {
      if (this.mode() === 'note') {
        this.store.addNote(await this.api.addNote(id, this.body().trim()));
      } else {
        const message = await this.api.sendMessage(id, this.payload());
        this.store.addMessage(message);
        if (message.collision) this.warning.set(collisionText(message));
      }
      this.reset(id);
    } catch (err) {
      this.error.set(this.refusal(err));
    } finally {
      this.sending.set(false);
    }
  }

  private payload(): SendMessageBody {
    const account = this.account();
    const body: SendMessageBody = { seenMessageId: lastMessageId(this.store.messages()) };
    if (account && account.id !== this.conversation()?.channelAccountId) body.channelAccountId = account.id;
    const ids = this.files()
      .map((f) => f.id)
      .filter((x): x is string => !!x);
    if (ids.length) body.attachmentIds = ids;
    const templateId = this.templateId();
    if (templateId) {
      body.templateId = templateId;
      body.templateParams = this.templateParams().slice(0, this.paramSlots().length);
      return body;
    }
    if (this.isEmail()) {
      if (this.subject().trim()) body.subject = this.subject().trim();
      const text = this.body().trim();
      if (text) body.body = text;
      if (stripHtml(this.html()).trim()) body.html = this.html();
    } else if (this.body().trim()) body.body = this.body().trim();
    return body;
  }

  private reset(id: string): void {
    clearComposerDraft(id);
    this.body.set('');
    this.subject.set('');
    this.html.set('');
    this.files.set([]);
    this.templateId.set(null);
    this.templateParams.set([]);
    this.refusedWindow.set(false);
    const el = this.editor()?.nativeElement;
    if (el) el.innerHTML = '';
    if (this.typingTimer) {
      clearTimeout(this.typingTimer);
      this.typingTimer = null;
      this.store.typing(false);
    }
  }

  /** The API's refusals in words: 409 opted out, 422 window or channel limits. */
  private refusal(err: unknown): string {
    const text = errorText(err, 'The message could not be sent');
    if (err instanceof HttpErrorResponse) {
      if (err.status === 409) return `Not sent: ${text}. The contact asked not to be messaged on this channel.`;
      if (err.status === 422) {
        if (/window/i.test(text)) {
          this.refusedWindow.set(true);
          return `Not sent: the messaging window is closed (${this.windowHours() ?? 24} h since the contact's last message). Choose an approved template below.`;
        }
        const type = /does not carry (\S+) files/i.exec(text)?.[1];
        if (type)
          return `Not sent: ${this.account()?.label.split(' · ')[0] ?? 'this channel'} does not take ${type} files${type.startsWith('audio/') ? ' (a voice message recorded in this browser)' : ''}. Remove the file, or send it on another channel.`;
        return `Not sent: ${text}.`;
      }
      if (err.status === 413) return 'Not sent: the message or a file is too large.';
    }
    return text;
  }
}

function names(list: string[]): string {
  return list.length <= 2 ? list.join(' and ') : `${list.slice(0, 2).join(', ')} and ${list.length - 2} more`;
}

function stripHtml(html: string): string {
  return html.replace(/<[^>]*>/g, '').replace(/&nbsp;/g, ' ');
}

function collisionText(m: MessageView): string {
  const who = m.collision?.author.kind === 'ai' ? 'The assistant' : (m.collision?.author.name ?? 'Someone');
  return `${who} replied while you were writing: both replies were sent. Check the thread.`;
}

function uploadError(err: unknown): string {
  if (err instanceof HttpErrorResponse) {
    if (err.status === 413) return 'too large';
    if (err.status === 415) return errorText(err, 'type not accepted');
  }
  return errorText(err, 'upload failed');
}
