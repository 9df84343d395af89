import { INTENTS } from '@parley/contracts';
import { classifyIntent, frustration, isResolution, riskOf } from './rules.classifier';

describe('classifyIntent', () => {
  it.each([
    // human_request
    ['I want to talk to a person', 'human_request'],
    ['Can I speak to a human please', 'human_request'],
    ['let me talk to someone', 'human_request'],
    ['Is there a real person there?', 'human_request'],
    ['I need a representative', 'human_request'],
    ['I want to speak to a manager', 'human_request'],
    ['Please call me back', 'human_request'],
    ['Connect me to an agent', 'human_request'],
    ['This is unacceptable, I want to speak to a manager', 'human_request'],
    // opt_out
    ['Stop texting me', 'opt_out'],
    ['UNSUBSCRIBE', 'opt_out'],
    ["Please don't contact me again", 'opt_out'],
    ['don’t text me', 'opt_out'],
    ['STOP', 'opt_out'],
    ['remove me from your list', 'opt_out'],
    // complaint
    ['This service is terrible', 'complaint'],
    ['I want a refund', 'complaint'],
    ['The heater is still broken after your visit', 'complaint'],
    ['Nobody called me back yesterday', 'complaint'],
    ['I would like to make a complaint', 'complaint'],
    ['Worst company ever', 'complaint'],
    // confirmation
    ['thanks, that helps', 'confirmation'],
    ['Thank you!', 'confirmation'],
    ['All sorted, cheers', 'confirmation'],
    ['perfect', 'confirmation'],
    ["great, thanks, that's all", 'confirmation'],
    ['thanks, one more question', 'confirmation'],
    // greeting
    ['Hi', 'greeting'],
    ['hello there!', 'greeting'],
    ['Good morning', 'greeting'],
    ['Hey team, how are you?', 'greeting'],
    // pricing
    ['How much is a boiler service?', 'pricing'],
    ['What does a callout cost', 'pricing'],
    ['Can I get a quote for a new kitchen?', 'pricing'],
    ["What's your hourly rate?", 'pricing'],
    ['Is it more than $100?', 'pricing'],
    ["I don't need a human, just the price", 'pricing'],
    ['Hi, what are your prices?', 'pricing'],
    ['Thanks! How much does a service cost?', 'pricing'],
    // booking
    ['Can I book an appointment?', 'booking'],
    ['Are you available tomorrow?', 'booking'],
    ['stop by tomorrow?', 'booking'],
    ['Could someone come out on Friday', 'booking'],
    ['I want to schedule a visit', 'booking'],
    // question
    ['Do you cover Leeds?', 'question'],
    ['What areas do you serve', 'question'],
    ['Where are you based?', 'question'],
    ['My boiler makes a noise?', 'question'],
    ['Is the warranty transferable', 'question'],
    // other
    ['My boiler makes a noise', 'other'],
    ['', 'other'],
    ['ok', 'other'],
  ])('%j -> %s', (text, expected) => {
    const result = classifyIntent(text);
    expect(result.name).toBe(expected);
    expect(INTENTS).toContain(result.name);
    expect(result.confidence).toBeGreaterThan(0);
    expect(result.confidence).toBeLessThanOrEqual(1);
  });

  it.each([
    ["I don't need a human, just the price", 'human_request'],
    ['stop by tomorrow?', 'opt_out'],
    ['Can you get someone out tomorrow?', 'human_request'],
    ['Hi, can I book a visit?', 'greeting'],
    ['thanks, but how much is it?', 'confirmation'],
  ])('%j is not %s', (text, notExpected) => {
    expect(classifyIntent(text).name).not.toBe(notExpected);
  });

  it('gives stronger signals higher confidence', () => {
    expect(classifyIntent('terrible, unacceptable, I want a refund').confidence).toBeGreaterThan(classifyIntent('this is terrible').confidence);
    expect(classifyIntent('Where are you based?').confidence).toBeGreaterThan(classifyIntent('Where are you based').confidence);
  });

  it('is deterministic', () => {
    expect(classifyIntent('How much is a service?')).toEqual(classifyIntent('How much is a service?'));
  });
});

describe('frustration', () => {
  it.each([
    ['This is ridiculous, nobody has called', ['ridiculous', 'nobody']],
    ['Useless. Waste of time.', ['useless', 'waste of time']],
    ['Still waiting AGAIN', ['again', 'still', 'shouting']],
    ['WHY HAS NOBODY CALLED ME', ['nobody', 'shouting']],
    ['where is my engineer!!!', ['exclamation marks']],
    ['Is this a joke?!!', ['joke', 'exclamation marks']],
    ['I am furious', ['furious']],
  ])('%j -> signals %j', (text, signals) => {
    expect(frustration(text).signals).toEqual(signals);
  });

  it.each([
    ['This is ridiculous, nobody has called', true],
    ['Useless. Waste of time.', true],
    ['WHY HAS NOBODY CALLED ME', true],
    ['where is my engineer!!!', false],
    ['still nobody here!!', true],
    ['I am furious', false],
    ['WHERE IS MY ENGINEER', false],
    ['Is the technician still coming tomorrow?', false],
    ['Hi, can I book a boiler service for next week?', false],
    ['Thanks, I will try again later', false],
    ['Our HVAC unit needs a service', false],
    ['', false],
  ])('%j frustrated=%s', (text, frustrated) => {
    expect(frustration(text).frustrated).toBe(frustrated);
  });

  it('detects shouting by share of upper-case letters', () => {
    expect(frustration('I AM NOT OK WITH THIS AT ALL').signals).toContain('shouting');
    expect(frustration('OK').signals).not.toContain('shouting');
  });
});

describe('isResolution', () => {
  it.each([
    ['thanks, that helps', true],
    ['All sorted', true],
    ["that's everything", true],
    ['problem solved, thanks', true],
    ['Perfect, thank you', true],
    ['thank you so much', true],
    ['Great, thanks!', true],
    ['That worked, cheers', true],
    ['thanks, but the heater is still cold', false],
    ['thanks, one more question', false],
    ['thanks, that helps?', false],
    ['thanks, what about Saturday', false],
    ['Thanks, I will check and get back to you', false],
    ['How much is it', false],
    ['Hi', false],
    ['', false],
  ])('%j -> %s', (text, expected) => {
    expect(isResolution(text)).toBe(expected);
  });
});

describe('riskOf', () => {
  it.each([
    ['pricing', 'How much is a service?', 'high', ['pricing question']],
    ['complaint', 'This is terrible', 'high', ['complaint']],
    ['complaint', 'I want a refund', 'high', ['complaint', 'refund']],
    ['question', 'Can I get my money back?', 'high', ['refund']],
    ['booking', 'Can I book for tomorrow?', 'medium', ['booking request']],
    ['question', 'Do you cover Leeds?', 'low', []],
    ['greeting', 'Hello', 'low', []],
    ['human_request', 'Talk to a person', 'low', []],
    ['opt_out', 'stop texting me about prices', 'low', []],
  ])('%s %j -> %s', (intent, text, level, reasons) => {
    expect(riskOf(intent, text)).toEqual({ level, reasons });
  });
});
