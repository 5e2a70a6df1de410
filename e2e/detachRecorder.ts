// Records, from the first byte of every document the page loads, each time an element with one
// of the given ids leaves the DOM (itself or inside a removed subtree): a section that React
// remounts, or that streaming moves, is detached for a moment, and whatever a reader had open in
// it is gone. Read the record with `detachedIds`.

import type { Page } from '@playwright/test';

interface Recorded { __detached: string[] }

export async function recordDetaching(page: Page, ids: readonly string[]): Promise<void> {
  await page.addInitScript((watched: string[]) => {
    const detached: string[] = [];
    (window as unknown as Recorded).__detached = detached;
    new MutationObserver((records) => {
      for (const record of records) {
        for (const node of Array.from(record.removedNodes)) {
          if (!(node instanceof Element)) continue;
          for (const id of watched) if (node.id === id || node.querySelector(`[id="${id}"]`)) detached.push(id);
        }
      }
    }).observe(document, { childList: true, subtree: true });
  }, [...ids]);
}

/** The ids detached so far in the current document, once per detachment. */
export async function detachedIds(page: Page): Promise<string[]> {
  return page.evaluate(() => (window as unknown as Recorded).__detached);
}
