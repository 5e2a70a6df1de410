import Link from 'next/link';

export default function NotFound() {
  return (
    <main className="mx-auto max-w-xl px-4 py-16 text-center">
      <h1 className="text-2xl font-semibold">Page not found</h1>
      <p className="mt-2 text-neutral-600 dark:text-neutral-400">There is no such page in the Spark Pod Dashboard.</p>
      <Link href="/" className="mt-4 inline-block text-[var(--accent)] hover:underline">Go to the applications</Link>
    </main>
  );
}
