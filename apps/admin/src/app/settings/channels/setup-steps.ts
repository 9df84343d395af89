/**
 * The provider-console steps of each built-in channel plugin, condensed from its README
 * (plugins/channel-*\/README.md). GET /plugins does not serve them yet; a plugin missing here gets the
 * generic step.
 */
export const SETUP_STEPS: Record<string, string[]> = {
  'twilio-sms': [
    'In the Twilio console, buy a number with SMS capability (or create a Messaging Service).',
    'Copy the Account SID and Auth Token (Console › Account info) into this channel, with the number or the Messaging Service SID.',
    'On the number (or the Messaging Service), set "A message comes in" to the webhook URL above, method HTTP POST.',
  ],
  'whatsapp-cloud': [
    'In Meta for Developers, create a Business app, add WhatsApp, and copy the Phone number ID.',
    'WhatsApp › Configuration › Webhook: Callback URL = the webhook URL above, Verify token = this channel’s verify token; Verify and save.',
    'Under Webhook fields, subscribe to "messages".',
    'App settings › Basic › App secret goes into this channel’s app secret.',
  ],
  email: [
    'Inbound parse webhook: point your provider’s inbound parse (SendGrid, Mailgun, Postmark…) at the webhook URL above,',
    'or point the domain’s MX record at this server’s SMTP listener (SMTP_PORT, default 2525).',
  ],
  webchat: ['No provider console: add each page’s origin to the allowed origins, then put the embed code on the page.'],
  'twilio-voice': [
    'In the Twilio console, buy a number with Voice capability.',
    'On the number, set "A call comes in" to the webhook URL above, method HTTP POST.',
    'Copy the Account SID and Auth Token into this channel.',
  ],
};

export const GENERIC_STEPS = ['Paste the webhook URL above into the provider’s console, where it asks for the inbound (webhook) URL.'];
