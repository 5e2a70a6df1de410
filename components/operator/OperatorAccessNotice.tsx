// The cluster serves Spark operator kinds the dashboard may not list: which, and the grant that
// would let it (everything else on the page works without them).

import type { OperatorAvailability } from '../../lib/apiTypes';
import { Notice } from '../ui/Notice';

export function OperatorAccessNotice({ availability }: { availability: OperatorAvailability }) {
  const missing = availability.missingAccess;
  if (!missing.length) return null;
  return (
    <Notice tone="warning" title="This cluster runs a Spark operator whose applications the dashboard may not read">
      <ul className="list-disc space-y-0.5 pl-5" data-testid="operator-missing-access">
        {missing.map((m) => (
          <li key={`${m.verb}-${m.resource}-${m.group ?? ''}-${m.namespace ?? '*'}`}>
            {m.message || <>Cannot {m.verb} {m.what}{m.namespace ? ` in ${m.namespace}` : ''}: grant <code className="font-mono">list</code> and <code className="font-mono">watch</code> on{' '}
              <code className="font-mono">{m.group ? `${m.resource}.${m.group}` : m.resource}</code>{m.namespace ? ` in namespace ${m.namespace}` : ' cluster-wide'} (see deploy/).</>}
          </li>
        ))}
      </ul>
    </Notice>
  );
}
