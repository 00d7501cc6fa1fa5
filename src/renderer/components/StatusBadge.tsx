import { Badge } from './Badge.js';
import type { Status } from './sync-status.js';

export function StatusBadge({ status }: { status: Status }) {
  return <Badge tone={status.tone}>{status.label}</Badge>;
}
