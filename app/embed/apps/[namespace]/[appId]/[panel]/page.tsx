import { notFound } from 'next/navigation';
import { APP_PANELS, type AppPanel } from '../../../../../../components/embed/appPanels';
import { EmbedAppPanel } from '../../../../../../components/embed/EmbedAppPanel';
import { EmbedExtraPanels } from '../../../../../../components/embed/EmbedExtraPanels';

interface Params { namespace: string; appId: string; panel: string }

const decode = (v: string) => { try { return decodeURIComponent(v); } catch { return v; } };

export default async function Page({ params }: { params: Promise<Params> }) {
  const { namespace, appId, panel } = await params;
  if (!(APP_PANELS as readonly string[]).includes(panel)) notFound();
  const ns = decode(namespace), id = decode(appId);
  return <EmbedAppPanel namespace={ns} appId={id} panel={panel as AppPanel} extra={EmbedExtraPanels({ namespace: ns, appId: id })} />;
}
