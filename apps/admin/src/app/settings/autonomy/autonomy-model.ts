import type { AutonomyLevel, AutonomyPolicyView, AutonomyPreview, RiskLevel } from '@parley/contracts';

/** What each workspace level means, in plain words (the decision itself is the server's: POST /autonomy/preview). */
export const LEVELS: { value: AutonomyLevel; label: string; text: string }[] = [
  {
    value: 'full',
    label: 'Full',
    text: 'The assistant sends its replies on its own, whatever the risk. Only a reply to an intent that is not on the auto-reply list waits for approval.',
  },
  {
    value: 'controlled',
    label: 'Controlled',
    text: 'Low-risk replies to auto-reply intents go out on their own; anything riskier is held as a draft until someone approves it.',
  },
  {
    value: 'assisted',
    label: 'Assisted',
    text: 'Nothing goes out on its own: every reply the assistant writes waits as a draft for an operator to approve, edit or reject.',
  },
];

export const LEVEL_LABEL: Record<AutonomyLevel, string> = { full: 'Full', controlled: 'Controlled', assisted: 'Assisted' };

export const RISK_LEVELS: RiskLevel[] = ['low', 'medium', 'high'];

/** `human_request` → "human request". */
export const intentLabel = (intent: string): string => intent.replace(/_/g, ' ');

/** Adds a trimmed, lower-case, snake-cased intent once. */
export function addIntent(list: readonly string[], raw: string): string[] {
  const intent = raw.trim().toLowerCase().replace(/\s+/g, '_');
  return intent && !list.includes(intent) ? [...list, intent] : [...list];
}

/** Sets (or with `null` removes) a channel account's override of the workspace level. */
export function withOverride(policy: AutonomyPolicyView, accountId: string, level: AutonomyLevel | null): AutonomyPolicyView {
  const channelOverrides = { ...policy.channelOverrides };
  if (level) channelOverrides[accountId] = level;
  else delete channelOverrides[accountId];
  return { ...policy, channelOverrides };
}

export function samePolicy(a: AutonomyPolicyView | null, b: AutonomyPolicyView | null): boolean {
  if (!a || !b) return a === b;
  const norm = (p: AutonomyPolicyView) =>
    JSON.stringify([p.level, Object.entries(p.channelOverrides).sort(), [...p.autoReplyIntents].sort(), [...p.highRiskIntents].sort()]);
  return norm(a) === norm(b);
}

export type PreviewRow = AutonomyPreview['rows'][number];

/** The preview's rows of one account as intent → reported risk → row. */
export function previewMatrix(preview: AutonomyPreview, accountId: string): { intent: string; cells: PreviewRow[] }[] {
  return preview.intents.map((intent) => ({
    intent,
    cells: RISK_LEVELS.map((r) => preview.rows.find((row) => row.channelAccountId === accountId && row.intent === intent && row.reportedRisk === r)).filter(
      (x): x is PreviewRow => !!x,
    ),
  }));
}

/** "A pricing question on Acme SMS (medium risk) → held as a draft". */
export function previewSentence(row: PreviewRow, accountName: string): string {
  return `A ${intentLabel(row.intent)} message on ${accountName} (${row.reportedRisk} risk) → ${row.delivery === 'send' ? 'sent on its own' : 'held as a draft'}`;
}
