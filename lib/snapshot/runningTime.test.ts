import { describe, expect, it } from 'vitest';
import { STATE_CODE, type Transition } from './executorRow';
import { runningTime } from './runningTime';

const t = (state: keyof typeof STATE_CODE, at: number): Transition => [STATE_CODE[state], at];

describe('runningTime', () => {
  it('adds up closed running spells', () => {
    expect(runningTime([t('pending', 0), t('running', 10), t('unknown', 40), t('running', 50), t('succeeded', 70)])).toEqual({ closedMs: 50, openSince: null });
  });

  it('leaves the spell still running open', () => {
    expect(runningTime([t('pending', 0), t('running', 10), t('unknown', 40), t('running', 50)])).toEqual({ closedMs: 30, openSince: 50 });
  });

  it('is nothing for a pod that never ran', () => {
    expect(runningTime([t('pending', 0), t('failed', 5)])).toEqual({ closedMs: 0, openSince: null });
    expect(runningTime([])).toEqual({ closedMs: 0, openSince: null });
  });
});
