import type { DeliveryStatus } from '@parley/contracts';

/**
 * From which statuses a reported status may be applied: delivery status only moves forward, so a late
 * `sent` never overwrites `delivered`, and a failure cannot undo a delivery.
 */
export const APPLIES_AFTER: Record<DeliveryStatus, DeliveryStatus[]> = {
  received: [],
  queued: [],
  sent: ['queued'],
  delivered: ['queued', 'sent'],
  read: ['queued', 'sent', 'delivered'],
  failed: ['queued', 'sent'],
  bounced: ['queued', 'sent', 'delivered'],
};

export const canAdvance = (from: DeliveryStatus, to: DeliveryStatus): boolean => APPLIES_AFTER[to].includes(from);
