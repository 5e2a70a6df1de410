import { Suspense } from 'react';
import { EmbedOverview } from '../../../components/embed/EmbedOverview';

export const metadata = { title: 'Spark applications (embedded)' };

export default function Page() {
  return (
    <Suspense>
      <EmbedOverview />
    </Suspense>
  );
}
