// Every panel of an application, declared once: what it is called and says it shows, the JSON
// API queries it reads and the server's invalidation topic that refreshes them, the component
// that draws it, whether a portal may embed it, where it sits on the page, and what it adds to
// the executor drawer. The application page, `/embed/apps/…/:panel` and the drawer are all
// driven from this list. No 'use client' and no hooks here: the embed route (a server
// component) reads it to tell a panel name from a 404.

import type { QueryKey } from '@tanstack/react-query';
import type { ComponentType, ReactNode } from 'react';
import type { PodResponse } from '../../lib/apiTypes';
import type { InvalidationTopic } from '../../lib/protocol';
import type { ExecutorRow } from '../../lib/snapshot/executorRow';
import { appDriverQuery, appEventsQuery, appOperatorQuery, appRbacQuery, appVolumesQuery, appWhyQuery, type AppRef } from '../data/queries';
import { OperatorPanel } from '../operator/OperatorPanel';
import { EventsPanel, PodEventsSection } from '../why/EventsPanel';
import { PodWhySections, WhyPanel } from '../why/WhyPanel';
import { AppCounts } from './AppCounts';
import { PodTemplatePanel, RbacPanel, VolumesPanel } from './clusterPanels';
import { DriverLogPanel } from './DriverStateLog';
import { ExecutorsPanel } from './ExecutorTable';
import { TimelinePanel } from './TimelinePanel';
import type { AppView } from './useAppView';

/** A query factory of components/data/queries, for one application. */
export type AppQuery = (app: AppRef) => { queryKey: QueryKey };

/** What a panel's body hands its frame: the page's Panel, or an embed's chrome-less frame. */
export interface PanelFrameProps {
  /** Replaces the declared description (counts that change, say). */
  description?: ReactNode;
  /** Controls for the frame's header. */
  actions?: ReactNode;
  children: ReactNode;
}

export interface AppPanelProps {
  view: AppView;
  /** A body that has nothing to show renders no frame at all (the Why panel of a healthy application). */
  Frame: ComponentType<PanelFrameProps>;
  /**
   * Whether the panel has come into view (near the viewport, or linked to) at least once: a lazy
   * panel reads nothing before, and draws its loading state in its frame. Always true where
   * nothing is lazy (an embed).
   */
  inView: boolean;
}

/** What a panel adds to the executor drawer, about one pod. */
export interface DrawerPartProps {
  row: ExecutorRow;
  /** The pod's object, cause, log tail and events, as `/api/pods/…` answers. */
  pod: PodResponse | undefined;
  now: number;
  Section: ComponentType<{ title: string; children: ReactNode }>;
}

export interface AppPanelDef {
  /** The embed path's last segment and the page's anchor (`#volumes`). */
  id: string;
  title: string;
  description: string;
  /** The JSON API queries it reads (their keys are what its topic refreshes). */
  reads: readonly AppQuery[];
  /** The server's invalidation topic for what it reads; null for panels drawn from the live scope or fetched on their own schedule. */
  topic: InvalidationTopic | null;
  /** Its reads are also refetched when the application's pods change state (throttled). */
  refetchOnStateChange?: boolean;
  Body: ComponentType<AppPanelProps>;
  embeddable: boolean;
  /**
   * `rows`: drawn from the rows, live or recorded; `kept`: what the dashboard keeps about a live
   * application (events, causes), not in the record; `cluster`: read from the cluster now (pod
   * specs, service accounts), so a notice stands in for it once the pods are gone.
   */
  source: 'rows' | 'kept' | 'cluster';
  /** Reads nothing until first scrolled near or linked to (heavy views of 10,000 executors cost nothing until then). */
  lazy: boolean;
  /** On a wide page: the whole width, two thirds, or the third beside a two-thirds panel. */
  span: 'full' | 'wide' | 'narrow';
  /** A section of its own in the executor drawer, a link to the panel from it, or nothing. */
  drawer: ComponentType<DrawerPartProps> | 'link' | null;
  /** Also drawn for an operator application that has no pods yet (the others need pods). */
  podless?: boolean;
}

/** In page order. */
export const APP_PANELS: readonly AppPanelDef[] = [
  {
    id: 'why', title: 'Why', description: 'What keeps pods from running, from the pods themselves and the events about them',
    reads: [appWhyQuery], topic: 'why', refetchOnStateChange: true, Body: WhyPanel, embeddable: true, source: 'kept', lazy: false, span: 'full', drawer: PodWhySections,
  },
  {
    id: 'operator', title: 'Spark operator', description: 'The SparkApplication resource behind this application: its state, history, attempts, spec and schedule',
    // Drawn only when an operator runs the application (or its kinds cannot be read).
    reads: [appOperatorQuery], topic: 'operator', Body: OperatorPanel, embeddable: true, source: 'kept', lazy: false, span: 'full', drawer: null, podless: true,
  },
  {
    id: 'counts', title: 'Executors per state', description: 'Executor pods in each state, now and over time',
    // Its chart reads appCountsQuery over a window the panel picks, on its own schedule.
    reads: [], topic: null, Body: AppCounts, embeddable: true, source: 'rows', lazy: false, span: 'wide', drawer: null,
  },
  {
    id: 'driver-log', title: 'Driver state log', description: "Each change of the driver pod, as spark-submit's status watcher reports it",
    reads: [appDriverQuery], topic: null, Body: DriverLogPanel, embeddable: false, source: 'rows', lazy: false, span: 'narrow', drawer: null,
  },
  {
    id: 'timeline', title: 'Executor timeline',
    description: "One row per pod, coloured by Spark's state over time; ticks mark Kubernetes events (warnings stand out). Scroll to zoom with Ctrl, drag to pan, click a row for details.",
    reads: [appEventsQuery], topic: 'why', Body: TimelinePanel, embeddable: true, source: 'rows', lazy: false, span: 'full', drawer: null,
  },
  {
    id: 'executors', title: 'Executors', description: 'Every executor pod, sortable; click one for details',
    reads: [appWhyQuery], topic: 'why', refetchOnStateChange: true, Body: ExecutorsPanel, embeddable: true, source: 'rows', lazy: false, span: 'full', drawer: null,
  },
  {
    id: 'events', title: 'Events', description: "Every Kubernetes event kept about the application's pods and their claims, newest first",
    reads: [appEventsQuery], topic: 'why', Body: EventsPanel, embeddable: true, source: 'kept', lazy: true, span: 'full', drawer: PodEventsSection,
  },
  {
    id: 'volumes', title: 'Volumes', description: "Every volume and mount of the driver and the executors, the Spark settings that produce them, and the application's claims",
    reads: [appVolumesQuery], topic: 'volumes', Body: VolumesPanel, embeddable: true, source: 'cluster', lazy: true, span: 'full', drawer: 'link',
  },
  {
    id: 'pod-template', title: 'Pod template', description: 'What runs in the pods, and which fields Spark set versus kept from the template',
    reads: [appVolumesQuery], topic: 'volumes', Body: PodTemplatePanel, embeddable: false, source: 'cluster', lazy: true, span: 'full', drawer: 'link',
  },
  {
    id: 'rbac', title: 'RBAC', description: 'Who the pods act as, what a Spark driver needs, and whether it has it',
    reads: [appRbacQuery], topic: null, Body: RbacPanel, embeddable: true, source: 'cluster', lazy: true, span: 'full', drawer: 'link',
  },
];

/** The panel a portal may embed under this name, or null (the route answers 404). */
export function embeddablePanel(id: string): AppPanelDef | null {
  return APP_PANELS.find((p) => p.id === id && p.embeddable) ?? null;
}

/** Whether any of `panels` reads `query`: the page fetches the causes only for panels that show them. */
export function panelsRead(panels: readonly AppPanelDef[], query: AppQuery): boolean {
  return panels.some((p) => p.reads.includes(query));
}
