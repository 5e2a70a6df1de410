import { describe, expect, it } from 'vitest';
import { DEFAULT_HISTORY_SEARCH, historySearchToParams, pageRange, parseHistorySearch } from './historyQuery';

describe('history search in the URL', () => {
  it('round-trips every field and keeps defaults out of the URL', () => {
    const s = { q: 'daily', cluster: 'prod', namespace: 'etl', state: 'failed' as const, from: Date.UTC(2026, 11, 1), to: Date.UTC(2026, 11, 2), sort: 'name' as const, dir: 'asc' as const, page: 3, pageSize: 25 };
    expect(parseHistorySearch(historySearchToParams(s))).toEqual(s);
    expect(historySearchToParams(DEFAULT_HISTORY_SEARCH).toString()).toBe('');
  });

  it('ignores what it does not know', () => {
    const s = parseHistorySearch(new URLSearchParams('state=exploded&sort=rand&page=-2&pageSize=9999&from=yesterday'));
    expect(s).toEqual(DEFAULT_HISTORY_SEARCH);
  });
});

describe('pageRange', () => {
  it('says which rows a page shows', () => {
    expect(pageRange(1, 50, 0)).toEqual({ first: 0, last: 0, pages: 1 });
    expect(pageRange(2, 50, 120)).toEqual({ first: 51, last: 100, pages: 3 });
    expect(pageRange(3, 50, 120)).toEqual({ first: 101, last: 120, pages: 3 });
  });
});
