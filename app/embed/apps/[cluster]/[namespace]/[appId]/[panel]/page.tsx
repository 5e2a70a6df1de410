import { notFound } from 'next/navigation';
import { APP_PANELS, type AppPanel } from '../../../../../../../components/embed/appPanels';
import { EmbedAppPanel } from '../../../../../../../components/embed/EmbedAppPanel';
import { EmbedExtraPanels } from '../../../../../../../components/embed/EmbedExtraPanels';

interface Params { cluster: string; namespace: string; appId: string; panel: string }

const decode = (v: string) => { try { return decodeURIComponent(v); } catch { return v; } };

export default async function Page({ params }: { params: Promise<Params> }) {
  const { cluster, namespace, appId, panel } = await params;
  if (!(APP_PANELS as readonly string[]).includes(panel)) notFound();
  const app = { cluster: decode(cluster), namespace: decode(namespace), appId: decode(appId) };
  return <EmbedAppPanel app={app} panel={panel as AppPanel} extra={EmbedExtraPanels({ app })} />;
}
