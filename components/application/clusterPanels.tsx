'use client';

// The panels read from the cluster as it is now (the pods' specs, the service account's
// bindings), each its body in the frame it is given, reading once the panel is in view. Their
// declarations in the registry give their titles, queries and topics.

import { PodTemplatePanelBody } from '../podTemplate/PodTemplatePanel';
import { RbacPanelBody } from '../rbac/RbacPanel';
import { VolumesPanelBody } from '../volumes/VolumesPanel';
import type { AppPanelProps } from './appPanelRegistry';

export function VolumesPanel({ view, Frame, inView }: AppPanelProps) {
  return <Frame><VolumesPanelBody app={view.app} enabled={inView} /></Frame>;
}

export function PodTemplatePanel({ view, Frame, inView }: AppPanelProps) {
  return <Frame><PodTemplatePanelBody app={view.app} enabled={inView} /></Frame>;
}

export function RbacPanel({ view, Frame, inView }: AppPanelProps) {
  return <Frame><RbacPanelBody app={view.app} enabled={inView} /></Frame>;
}
