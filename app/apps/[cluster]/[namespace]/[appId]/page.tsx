import type { Metadata } from 'next';
import { ApplicationPage } from '../../../../../components/application/ApplicationPage';

interface Params { cluster: string; namespace: string; appId: string }

// Route params arrive percent-encoded or not depending on the path taken; never throw on them.
const decode = (v: string) => { try { return decodeURIComponent(v); } catch { return v; } };

export async function generateMetadata({ params }: { params: Promise<Params> }): Promise<Metadata> {
  const { cluster, namespace, appId } = await params;
  return { title: `${decode(appId)} in ${decode(namespace)} (${decode(cluster)})` };
}

export default async function Page({ params }: { params: Promise<Params> }) {
  const { cluster, namespace, appId } = await params;
  return <ApplicationPage app={{ cluster: decode(cluster), namespace: decode(namespace), appId: decode(appId) }} />;
}
