import { Suspense } from 'react';
import { OverviewPage } from '../components/overview/OverviewPage';

export default function Page() {
  // useSearchParams (filters in the URL) needs a Suspense boundary for static rendering.
  return (
    <Suspense>
      <OverviewPage />
    </Suspense>
  );
}
