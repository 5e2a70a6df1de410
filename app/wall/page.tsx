import { Suspense } from 'react';
import { WallPage } from '../../components/wall/WallPage';

export const metadata = { title: 'Wall' };

export default function Page() {
  return (
    <Suspense>
      <WallPage />
    </Suspense>
  );
}
