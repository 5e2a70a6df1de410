'use client';

// The page of an operator application without pods (`operator:<name>`) stops resolving live
// once the application has pods (404, or only the dashboard's record of its pod-less past):
// they are a Spark application of their own, under its id. The operator's record still
// answers for the old id, naming each attempt's Spark application: the page moves to the
// current one (replacing itself in the browser's history).

import { useQuery } from '@tanstack/react-query';
import { useRouter } from 'next/navigation';
import { useEffect } from 'react';
import { operatorNameOf } from '../../lib/operator/operatorApp';
import { appOperatorQuery, type AppRef } from '../data/queries';
import { appPath } from './operatorText';

/** The Spark application id the page is moving to, or null. */
export function usePodlessRedirect(app: AppRef, gone: boolean): string | null {
  const router = useRouter();
  const podless = operatorNameOf(app.appId) !== null;
  const operator = useQuery({ ...appOperatorQuery(app), enabled: podless && gone });
  const attempts = podless && gone ? operator.data?.attempts ?? [] : [];
  const target = (attempts.find((a) => a.current) ?? attempts[attempts.length - 1])?.appId ?? null;
  useEffect(() => {
    if (target) router.replace(appPath(app.cluster, app.namespace, target));
  }, [target, router, app.cluster, app.namespace]);
  return target;
}
