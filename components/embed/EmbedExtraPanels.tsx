// Panels that need their own data (volumes, RBAC), mapped for the embed page.

import type { ReactNode } from 'react';
import type { AppPanel } from './appPanels';

export function EmbedExtraPanels(_: { namespace: string; appId: string }): Partial<Record<AppPanel, ReactNode>> {
  return {};
}
