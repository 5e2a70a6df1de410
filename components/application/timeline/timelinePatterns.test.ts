import { describe, expect, it } from 'vitest';
import { STATE_STYLES } from '../../state/stateStyles';
import { EXECUTOR_POD_STATES } from '../../../lib/spark/podState';
import { FakeContext } from './testing/fakeContext';
import type { TileSurface } from './timelinePatterns';
import { PATTERN_TILE, buildStateOverlays, hasOverlay, paintPatternTile } from './timelinePatterns';

describe('state overlays', () => {
  it('makes one pattern per patterned state, none for solid and hollow ones', () => {
    const tiles: FakeContext[] = [];
    const makeTile = (px: number): TileSurface => {
      const ctx = new FakeContext();
      tiles.push(ctx);
      return { source: { px } as unknown as CanvasImageSource, ctx: ctx as unknown as TileSurface['ctx'] };
    };
    const overlays = buildStateOverlays(makeTile, new FakeContext() as unknown as CanvasRenderingContext2D, 'ink', 2);
    for (const s of EXECUTOR_POD_STATES) {
      expect(overlays[s] !== null).toBe(hasOverlay(STATE_STYLES[s].pattern));
    }
    expect(overlays.running).toBeNull();
    expect(overlays.unknown).toBeNull();
    expect(overlays.failed).toMatchObject({ pattern: true, repetition: 'repeat', source: { px: PATTERN_TILE * 2 } });
    // Tiles are painted at device resolution.
    expect(tiles[0].ops('setTransform')[0].args).toEqual([2, 0, 0, 2, 0, 0]);
  });

  it('paints every patterned kind with the ink, and nothing for solid', () => {
    for (const kind of ['hatch', 'cross', 'stripes', 'dots', 'zigzag'] as const) {
      const ctx = new FakeContext();
      paintPatternTile(ctx as unknown as CanvasRenderingContext2D, kind, 8, 'ink');
      const marks = ctx.calls.filter((c) => ['stroke', 'fill', 'fillRect'].includes(c.op));
      expect(marks.length, kind).toBeGreaterThan(0);
      expect(marks.every((c) => c.fillStyle === 'ink' && c.strokeStyle === 'ink'), kind).toBe(true);
    }
    const solid = new FakeContext();
    paintPatternTile(solid as unknown as CanvasRenderingContext2D, 'solid', 8, 'ink');
    expect(solid.calls.filter((c) => c.op !== 'clearRect' && c.op !== 'beginPath')).toEqual([]);
  });
});
