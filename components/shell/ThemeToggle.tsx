'use client';

// Light, dark or the system's choice, saved per browser. The class is applied before paint by
// the inline script in app/layout.tsx, so there is no flash of the wrong theme.

import { useEffect, useState } from 'react';

type Choice = 'light' | 'dark' | 'system';
const KEY = 'spd-theme';

export function applyTheme(choice: Choice): void {
  const dark = choice === 'dark' || (choice === 'system' && window.matchMedia('(prefers-color-scheme: dark)').matches);
  document.documentElement.classList.toggle('dark', dark);
}

export function ThemeToggle() {
  const [choice, setChoice] = useState<Choice>('system');
  useEffect(() => {
    const saved = (localStorage.getItem(KEY) as Choice | null) ?? 'system';
    setChoice(saved);
    const mq = window.matchMedia('(prefers-color-scheme: dark)');
    const onChange = () => { if ((localStorage.getItem(KEY) ?? 'system') === 'system') applyTheme('system'); };
    mq.addEventListener('change', onChange);
    return () => mq.removeEventListener('change', onChange);
  }, []);
  const set = (c: Choice) => {
    setChoice(c);
    localStorage.setItem(KEY, c);
    applyTheme(c);
  };
  return (
    <label className="flex items-center gap-1 text-xs text-neutral-700 dark:text-neutral-300">
      <span className="sr-only">Theme</span>
      <select value={choice} onChange={(e) => set(e.target.value as Choice)} className="rounded border border-neutral-300 bg-white px-1.5 py-1 text-xs dark:border-neutral-700 dark:bg-neutral-900">
        <option value="system">System theme</option>
        <option value="light">Light</option>
        <option value="dark">Dark</option>
      </select>
    </label>
  );
}

/**
 * Runs before React: a theme given in the URL (?theme=light|dark|auto, for embeds and walls,
 * never saved), else the saved theme, else the system's, on <html>; and ?accent=#rrggbb.
 */
export const THEME_BOOT_SCRIPT = `(function(){try{var q=new URLSearchParams(location.search);var t=q.get('theme');var c=t==='light'||t==='dark'?t:t==='auto'?'system':(localStorage.getItem('${KEY}')||'system');var d=c==='dark'||(c==='system'&&window.matchMedia('(prefers-color-scheme: dark)').matches);if(d)document.documentElement.classList.add('dark');var a=q.get('accent');if(a&&/^#?[0-9a-fA-F]{3,8}$/.test(a))document.documentElement.style.setProperty('--accent',a.charAt(0)==='#'?a:'#'+a)}catch(e){}})();`;
