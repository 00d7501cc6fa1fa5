import type { Money, PulledEvent } from '../../api/types.js';
import { formatMoney } from '../../format.js';

const isMoney = (value: unknown): value is Money =>
  typeof value === 'object' && value !== null && 'amount' in value && 'currency' in value;

/** One line about what an event did, from the fields most payloads share; the detail page has the rest. */
export function summarize(record: PulledEvent): string {
  const p = record.event.payload as Record<string, unknown> | undefined;
  if (!p) return '';
  const parts: string[] = [];
  if (typeof p.quantity === 'number' && typeof p.productId === 'string') parts.push(`${p.quantity} × ${p.productId}`);
  else if (typeof p.counted === 'number' && typeof p.productId === 'string')
    parts.push(`counted ${p.counted} × ${p.productId}`);
  else if (typeof p.name === 'string') parts.push(p.name);
  if (typeof p.fromLocationId === 'string' && typeof p.toLocationId === 'string')
    parts.push(`${p.fromLocationId} → ${p.toLocationId}`);
  else if (typeof p.locationId === 'string') parts.push(`at ${p.locationId}`);
  if (isMoney(p.amount)) parts.push(formatMoney(p.amount));
  if (Array.isArray(p.lines)) parts.push(`${p.lines.length} line${p.lines.length === 1 ? '' : 's'}`);
  if (typeof p.action === 'string') parts.push(p.action.replace(/_/g, ' '));
  if (typeof p.decision === 'string') parts.push(p.decision);
  if (typeof p.reason === 'string') parts.push(`“${p.reason}”`);
  return parts.join(' · ');
}
