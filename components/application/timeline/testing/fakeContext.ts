// A 2D context double that records every drawing call with the paint state in force, so
// tests can assert what was drawn where without a browser.

export interface DrawCall {
  op: string;
  args: number[];
  text?: string;
  fillStyle: unknown;
  strokeStyle: unknown;
  alpha: number;
}

export class FakeContext {
  calls: DrawCall[] = [];
  /** Every value assigned to fillStyle, in order. */
  fillStyles: unknown[] = [];
  strokeStyle: unknown = '#000';
  globalAlpha = 1;
  lineWidth = 1;
  font = '';
  textAlign: CanvasTextAlign = 'start';
  textBaseline: CanvasTextBaseline = 'alphabetic';
  #fillStyle: unknown = '#000';

  get fillStyle(): unknown {
    return this.#fillStyle;
  }

  set fillStyle(v: unknown) {
    this.#fillStyle = v;
    this.fillStyles.push(v);
  }

  #record(op: string, args: number[], text?: string): void {
    this.calls.push({ op, args, text, fillStyle: this.#fillStyle, strokeStyle: this.strokeStyle, alpha: this.globalAlpha });
  }

  clearRect(...a: number[]) { this.#record('clearRect', a); }
  fillRect(...a: number[]) { this.#record('fillRect', a); }
  strokeRect(...a: number[]) { this.#record('strokeRect', a); }
  rect(...a: number[]) { this.#record('rect', a); }
  moveTo(...a: number[]) { this.#record('moveTo', a); }
  lineTo(...a: number[]) { this.#record('lineTo', a); }
  arc(...a: number[]) { this.#record('arc', a); }
  fillText(text: string, x: number, y: number) { this.#record('fillText', [x, y], text); }
  beginPath() { this.#record('beginPath', []); }
  stroke() { this.#record('stroke', []); }
  fill() { this.#record('fill', []); }
  clip() { this.#record('clip', []); }
  save() { this.#record('save', []); }
  restore() { this.#record('restore', []); }
  setLineDash(dash: number[]) { this.#record('setLineDash', dash); }
  setTransform(...a: number[]) { this.#record('setTransform', a); }
  createPattern(source: unknown, repetition: string) { return { pattern: true, source, repetition }; }

  ops(op: string): DrawCall[] {
    return this.calls.filter((c) => c.op === op);
  }
}
