'use client';

// A page that failed to render says so and offers a retry, instead of a blank screen.

export default function ErrorPage({ error, reset }: { error: Error & { digest?: string }; reset: () => void }) {
  return (
    <main className="mx-auto max-w-xl px-4 py-16 text-center" role="alert">
      <h1 className="text-2xl font-semibold">This page could not be shown</h1>
      <p className="mt-2 text-neutral-600 dark:text-neutral-400">{error.message || 'An unexpected error occurred while rendering.'}</p>
      <button type="button" onClick={reset} className="mt-4 rounded border border-neutral-300 px-3 py-1.5 hover:bg-neutral-100 dark:border-neutral-700 dark:hover:bg-neutral-800">Try again</button>
    </main>
  );
}
