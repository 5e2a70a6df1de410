// The fill patterns that tell states apart without colour (stateStyles' `pattern`), painted
// as small tiles and turned into CanvasPatterns once per theme. They are overlays: the bar is
// filled with the state's colour first, then with the pattern in a contrasting ink.

import type { StateStyle } from '../../state/stateStyles';
import { STATE_STYLES } from '../../state/stateStyles';
import type { ExecutorPodState } from '../../../lib/spark/podState';
import { EXECUTOR_POD_STATES } from '../../../lib/spark/podState';

export type PatternKind = StateStyle['pattern'];

/** What the tile painter needs of a 2D context. */
export type TileContext = Pick<CanvasRenderingContext2D,
  'fillStyle' | 'strokeStyle' | 'lineWidth' | 'beginPath' | 'moveTo' | 'lineTo' | 'arc' | 'fill' | 'stroke' | 'fillRect' | 'clearRect'>;

/** Tile edge in CSS px. */
export const PATTERN_TILE = 8;

/** Whether a state's bars get an overlay pattern (solid and hollow ones do not). */
export function hasOverlay(kind: PatternKind): boolean {
  return kind !== 'solid' && kind !== 'hollow';
}

/** Paints one seamless tile of `kind` in `ink` on a `size` × `size` area at the origin. */
export function paintPatternTile(ctx: TileContext, kind: PatternKind, size: number, ink: string): void {
  ctx.clearRect(0, 0, size, size);
  ctx.strokeStyle = ink;
  ctx.fillStyle = ink;
  ctx.lineWidth = 1.25;
  const s = size;
  ctx.beginPath();
  switch (kind) {
    case 'hatch': // "/" diagonals; the corner pieces make the tile seamless
      ctx.moveTo(0, s); ctx.lineTo(s, 0);
      ctx.moveTo(-1, 1); ctx.lineTo(1, -1);
      ctx.moveTo(s - 1, s + 1); ctx.lineTo(s + 1, s - 1);
      ctx.stroke();
      return;
    case 'cross':
      ctx.moveTo(0, s); ctx.lineTo(s, 0);
      ctx.moveTo(0, 0); ctx.lineTo(s, s);
      ctx.stroke();
      return;
    case 'stripes': // vertical bars: readable in a 14 px row
      ctx.fillRect(0, 0, s / 4, s);
      return;
    case 'dots':
      ctx.arc(s / 2, s / 2, s / 7, 0, Math.PI * 2);
      ctx.fill();
      return;
    case 'zigzag':
      ctx.moveTo(0, s * 0.7); ctx.lineTo(s / 2, s * 0.3); ctx.lineTo(s, s * 0.7);
      ctx.stroke();
      return;
    default:
      return;
  }
}

export interface TileSurface {
  source: CanvasImageSource;
  ctx: TileContext & Pick<CanvasRenderingContext2D, 'setTransform'>;
}

export type StateOverlays = Readonly<Record<ExecutorPodState, CanvasPattern | null>>;

/**
 * One CanvasPattern per patterned state, made with `target.createPattern` from tiles that
 * `makeTile(devicePixels)` provides. Tiles are painted at device resolution and scaled back
 * by the pattern's transform, so patterns stay crisp on high-density screens.
 */
export function buildStateOverlays(
  makeTile: (devicePixels: number) => TileSurface | null,
  target: Pick<CanvasRenderingContext2D, 'createPattern'>,
  ink: string,
  dpr: number,
): StateOverlays {
  const out = {} as Record<ExecutorPodState, CanvasPattern | null>;
  for (const state of EXECUTOR_POD_STATES) {
    out[state] = null;
    const kind = STATE_STYLES[state].pattern;
    if (!hasOverlay(kind)) continue;
    const tile = makeTile(Math.round(PATTERN_TILE * dpr));
    if (!tile) continue;
    tile.ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
    paintPatternTile(tile.ctx, kind, PATTERN_TILE, ink);
    const pattern = target.createPattern(tile.source, 'repeat');
    if (pattern && dpr !== 1 && typeof DOMMatrix === 'function' && typeof pattern.setTransform === 'function') {
      pattern.setTransform(new DOMMatrix().scale(1 / dpr, 1 / dpr));
    }
    out[state] = pattern;
  }
  return out;
}
