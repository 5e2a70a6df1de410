'use client';

// The panels read from the cluster as it is now (the pods' specs, the service account's
// bindings), each its body in the frame it is given. Their declarations in the registry give
// their titles, queries and topics.

import { PodTemplatePanelBody } from '../podTemplate/PodTemplatePanel';
import { RbacPanelBody } from '../rbac/RbacPanel';
import { VolumesPanelBody } from '../volumes/VolumesPanel';
import type { AppPanelProps } from './appPanelRegistry';

export function VolumesPanel({ view, Frame }: AppPanelProps) {
  return <Frame><VolumesPanelBody app={view.app} /></Frame>;
}

export function PodTemplatePanel({ view, Frame }: AppPanelProps) {
  return <Frame><PodTemplatePanelBody app={view.app} /></Frame>;
}

export function RbacPanel({ view, Frame }: AppPanelProps) {
  return <Frame><RbacPanelBody app={view.app} /></Frame>;
}
