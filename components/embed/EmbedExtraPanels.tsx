// Panels that need their own data (volumes, RBAC), mapped for the embed page.

import type { ReactNode } from 'react';
import type { AppRef } from '../data/queries';
import { RbacPanelBody } from '../rbac/RbacPanel';
import { VolumesPanelBody } from '../volumes/VolumesPanel';
import type { AppPanel } from './appPanels';

export function EmbedExtraPanels({ app }: { app: AppRef }): Partial<Record<AppPanel, ReactNode>> {
  return {
    volumes: <VolumesPanelBody app={app} />,
    rbac: <RbacPanelBody app={app} />,
  };
}
