/** What a new workspace still has to do (point 10 of issue 15); each step links to its page. */
export interface ChecklistState {
  channels: number;
  articles: number;
  /** The autonomy policy was saved at least once from this browser, or differs from the default. */
  autonomyChosen: boolean;
  members: number;
}

export interface ChecklistStep {
  id: 'channel' | 'knowledge' | 'autonomy' | 'team';
  title: string;
  text: string;
  link: string;
  action: string;
  done: boolean;
}

export function checklist(s: ChecklistState): ChecklistStep[] {
  return [
    {
      id: 'channel',
      title: 'Connect a channel',
      text: 'SMS, WhatsApp, email, web chat or voice: where your customers write to you.',
      link: '/settings/channels',
      action: 'Add a channel',
      done: s.channels > 0,
    },
    {
      id: 'knowledge',
      title: 'Add knowledge',
      text: 'Prices, opening hours, service areas, policies: the assistant answers from these articles.',
      link: '/settings/knowledge',
      action: 'Write an article',
      done: s.articles > 0,
    },
    {
      id: 'autonomy',
      title: 'Choose autonomy',
      text: 'Decide what the assistant may send on its own and what waits for approval.',
      link: '/settings/autonomy',
      action: 'Choose autonomy',
      done: s.autonomyChosen,
    },
    {
      id: 'team',
      title: 'Invite the team',
      text: 'Add the operators who take over conversations the assistant escalates.',
      link: '/settings/team',
      action: 'Invite a teammate',
      done: s.members > 1,
    },
  ];
}

/** A workspace is new while it has no channel and no knowledge: it sees this checklist first. */
export const isFirstRun = (s: Pick<ChecklistState, 'channels' | 'articles'>): boolean => s.channels === 0 && s.articles === 0;

export const AUTONOMY_CHOSEN_KEY = 'parley.autonomyChosen';

export function rememberAutonomyChosen(workspaceId: string | undefined): void {
  try {
    if (workspaceId) localStorage.setItem(`${AUTONOMY_CHOSEN_KEY}.${workspaceId}`, '1');
  } catch {
    // storage unavailable: the step shows as open
  }
}

export function autonomyChosenHere(workspaceId: string | undefined): boolean {
  try {
    return !!workspaceId && localStorage.getItem(`${AUTONOMY_CHOSEN_KEY}.${workspaceId}`) === '1';
  } catch {
    return false;
  }
}
