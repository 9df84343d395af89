import { HttpErrorResponse } from '@angular/common/http';
import { ChangeDetectionStrategy, Component, ElementRef, computed, inject, output, signal, viewChild } from '@angular/core';
import { FormsModule } from '@angular/forms';
import { Router } from '@angular/router';
import type { ChannelAccountView, TemplateView } from '@parley/contracts';
import { ApiService, type CreateConversationBody } from '../core/api.service';
import { ComposerApi, type PluginInfo } from '../composer/composer-api';
import { renderTemplatePreview, templateParamCount } from '../composer/template-params';
import { errorText } from '../thread/thread-store';

const CHANNEL_NAMES: Record<string, string> = { email: 'Email', sms: 'SMS', whatsapp: 'WhatsApp', webchat: 'Chat', voice: 'Voice' };

/** The API's refusal of a new conversation, explained. */
export function explainCreateError(err: unknown, windowHours?: number): string {
  const text = errorText(err, 'The conversation could not be started');
  if (!(err instanceof HttpErrorResponse)) return text;
  if (err.status === 422 && /window/i.test(text))
    return `This channel only allows free text within ${windowHours ?? 24} hours of the customer's last message, and this customer has not written recently. Choose an approved template instead.`;
  if (err.status === 422) return `The channel refused: ${text}.`;
  if (err.status === 409) return `Not sent: ${text}. The customer asked not to be messaged on this channel.`;
  if (err.status === 400) return `Check the form: ${text}.`;
  return text;
}

/**
 * "New conversation": channel account, customer name, phone or email as the channel needs, and a message
 * or an approved template with its parameters. `open()` shows it; on success it opens the conversation.
 */
@Component({
  selector: 'app-new-conversation-dialog',
  imports: [FormsModule],
  templateUrl: './new-conversation.dialog.html',
  styleUrl: './new-conversation.dialog.css',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class NewConversationDialog {
  /** The new conversation's id (the dialog also navigates to it). */
  readonly created = output<string>();

  private readonly api = inject(ApiService);
  private readonly composerApi = inject(ComposerApi);
  private readonly router = inject(Router);
  private readonly dialog = viewChild.required<ElementRef<HTMLDialogElement>>('dialog');

  protected readonly accounts = signal<ChannelAccountView[]>([]);
  private readonly plugins = signal<PluginInfo[]>([]);
  protected readonly templates = signal<TemplateView[]>([]);
  protected readonly accountId = signal('');
  protected readonly name = signal('');
  protected readonly address = signal('');
  protected readonly subject = signal('');
  protected readonly body = signal('');
  protected readonly useTemplate = signal(false);
  protected readonly templateId = signal('');
  protected readonly params = signal<string[]>([]);
  protected readonly busy = signal(false);
  protected readonly error = signal<string | null>(null);

  protected readonly account = computed(() => this.accounts().find((a) => a.id === this.accountId()) ?? null);
  protected readonly caps = computed(() => this.plugins().find((p) => p.id === this.account()?.plugin)?.capabilities ?? {});
  protected readonly byEmail = computed(() => this.account()?.channel === 'email');
  protected readonly windowHours = computed(() => this.caps().messagingWindowHours);
  protected readonly template = computed(() => this.templates().find((t) => t.id === this.templateId()) ?? null);
  protected readonly slots = computed(() => Array.from({ length: templateParamCount(this.template()?.body ?? '') }, (_, i) => i));
  protected readonly preview = computed(() => {
    const t = this.template();
    return t ? renderTemplatePreview(t.body, this.params()) : '';
  });
  protected readonly valid = computed(() => {
    if (!this.account() || !this.name().trim() || !this.address().trim()) return false;
    if (this.useTemplate()) return !!this.template() && this.slots().every((i) => !!this.params()[i]?.trim());
    return !!this.body().trim();
  });
  protected readonly channelName = (c: string) => CHANNEL_NAMES[c] ?? c;

  async open(): Promise<void> {
    this.error.set(null);
    const d = this.dialog().nativeElement;
    if (!d.open) d.showModal?.();
    try {
      const [accounts, plugins] = await Promise.all([this.api.channelAccounts(), this.composerApi.channelPlugins().catch(() => [])]);
      const usable = accounts.items.filter((a) => a.active && a.channel !== 'webchat' && a.channel !== 'voice');
      this.accounts.set(usable);
      this.plugins.set(plugins);
      if (!usable.some((a) => a.id === this.accountId())) this.pickAccount(usable[0]?.id ?? '');
    } catch (err) {
      this.error.set(errorText(err, 'The channels could not be loaded'));
    }
  }

  close(): void {
    const d = this.dialog().nativeElement;
    if (d.open) d.close();
  }

  protected pickAccount(id: string): void {
    this.accountId.set(id);
    this.templateId.set('');
    this.params.set([]);
    this.templates.set([]);
    const needsTemplate = !!this.windowHours();
    this.useTemplate.set(needsTemplate);
    if (id)
      void this.api.templates(id).then(
        (p) => this.templates.set(p.items),
        () => undefined,
      );
  }

  protected param(i: number): string {
    return this.params()[i] ?? '';
  }

  protected setParam(i: number, v: string): void {
    this.params.update((p) => {
      const next = [...p];
      next[i] = v;
      return next;
    });
  }

  protected async submit(event: Event): Promise<void> {
    event.preventDefault();
    const account = this.account();
    if (!this.valid() || !account) return;
    this.busy.set(true);
    this.error.set(null);
    const contact: CreateConversationBody['contact'] = { name: this.name().trim() };
    if (this.byEmail()) contact.email = this.address().trim();
    else contact.phone = this.address().trim();
    const body: CreateConversationBody = { channelAccountId: account.id, contact };
    if (this.useTemplate()) {
      body.templateId = this.templateId();
      body.templateParams = this.slots().map((i) => this.params()[i].trim());
    } else {
      body.body = this.body().trim();
      if (this.byEmail() && this.subject().trim()) body.subject = this.subject().trim();
    }
    try {
      const created = await this.api.createConversation(body);
      this.close();
      this.name.set('');
      this.address.set('');
      this.body.set('');
      this.subject.set('');
      this.params.set([]);
      this.created.emit(created.id);
      void this.router.navigate(['/conversations', created.id]);
    } catch (err) {
      if (err instanceof HttpErrorResponse && err.status === 422 && /window/i.test(errorText(err))) this.useTemplate.set(true);
      this.error.set(explainCreateError(err, this.windowHours()));
    } finally {
      this.busy.set(false);
    }
  }
}
