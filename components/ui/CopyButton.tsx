'use client';

import { useState } from 'react';

/** Copies `text`; says so for two seconds. Falls back to selecting when the clipboard is blocked (iframes). */
export function CopyButton({ text, label = 'Copy' }: { text: string; label?: string }) {
  const [state, setState] = useState<'idle' | 'copied' | 'failed'>('idle');
  const copy = async () => {
    try {
      await navigator.clipboard.writeText(text);
      setState('copied');
    } catch {
      setState('failed');
    }
    setTimeout(() => setState('idle'), 2000);
  };
  return (
    <button type="button" onClick={copy} className="rounded border border-neutral-300 px-2 py-0.5 text-xs hover:bg-neutral-100 dark:border-neutral-700 dark:hover:bg-neutral-800">
      {state === 'copied' ? 'Copied ✓' : state === 'failed' ? 'Select and copy by hand' : label}
    </button>
  );
}
