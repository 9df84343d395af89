import type { ChannelKind, ConversationStatus } from '@parley/contracts';

/** "Acme Home Services": enough variety that every tab and filter of the dashboard shows something. */
export const DEMO_PASSWORD = 'parley-demo';
export const DEMO_ADMIN_EMAIL = 'admin@acme.test';

export const DEMO_USERS = [
  { email: DEMO_ADMIN_EMAIL, name: 'Alex Morgan', role: 'admin' as const },
  { email: 'maya@acme.test', name: 'Maya Patel', role: 'operator' as const },
  { email: 'leo@acme.test', name: 'Leo Fischer', role: 'operator' as const },
];

export const DEMO_ACCOUNTS: { key: ChannelKind; plugin: string; name: string; config: Record<string, unknown> }[] = [
  {
    key: 'sms',
    plugin: 'twilio-sms',
    name: 'Acme SMS',
    config: { accountSid: 'AC' + '0'.repeat(32), authToken: 'demo-auth-token', fromNumber: '+15550100200' },
  },
  {
    key: 'whatsapp',
    plugin: 'whatsapp-cloud',
    name: 'Acme WhatsApp',
    config: { phoneNumberId: '100200300400', accessToken: 'demo-access-token', appSecret: 'demo-app-secret', verifyToken: 'demo-verify-token' },
  },
  {
    key: 'email',
    plugin: 'email',
    name: 'Support inbox',
    config: { address: 'support@acme.test', fromName: 'Acme Support', smtp: { host: '127.0.0.1', port: 1025, secure: false } },
  },
  { key: 'webchat', plugin: 'webchat', name: 'Website chat', config: { allowedOrigins: ['http://localhost:3000'], title: 'Chat with Acme' } },
];

export const DEMO_ARTICLES = [
  {
    title: 'Opening hours',
    body: 'Our office is open Monday to Friday 8am to 6pm and Saturday 9am to 1pm. Emergency plumbing is available 24/7.',
    tags: ['hours'],
  },
  {
    title: 'Pricing for a standard visit',
    body: 'A standard service visit costs $89 including the first 30 minutes of labour. Additional labour is $45 per 30 minutes. Parts are extra.',
    tags: ['pricing'],
  },
  { title: 'Service area', body: 'We serve Springfield, Shelbyville and every town within 25 miles of downtown Springfield.', tags: ['area'] },
  {
    title: 'Booking a technician',
    body: 'You can book a technician by replying with your address and a preferred day. We confirm the time window by text.',
    tags: ['booking'],
  },
  {
    title: 'Cancellation policy',
    body: 'Cancel or reschedule free of charge up to 24 hours before the visit. Later cancellations cost $30.',
    tags: ['booking', 'policy'],
  },
  {
    title: 'AC tune-up',
    body: 'Our spring AC tune-up checks refrigerant, cleans coils and replaces the filter. It takes about one hour and costs $129.',
    tags: ['hvac'],
  },
];

type Line = [who: 'contact' | 'ai' | 'operator', text: string];

export interface DemoConversation {
  contact: { name: string; phone?: string; email?: string; company?: string; metadata?: Record<string, unknown> };
  channel: ChannelKind;
  status: ConversationStatus;
  hoursAgo: number;
  lines: Line[];
  assignee?: 'maya@acme.test' | 'leo@acme.test';
  escalationReason?: string;
  note?: string;
  booking?: { externalId: string; jobType: string };
  draft?: { body: string; intent: string; risk: 'low' | 'medium' | 'high'; reason: string };
  archived?: boolean;
  campaign?: boolean;
  unreadForAll?: boolean;
}

export const DEMO_CONVERSATIONS: DemoConversation[] = [
  {
    contact: { name: 'Jordan Lee', phone: '+15550111001' },
    channel: 'sms',
    status: 'ai_handling',
    hoursAgo: 0.2,
    lines: [
      ['contact', 'Hi, what are your opening hours on Saturday?'],
      ['ai', 'We are open Saturday 9am to 1pm. Emergency plumbing is available 24/7.'],
      ['contact', 'Great, and do you cover Shelbyville?'],
    ],
    unreadForAll: true,
  },
  {
    contact: { name: 'Priya Raman', phone: '+15550111002' },
    channel: 'whatsapp',
    status: 'human_handling',
    hoursAgo: 0.5,
    lines: [
      ['contact', 'My water heater is leaking and nobody called me back. This is the second time!!'],
      ['ai', 'I am sorry about that. I am passing this to a colleague right now.'],
    ],
    escalationReason: 'Customer is frustrated (repeated contact, exclamation)',
    assignee: 'maya@acme.test',
    note: 'Called twice last week, see ticket #4411. Offer priority slot.',
    unreadForAll: true,
  },
  {
    contact: { name: 'Sam Okafor', email: 'sam.okafor@example.com', company: 'Okafor Bakery' },
    channel: 'email',
    status: 'human_handling',
    hoursAgo: 1,
    lines: [
      ['contact', 'Can you give me a quote for replacing three radiators in our shop?'],
      ['ai', 'Thanks Sam, a colleague will prepare a quote for you.'],
    ],
    escalationReason: 'Pricing request outside the knowledge base',
  },
  {
    contact: { name: 'Elena García', phone: '+15550111004' },
    channel: 'sms',
    status: 'ai_handling',
    hoursAgo: 2,
    lines: [['contact', 'How much is a standard visit?']],
    draft: {
      body: 'A standard service visit costs $89 including the first 30 minutes of labour.',
      intent: 'pricing',
      risk: 'high',
      reason: 'draft: high risk under controlled',
    },
  },
  {
    contact: { name: 'Tom Becker', phone: '+15550111005' },
    channel: 'sms',
    status: 'resolved',
    hoursAgo: 5,
    lines: [
      ['contact', 'Can I book a technician for Thursday? 12 Elm Street.'],
      ['ai', 'Booked: a technician will visit 12 Elm Street on Thursday between 8 and 10am.'],
      ['contact', 'Thanks, that helps!'],
    ],
    booking: { externalId: 'JOB-1042', jobType: 'Plumbing repair' },
  },
  {
    contact: { name: 'Grace Kim', email: 'grace.kim@example.com' },
    channel: 'email',
    status: 'resolved',
    hoursAgo: 26,
    lines: [
      ['contact', 'What is your cancellation policy?'],
      ['ai', 'You can cancel or reschedule free of charge up to 24 hours before the visit.'],
      ['contact', 'All sorted, thank you.'],
    ],
  },
  {
    contact: { name: 'Marcus Brown', phone: '+15550111007' },
    channel: 'sms',
    status: 'opted_out',
    hoursAgo: 30,
    lines: [
      ['ai', 'Hi Marcus, spring is here: book your AC tune-up for $129.'],
      ['contact', 'STOP'],
    ],
    campaign: true,
  },
  {
    contact: { name: 'Visitor from acme.test', metadata: { browser: 'Firefox 140', timezone: 'America/Chicago', referrer: 'https://www.google.com/' } },
    channel: 'webchat',
    status: 'ai_handling',
    hoursAgo: 0.1,
    lines: [
      ['contact', 'Hello! Do you do AC tune-ups?'],
      ['ai', 'Yes. Our spring AC tune-up takes about an hour and costs $129.'],
    ],
    unreadForAll: true,
  },
  {
    contact: { name: 'Hannah Schmidt', phone: '+15550111009' },
    channel: 'whatsapp',
    status: 'human_handling',
    hoursAgo: 8,
    lines: [
      ['contact', 'I want to talk to a person about my invoice.'],
      ['ai', 'Of course, a colleague will follow up shortly.'],
      ['operator', 'Hi Hannah, Leo here. I have your invoice open, what looks wrong?'],
    ],
    escalationReason: 'Customer asked for a human',
    assignee: 'leo@acme.test',
    booking: { externalId: 'JOB-1038', jobType: 'Boiler service' },
  },
  {
    contact: { name: 'Oliver Novak', phone: '+15550111010' },
    channel: 'sms',
    status: 'resolved',
    hoursAgo: 72,
    lines: [
      ['ai', 'Hi Oliver, spring is here: book your AC tune-up for $129.'],
      ['contact', 'Yes please, Monday works.'],
      ['ai', 'Booked for Monday morning.'],
    ],
    campaign: true,
    booking: { externalId: 'JOB-1029', jobType: 'AC tune-up' },
    archived: true,
  },
];
