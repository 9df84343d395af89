// The operator dashboard (issue 14, point 16) in Chromium against the real stack: the demo workspace, a
// signed Twilio webhook, the Twilio API double. The tests hold the UI to accessible names (roles and
// names the UI promises: region "Conversations" / "Conversation", "Board", "List", "SMS", "Archived",
// "Send", "Note", "Approve…", "Group by customer", a search box, board columns named by status), not to
// markup. Each main screen is checked with axe-core and saved under apps/admin-e2e/screenshots/.
import { seriousA11yViolations } from './support/a11y';
import { card, column, composer, contactPanel, conversationOf, drag, listRegion, searchBox, twilioReceived } from './support/dashboard';
import { startStack, type Stack } from './support/stack';
import { control, signIn } from './support/ui';

describe('operator dashboard', () => {
  let stack: Stack;

  beforeAll(async () => {
    stack = await startStack('dashboard');
    await signIn(stack.page);
  }, 120_000);
  afterAll(() => stack?.close());
  afterEach(() => expect(stack?.takeBrowserErrors() ?? []).toEqual([]));

  const openList = async () => {
    await stack.page.goto('/conversations');
    await listRegion(stack.page).waitFor();
  };

  it('lists the conversations, latest activity first, and passes axe', async () => {
    const { page } = stack;
    await openList();
    const list = listRegion(page);
    const names = ['Visitor from acme.test', 'Jordan Lee', 'Priya Raman', 'Sam Okafor'];
    for (const name of names) await list.getByText(name, { exact: true }).first().waitFor();
    const tops = await Promise.all(names.map(async (n) => (await list.getByText(n, { exact: true }).first().boundingBox())?.y ?? -1));
    expect([...tops].sort((a, b) => a - b)).toEqual(tops);
    // Archived conversations stay under Archived.
    expect(await list.getByText('Oliver Novak', { exact: true }).count()).toBe(0);
    await stack.screenshot('list');
    expect(await seriousA11yViolations(page)).toEqual([]);
  });

  it('shows a message that arrives by webhook live, opens it, and the reply reaches Twilio', async () => {
    const { page } = stack;
    await openList();
    const question = 'Is a plumber free tomorrow morning for 4 Birch Lane?';
    const res = await stack.inboundSms('+15557770123', question);
    expect(res.status).toBe(200);
    // No reload: the realtime stream brings the new conversation.
    const newCard = card(listRegion(page), question);
    await newCard.waitFor();
    await newCard.click();
    await page.getByRole('region', { name: 'Conversation', exact: true }).getByText(question).first().waitFor();
    const reply = 'Yes, a plumber can come tomorrow between 8 and 10am.';
    await composer(page).fill(reply);
    await control(page, 'Send').click();
    const sent = await twilioReceived(stack, reply);
    expect(sent).toMatchObject({ To: '+15557770123', From: '+15550100200', Body: reply });
    await page.getByText(reply).first().waitFor();
    await contactPanel(page).getByText('+15557770123').first().waitFor();
    await stack.screenshot('thread');
    expect(await seriousA11yViolations(page)).toEqual([]);
  });

  it('filters by channel, shows the filter as a pill, and the pill removes it', async () => {
    const { page } = stack;
    await openList();
    const list = listRegion(page);
    await control(page, 'SMS').click();
    await page.waitForURL(/channel=sms/);
    await list.getByText('Jordan Lee', { exact: true }).first().waitFor();
    await list.getByText('Priya Raman', { exact: true }).waitFor({ state: 'detached' });
    const pill = page.getByRole('button', { name: /remove.*sms|sms.*remove/i }).first();
    await pill.waitFor();
    await stack.screenshot('list-filtered');
    await pill.click();
    await list.getByText('Priya Raman', { exact: true }).first().waitFor();
    expect(page.url()).not.toMatch(/channel=sms/);
  });

  it('finds a conversation by a fragment of the phone number', async () => {
    const { page } = stack;
    await openList();
    const list = listRegion(page);
    await searchBox(page).fill('0111004');
    await list.getByText('Elena García', { exact: true }).first().waitFor();
    await list.getByText('Jordan Lee', { exact: true }).waitFor({ state: 'detached' });
    await page.waitForURL(/q=0111004/);
  });

  it('lists the pending AI drafts on their own page', async () => {
    const { page } = stack;
    await openList();
    await page
      .getByRole('navigation', { name: 'Main' })
      .getByRole('link', { name: /drafts/i })
      .click();
    await page.waitForURL(/\/drafts/);
    await page.getByText('A standard service visit costs $89 including the first 30 minutes of labour.').first().waitFor();
    await page.getByText('Elena García').first().waitFor();
    await stack.screenshot('drafts');
    expect(await seriousA11yViolations(page)).toEqual([]);
  });

  it('approves a pending AI draft, which is sent to the customer', async () => {
    const { page } = stack;
    await openList();
    await card(listRegion(page), 'Elena García').click();
    const draft = 'A standard service visit costs $89 including the first 30 minutes of labour.';
    await page.getByText(draft).first().waitFor();
    await contactPanel(page).getByText('Elena García').first().waitFor();
    await stack.screenshot('thread-draft');
    expect(await seriousA11yViolations(page)).toEqual([]);
    // "Approve", or a longer name that starts with it ("Approve and send the AI draft").
    await control(page, /^Approve\b/).click();
    expect(await twilioReceived(stack, draft)).toMatchObject({ To: '+15550111004', Body: draft });
    await control(page, /^Approve\b/).waitFor({ state: 'detached' });
  });

  it('adds an internal note, which is never sent', async () => {
    const { page } = stack;
    await openList();
    await card(listRegion(page), 'Priya Raman').click();
    const before = stack.twilio.sent.length;
    const note = 'Offered the Thursday priority slot by phone.';
    await control(page, 'Note').click();
    await composer(page).fill(note);
    await control(page, /^(Send|Add note|Save note)$/).click();
    await page.getByText(note).first().waitFor();
    const priya = await conversationOf(stack, 'Priya Raman');
    const notes = await stack.api('GET', `/api/v1/conversations/${priya?.id}/notes`);
    expect(notes.body.items.map((n: { body: string }) => n.body)).toContain(note);
    expect(stack.twilio.sent.length).toBe(before);
  });

  it('archives a conversation and finds it under Archived', async () => {
    const { page } = stack;
    await openList();
    const list = listRegion(page);
    await card(list, 'Grace Kim').click();
    await control(page, /options|more/i).click();
    await page.getByRole('menuitem', { name: /^Archive/ }).click();
    await list.getByText('Grace Kim', { exact: true }).waitFor({ state: 'detached' });
    expect(await conversationOf(stack, 'Grace Kim', true)).toBeDefined();
    await control(page, 'Archived').click();
    await list.getByText('Grace Kim', { exact: true }).first().waitFor();
  });

  it('groups the list by customer, one row per contact with its conversation count', async () => {
    const { page } = stack;
    // A second conversation for Tom Becker (his first is resolved), started by the operator.
    const tom = await stack.api('POST', '/api/v1/conversations', {
      channelAccountId: stack.sms.id,
      contact: { name: 'Tom Becker', phone: '+15550111005' },
      body: 'Hi Tom, time for the yearly boiler check?',
    });
    expect(tom.status).toBe(201);
    const grouped = await stack.api('GET', '/api/v1/conversations?groupBy=contact&limit=200');
    const count = grouped.body.items.find((c: { contact: { name: string } }) => c.contact.name === 'Tom Becker')?.conversationCount;
    expect(count).toBe(2);
    await openList();
    await control(page, /group by customer/i).click();
    const list = listRegion(page);
    await page.waitForURL(/group(By)?=contact/);
    const row = card(list, 'Tom Becker');
    await row.waitFor();
    expect(await list.getByText('Tom Becker', { exact: true }).count()).toBe(1);
    await row.getByText('2', { exact: true }).waitFor();
    await stack.screenshot('list-grouped');
  });

  it('switches to the board and escalates a card by dragging it to Human Handling', async () => {
    const { page } = stack;
    await openList();
    await control(page, 'Board').click();
    for (const title of ['AI Handling', 'Human Handling', 'Resolved', 'Opted Out']) await column(page, title).waitFor();
    await stack.screenshot('board');
    expect(await seriousA11yViolations(page)).toEqual([]);
    const jordan = card(column(page, 'AI Handling'), 'Jordan Lee');
    await drag(page, jordan, column(page, 'Human Handling'));
    const dialog = page.getByRole('dialog');
    await dialog.getByRole('textbox').first().fill('Customer asked for a person on the phone');
    await control(dialog, /^Escalate/).click();
    await card(column(page, 'Human Handling'), 'Jordan Lee').waitFor();
    expect(await conversationOf(stack, 'Jordan Lee')).toMatchObject({ status: 'human_handling' });
    // The List/Board choice is remembered.
    await page.reload();
    await column(page, 'Human Handling').waitFor();
    await control(page, 'List').click();
  });
});
