// The first sentence on the page of an operator application that has no pods: why there is no
// driver, executors or events to show (a failed submission, or a driver not created yet).

import type { OperatorRef } from '../../lib/operator/operatorApp';
import { Notice } from '../ui/Notice';
import { podlessSentence } from './operatorText';

export function PodlessNotice({ operator }: { operator: OperatorRef }) {
  const s = podlessSentence(operator);
  return (
    <div data-testid="podless-notice" data-phase={operator.phase}>
      <Notice tone={s.tone} title={s.title}><p>{s.body}</p></Notice>
    </div>
  );
}
