'use client';

import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { useState, type ReactNode } from 'react';
import { LiveClientProvider } from '../components/data/LiveClientProvider';

export function Providers({ children }: { children: ReactNode }) {
  const [queryClient] = useState(() => new QueryClient({
    defaultOptions: { queries: { retry: (failures, error) => failures < 3 && (error as { status?: number }).status !== 404 && (error as { status?: number }).status !== 403, refetchOnWindowFocus: false } },
  }));
  return (
    <QueryClientProvider client={queryClient}>
      <LiveClientProvider>{children}</LiveClientProvider>
    </QueryClientProvider>
  );
}
