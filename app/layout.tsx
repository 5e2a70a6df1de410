import type { Metadata, Viewport } from 'next';
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

export default function RootLayout({ children }: { children: ReactNode }) {
  return (
    <html lang="en" suppressHydrationWarning>
      <head>
        <script dangerouslySetInnerHTML={{ __html: THEME_BOOT_SCRIPT }} />
      </head>
      <body className="min-h-screen">
        <Providers>{children}</Providers>
      </body>
    </html>
  );
}
