import type { Metadata } from 'next';
import { Suspense } from 'react';
import { HistoryPage } from '../../components/history/HistoryPage';

export const metadata: Metadata = { title: 'History' };

export default function Page() {
  // The search lives in the URL (useSearchParams needs a Suspense boundary for static rendering).
  return (
    <Suspense>
      <HistoryPage />
    </Suspense>
  );
}
