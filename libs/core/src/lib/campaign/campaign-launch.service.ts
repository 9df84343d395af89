import { BadRequestException, Injectable, NotFoundException, UnprocessableEntityException } from '@nestjs/common';
import { EntityManager } from '@mikro-orm/postgresql';
import type { CampaignLaunchView, CampaignSkip, CampaignStatus, CampaignView } from '@parley/contracts';
import type { Principal } from '../auth/principal';
import { ChannelAccount } from '../channel-account/channel-account.entity';
import { ContactService } from '../contact/contact.service';
import type { Contact } from '../contact/contact.entity';
import { Conversation } from '../conversation/conversation.entity';
import { OutboundMessageService, renderTemplate } from '../message/outbound-message.service';
import { OutboxService } from '../outbox/outbox.service';
import { Template } from '../template/template.entity';
import { TimelineService } from '../timeline/timeline.service';
import { actorOf, type Actor } from '../timeline/actor';
import { Campaign } from './campaign.entity';
import { hasRecipients, type CreateCampaignDto } from './campaign.dto';
import { resolveRecipients, type CampaignRecipient } from './campaign-recipients';
import { toCampaignView } from './campaign.view';

/**
 * Creates a campaign and, given recipients, launches it: one new outbound conversation per reachable
 * contact, each with the template message queued for delivery. Everything commits in one transaction,
 * so a campaign is launched whole or not at all; the delivery job paces the sends (10/s per account)
 * and re-checks opt-outs at send time.
 */
@Injectable()
export class CampaignLaunchService {
  constructor(
    private readonly em: EntityManager,
    private readonly outbox: OutboxService,
    private readonly timeline: TimelineService,
    private readonly outbound: OutboundMessageService,
    private readonly contacts: ContactService,
  ) {}

  async create(p: Principal, dto: CreateCampaignDto): Promise<CampaignView | CampaignLaunchView> {
    const launch = hasRecipients(dto);
    // Marketing outreach on SMS/WhatsApp must go out as an approved template.
    if (launch && !dto.templateId) {
      throw new BadRequestException({
        message: 'templateId is required to launch a campaign to contacts',
        details: [{ field: 'templateId', errors: ['templateId is required with contactIds or contacts'] }],
      });
    }
    return this.em.transactional(async (em) => {
      const account = await em.findOne(ChannelAccount, dto.channelAccountId);
      if (!account) throw new NotFoundException('Channel account not found');
      const template = dto.templateId ? await em.findOne(Template, { id: dto.templateId, channelAccount: account.id }) : null;
      if (dto.templateId && !template) throw new NotFoundException('Template not found for this channel account');
      if (!launch || !template) return toCampaignView(this.newCampaign(em, p, dto, account, template, 'draft'));

      this.assertLaunchable(account, template, dto.templateParams);
      // Launched whole or not at all, so a launch is `running` from its first row; the delivery job completes it.
      const campaign = this.newCampaign(em, p, dto, account, template, 'running');
      const recipients = await resolveRecipients(em, this.contacts, {
        workspaceId: p.workspaceId,
        channel: account.channel,
        contactIds: dto.contactIds,
        contacts: dto.contacts,
      });
      const actor = actorOf(p);
      const skipped: CampaignSkip[] = [];
      for (const recipient of recipients) {
        const reason = this.skipReason(recipient, account);
        if (reason) {
          skipped.push({ contactId: recipient.contact.id, name: recipient.contact.name, reason });
          continue;
        }
        const conversation = this.startConversation(em, campaign, account, recipient.contact, actor);
        // Reachable: resolveRecipients read every recipient's address in one query.
        await this.outbound.queue(em, conversation, account, { templateId: template.id, templateParams: dto.templateParams }, actor, { addressChecked: true });
      }
      // Nobody to message: nothing will ever complete it later.
      campaign.skipped = skipped;
      if (skipped.length === recipients.length) campaign.status = 'completed';
      return { ...toCampaignView(campaign), recipients: recipients.length, started: recipients.length - skipped.length, skipped };
    });
  }

  private newCampaign(
    em: EntityManager,
    p: Principal,
    dto: CreateCampaignDto,
    account: ChannelAccount,
    template: Template | null,
    status: CampaignStatus,
  ): Campaign {
    const campaign = new Campaign();
    Object.assign(campaign, { workspace: p.workspaceId, name: dto.name, channelAccount: account.id, template: template?.id ?? null, status });
    em.persist(campaign);
    return campaign;
  }

  /** Checked once before any conversation is written, instead of failing on the first recipient. */
  private assertLaunchable(account: ChannelAccount, template: Template, templateParams: string[] | undefined): void {
    if (!account.active) throw new UnprocessableEntityException(`Channel account "${account.name}" is inactive`);
    // Web chat visitors are reached from the widget, never outbound.
    if (account.channel === 'webchat') throw new UnprocessableEntityException('A campaign cannot start web chat conversations');
    renderTemplate(template.body, templateParams); // a missing {{n}} value is a 400 naming templateParams
  }

  /** Opted-out and unreachable contacts are reported, not failed: one of them must not stop the launch. */
  private skipReason({ contact, reachable }: CampaignRecipient, account: ChannelAccount): CampaignSkip['reason'] | null {
    if (contact.optedOutChannels.includes(account.channel)) return 'opted_out';
    if (!reachable) return 'no_address';
    return null;
  }

  /** As `ConversationService.start`, but handed to the assistant (it answers replies) and tied to the campaign. */
  private startConversation(em: EntityManager, campaign: Campaign, account: ChannelAccount, contact: Contact, actor: Actor): Conversation {
    const c = new Conversation();
    Object.assign(c, {
      workspace: campaign.workspace,
      contact: contact.id,
      channelAccount: account.id,
      channel: account.channel,
      status: 'ai_handling',
      assignee: null,
      campaign: campaign.id,
      replyState: 'new',
      lastMessagePreview: null,
    });
    em.persist(c);
    this.timeline.record(em, c, 'conversation.created', actor, { direction: 'outbound', channelAccountId: account.id, campaignId: campaign.id });
    this.timeline.record(em, c, 'campaign.enrolled', actor, { campaignId: campaign.id, campaignName: campaign.name });
    this.outbox.event(em, c.workspace, 'conversation.created', { id: c.id });
    return c;
  }
}
