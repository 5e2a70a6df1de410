import type { Metadata, Viewport } from 'next';
import { headers } from 'next/headers';
import type { ReactNode } from 'react';
import { THEME_BOOT_SCRIPT } from '../components/shell/ThemeToggle';
import './globals.css';
import { Providers } from './providers';

export const metadata: Metadata = {
  title: { default: 'Spark Pod Dashboard', template: '%s · Spark Pod Dashboard' },
  description: 'Live state of Apache Spark executor pods on Kubernetes',
};

export const viewport: Viewport = {
  colorScheme: 'light dark',
};

export default async function RootLayout({ children }: { children: ReactNode }) {
  // The server sets a per-request nonce (its Content-Security-Policy allows scripts with it
  // only); reading it also renders every page per request, as nonces require.
  const nonce = (await headers()).get('x-nonce') ?? undefined;
  return (
    <html lang="en" suppressHydrationWarning>
      <head>
        <script nonce={nonce} dangerouslySetInnerHTML={{ __html: THEME_BOOT_SCRIPT }} />
      </head>
      <body className="min-h-screen">
        <Providers>{children}</Providers>
      </body>
    </html>
  );
}
