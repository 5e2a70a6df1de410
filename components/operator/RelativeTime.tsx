// A moment as "3m 05s ago" (or "in 4m"), the date and time on hover.

import { formatDateTime } from '../ui/format';
import { formatRelative } from './operatorText';

export function RelativeTime({ t, now, className }: { t: number | null | undefined; now: number; className?: string }) {
  if (t === null || t === undefined) return <span className={className}>–</span>;
  return <time dateTime={new Date(t).toISOString()} title={formatDateTime(t)} className={className}>{formatRelative(t, now)}</time>;
}
