// Finding an event tick on the executor timeline: the canvas says after each draw how many
// ticks it drew (data-event-ticks) and where one is (data-tick-at, a warning's when any, in px of
// the plot); rows out of view are scrolled to, a page at a time.

import type { Locator, Page } from '@playwright/test';
import { expect } from './fixtures';

/** Stops following now (so the tick stays put), brings a row with ticks into view, and hovers one; returns the timeline. */
export async function hoverEventTick(page: Page): Promise<{ timeline: Locator; plot: Locator; x: number; y: number }> {
  const timeline = page.getByTestId('executor-timeline');
  const plot = timeline.getByRole('application');
  await timeline.scrollIntoViewIfNeeded();
  const live = timeline.getByRole('button', { name: 'Follow live' });
  if ((await live.getAttribute('aria-pressed')) !== 'false') await live.click();
  await expect.poll(async () => {
    if (Number(await timeline.getAttribute('data-event-ticks')) > 0) return true;
    await plot.evaluate((el) => {
      el.scrollTop = el.scrollTop + el.clientHeight >= el.scrollHeight ? 0 : el.scrollTop + el.clientHeight;
    });
    return false;
  }, { message: 'a row with event ticks in view', timeout: 30_000, intervals: [500, 1000] }).toBe(true);
  const [x, y] = (await timeline.getAttribute('data-tick-at'))!.split(',').map(Number);
  const box = (await plot.boundingBox())!;
  await page.mouse.move(box.x + x, box.y + y);
  return { timeline, plot, x: box.x + x, y: box.y + y };
}
