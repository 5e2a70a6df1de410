// Panels that need their own data (volumes, RBAC), mapped for the embed page.

import type { ReactNode } from 'react';
import { RbacPanelBody } from '../rbac/RbacPanel';
import { VolumesPanelBody } from '../volumes/VolumesPanel';
import type { AppPanel } from './appPanels';

export function EmbedExtraPanels({ namespace, appId }: { namespace: string; appId: string }): Partial<Record<AppPanel, ReactNode>> {
  return {
    volumes: <VolumesPanelBody namespace={namespace} appId={appId} />,
    rbac: <RbacPanelBody namespace={namespace} appId={appId} />,
  };
}
