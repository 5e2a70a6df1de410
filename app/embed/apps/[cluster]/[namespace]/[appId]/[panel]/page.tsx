import { notFound } from 'next/navigation';
import { Suspense } from 'react';
import { embeddablePanel } from '../../../../../../../components/application/appPanelRegistry';
import { EmbedAppPanel } from '../../../../../../../components/embed/EmbedAppPanel';

interface Params { cluster: string; namespace: string; appId: string; panel: string }

const decode = (v: string) => { try { return decodeURIComponent(v); } catch { return v; } };

export default async function Page({ params }: { params: Promise<Params> }) {
  const { cluster, namespace, appId, panel } = await params;
  // The registry says which panels a portal may embed; any other name is a 404.
  if (!embeddablePanel(panel)) notFound();
  const app = { cluster: decode(cluster), namespace: decode(namespace), appId: decode(appId) };
  // `?at=` (time travel) is read with useSearchParams, which needs a Suspense boundary.
  return (
    <Suspense>
      <EmbedAppPanel app={app} panel={panel} />
    </Suspense>
  );
}
