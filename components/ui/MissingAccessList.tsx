// What the dashboard itself may not read, and the exact permission that would let it: the
// panel still shows everything else.

import type { MissingAccess } from '../../lib/apiTypes';
import { Notice } from './Notice';

export function MissingAccessList({ items }: { items: readonly MissingAccess[] }) {
  if (!items.length) return null;
  return (
    <Notice tone="warning" title="The dashboard lacks permission for part of this panel">
      <ul className="list-disc space-y-0.5 pl-5" data-testid="missing-access">
        {items.map((m) => (
          <li key={`${m.verb}-${m.resource}-${m.namespace ?? '*'}`}>
            Cannot {m.verb} {m.what}{m.namespace ? ` in ${m.namespace}` : ''}: grant <code className="font-mono">{m.verb}</code> on{' '}
            <code className="font-mono">{m.group ? `${m.resource}.${m.group}` : m.resource}</code>{m.namespace ? ` in namespace ${m.namespace}` : ' cluster-wide'} (see deploy/).
          </li>
        ))}
      </ul>
    </Notice>
  );
}
