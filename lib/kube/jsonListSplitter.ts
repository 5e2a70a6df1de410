// Splits a Kubernetes list answer ({"kind":…,"metadata":{…},"items":[{…},{…}]}) as its bytes
// arrive: each top-level field but `items` is handed over parsed, and each element of `items`
// is parsed on its own as soon as its last byte is read. Memory is one item plus one chunk,
// not the whole answer (a list of 100,000 pods is ~700 MB of JSON, beyond V8's longest
// string). Why not a streaming JSON library: they tokenise every value in JavaScript (several
// times slower than JSON.parse); this one only finds where each item ends (brackets outside
// strings) and leaves the parsing to V8's native JSON.parse.
//
// Works on UTF-8 bytes: every byte it looks for is ASCII, and no byte of a multi-byte UTF-8
// sequence is below 0x80, so a chunk may end anywhere, even inside a character.

export interface JsonListHandlers {
  /** A top-level field other than `items` (kind, apiVersion, metadata), in the order sent. */
  onField(key: string, value: unknown): void;
  onItem(item: unknown): void;
  /** The `items` array began (so an empty list is told from an answer without items). */
  onItemsArray?(): void;
  /**
   * Sees an item's raw bytes before it is parsed; false skips it (no JSON.parse, no onItem).
   * For a poll, most pods have not changed since the last one: parsing is most of its cost.
   */
  wants?(raw: Buffer): boolean;
}

export class MalformedJsonListError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'MalformedJsonListError';
  }
}

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const OPEN_BRACE = 0x7b;
const CLOSE_BRACE = 0x7d;
const OPEN_BRACKET = 0x5b;
const CLOSE_BRACKET = 0x5d;
const COMMA = 0x2c;
const COLON = 0x3a;

const isSpace = (c: number) => c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09;

/** Where the splitter is in the top-level object. */
type Phase =
  | 'start' // before the opening brace
  | 'key' // expecting a key (or the closing brace)
  | 'colon'
  | 'value' // expecting a value's first byte
  | 'field' // inside a field's value (captured whole)
  | 'items' // inside the items array, between elements
  | 'item' // inside an element of items (captured, then parsed)
  | 'afterValue' // expecting a comma or the closing brace
  | 'done';

export class JsonListSplitter {
  private phase: Phase = 'start';
  private key = '';
  /** Nesting inside the value being captured (0 outside it). */
  private depth = 0;
  private inString = false;
  private escaped = false;
  /** Pieces of the value being captured (a key, a field or an item), across chunks. */
  private parts: Buffer[] = [];
  private bytes = 0;

  constructor(private readonly handlers: JsonListHandlers) {}

  push(chunk: Buffer): void {
    let i = 0;
    const n = chunk.length;
    // Start of the captured value within this chunk (-1: not capturing in this chunk).
    let from = this.phase === 'field' || this.phase === 'item' || (this.phase === 'key' && this.inString) ? 0 : -1;
    while (i < n) {
      if (this.inString) {
        // Strings are most of the bytes: jump from quote to quote with the native search, and
        // count the backslashes before each (an odd run escapes it).
        if (this.escaped) { this.escaped = false; i++; }
        const start = i;
        let end = -1;
        while (i < n) {
          const q = chunk.indexOf(QUOTE, i);
          if (q < 0) break;
          let b = q - 1;
          while (b >= start && chunk[b] === BACKSLASH) b--;
          if ((q - 1 - b) % 2 === 0) { end = q; break; }
          i = q + 1;
        }
        if (end < 0) {
          // The chunk ends inside the string: does it end on an escaping backslash?
          let b = n - 1;
          while (b >= start && chunk[b] === BACKSLASH) b--;
          this.escaped = (n - 1 - b) % 2 === 1;
          i = n;
          break;
        }
        i = end;
        this.inString = false;
        i++;
        if (this.phase === 'key') {
          this.capture(chunk, from, i);
          from = -1;
          this.key = JSON.parse(this.take()) as string;
          this.phase = 'colon';
        } else if (this.phase === 'field' && this.depth === 0) {
          this.capture(chunk, from, i);
          from = -1;
          this.emitField();
        }
        continue;
      }
      const c = chunk[i]!;
      switch (this.phase) {
        case 'start':
          if (c === OPEN_BRACE) this.phase = 'key';
          else if (!isSpace(c)) throw this.unexpected(c, 'the opening { of a list');
          break;
        case 'key':
          if (c === QUOTE) { this.inString = true; from = i; }
          else if (c === CLOSE_BRACE) this.phase = 'done';
          else if (!isSpace(c)) throw this.unexpected(c, 'a field name');
          break;
        case 'colon':
          if (c === COLON) this.phase = 'value';
          else if (!isSpace(c)) throw this.unexpected(c, 'a colon');
          break;
        case 'value':
          if (isSpace(c)) break;
          if (this.key === 'items' && c === OPEN_BRACKET) { this.phase = 'items'; this.handlers.onItemsArray?.(); break; }
          this.phase = 'field';
          from = i;
          if (c === QUOTE) this.inString = true;
          else if (c === OPEN_BRACE || c === OPEN_BRACKET) this.depth = 1;
          break;
        case 'field':
          if (c === QUOTE) this.inString = true;
          else if (c === OPEN_BRACE || c === OPEN_BRACKET) this.depth++;
          else if (c === CLOSE_BRACE || c === CLOSE_BRACKET) {
            if (this.depth === 0) {
              // The end of the top-level object right after a bare value (a number, true, null).
              this.capture(chunk, from, i);
              from = -1;
              this.emitField();
              if (c !== CLOSE_BRACE) throw this.unexpected(c, 'a comma or }');
              this.phase = 'done';
              break;
            }
            if (--this.depth === 0) {
              this.capture(chunk, from, i + 1);
              from = -1;
              this.emitField();
            }
          } else if (this.depth === 0 && (c === COMMA || isSpace(c))) {
            this.capture(chunk, from, i);
            from = -1;
            this.emitField();
            if (c === COMMA) this.phase = 'key';
          }
          break;
        case 'items':
          if (c === OPEN_BRACE || c === OPEN_BRACKET) { this.phase = 'item'; this.depth = 1; from = i; }
          else if (c === CLOSE_BRACKET) this.phase = 'afterValue';
          else if (c !== COMMA && !isSpace(c)) throw this.unexpected(c, 'an object in items');
          break;
        case 'item':
          if (c === QUOTE) this.inString = true;
          else if (c === OPEN_BRACE || c === OPEN_BRACKET) this.depth++;
          else if ((c === CLOSE_BRACE || c === CLOSE_BRACKET) && --this.depth === 0) {
            this.capture(chunk, from, i + 1);
            from = -1;
            this.phase = 'items';
            if (this.handlers.wants) {
              const raw = this.takeBytes();
              if (this.handlers.wants(raw)) this.handlers.onItem(parseJson(raw.toString('utf8'), 'an item'));
            } else {
              this.handlers.onItem(this.parse('an item'));
            }
          }
          break;
        case 'afterValue':
          if (c === COMMA) this.phase = 'key';
          else if (c === CLOSE_BRACE) this.phase = 'done';
          else if (!isSpace(c)) throw this.unexpected(c, 'a comma or }');
          break;
        case 'done':
          if (!isSpace(c)) throw this.unexpected(c, 'nothing after the list');
          break;
      }
      i++;
    }
    if (from >= 0) this.capture(chunk, from, n);
  }

  /** The answer ended: it must have been one whole object. */
  end(): void {
    if (this.phase !== 'done') throw new MalformedJsonListError('the list answer ended before its closing }');
  }

  private capture(chunk: Buffer, from: number, to: number): void {
    if (to <= from) return;
    this.parts.push(chunk.subarray(from, to));
    this.bytes += to - from;
  }

  private takeBytes(): Buffer {
    const bytes = this.parts.length === 1 ? this.parts[0]! : Buffer.concat(this.parts, this.bytes);
    this.parts = [];
    this.bytes = 0;
    return bytes;
  }

  private take(): string {
    return this.takeBytes().toString('utf8');
  }

  private parse(what: string): unknown {
    return parseJson(this.take(), what);
  }

  private emitField(): void {
    this.depth = 0;
    this.phase = 'afterValue';
    const value = this.parse(`the field ${JSON.stringify(this.key)}`);
    this.handlers.onField(this.key, value);
  }

  private unexpected(c: number, expected: string): MalformedJsonListError {
    return new MalformedJsonListError(`unexpected ${JSON.stringify(String.fromCharCode(c))} in the list answer where ${expected} was expected`);
  }
}

function parseJson(text: string, what: string): unknown {
  try {
    return JSON.parse(text);
  } catch (e) {
    throw new MalformedJsonListError(`${what} of the list is not JSON (${(e as Error).message})`);
  }
}

const UID_KEY = Buffer.from('"uid":"');
const RV_KEY = Buffer.from('"resourceVersion":"');

/** The value of the first unescaped `"key":"value"` in raw JSON bytes, or null. */
function firstStringField(raw: Buffer, key: Buffer): string | null {
  for (let at = raw.indexOf(key); at >= 0; at = raw.indexOf(key, at + 1)) {
    // A key inside a string value would have its quote escaped.
    if (at > 0 && raw[at - 1] === BACKSLASH) continue;
    const from = at + key.length;
    const to = raw.indexOf(QUOTE, from);
    return to < 0 ? null : raw.toString('latin1', from, to);
  }
  return null;
}

/**
 * A Kubernetes object's uid and resourceVersion read from its raw bytes without parsing it:
 * the first of each key in the object. The uid may be an owner's (ownerReferences may come
 * first); the resourceVersion is the object's own (no other field of a pod has that key and a
 * string value). A caller may only rely on the pair where a resourceVersion identifies one
 * write of one object, which is what the API guarantees.
 */
export function peekIdentity(raw: Buffer): { uid: string; resourceVersion: string } | null {
  const uid = firstStringField(raw, UID_KEY);
  const resourceVersion = uid === null ? null : firstStringField(raw, RV_KEY);
  return uid === null || resourceVersion === null ? null : { uid, resourceVersion };
}
