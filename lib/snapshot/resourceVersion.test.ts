import { describe, expect, it } from 'vitest';
import { compareResourceVersions, isAtOrBefore, isNewerResourceVersion } from './resourceVersion';

describe('resourceVersion comparison', () => {
  it('compares etcd revisions as integers, not as strings', () => {
    expect(compareResourceVersions('10', '9')).toBe('newer');
    expect(compareResourceVersions('9', '10')).toBe('older');
    expect(compareResourceVersions('123456789012345678', '123456789012345679')).toBe('older');
    expect(compareResourceVersions('42', '42')).toBe('same');
  });

  it('beyond 2^53 still orders exactly', () => {
    expect(compareResourceVersions('9007199254740993', '9007199254740992')).toBe('newer');
  });

  it('falls back to arrival order when a version is not numeric or missing', () => {
    expect(compareResourceVersions('abc', '10')).toBe('unordered');
    expect(compareResourceVersions('007', '7')).toBe('unordered');
    expect(compareResourceVersions(undefined, '7')).toBe('unordered');
    expect(isNewerResourceVersion('abc', '10')).toBe(true);
    expect(isNewerResourceVersion(undefined, undefined)).toBe(true);
  });

  it('never lets an older or equal version overwrite', () => {
    expect(isNewerResourceVersion('9', '10')).toBe(false);
    expect(isNewerResourceVersion('10', '10')).toBe(false);
    expect(isNewerResourceVersion('11', '10')).toBe(true);
  });

  it('isAtOrBefore is only true when the order is known', () => {
    expect(isAtOrBefore('5', '5')).toBe(true);
    expect(isAtOrBefore('4', '5')).toBe(true);
    expect(isAtOrBefore('6', '5')).toBe(false);
    expect(isAtOrBefore('x', '5')).toBe(false);
  });
});
