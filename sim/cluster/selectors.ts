// Label and field selectors as kube-apiserver parses and matches them: the lexer/parser of
// k8s.io/apimachinery/pkg/labels (same grammar, same error texts), and fields.ParseSelector
// with the per-kind field labels the real server accepts. A malformed selector throws the
// 400 BadRequest Status the real list/watch handler returns.

import { badRequest } from './apiErrors';

export type LabelOperator = 'in' | 'notin' | '=' | '==' | '!=' | 'exists' | '!' | 'gt' | 'lt';

export interface LabelRequirement {
  key: string;
  operator: LabelOperator;
  values: string[];
}

export type Labels = Record<string, string> | undefined;

type Tok = 'end' | 'id' | '(' | ')' | ',' | '!' | '=' | '==' | '!=' | '>' | '<' | 'in' | 'notin' | 'error';
interface Item { tok: Tok; lit: string }

const SPECIAL = new Set(['=', '!', '(', ')', ',', '>', '<']);
const SYMBOLS = new Set(['(', ')', ',', '!', '=', '==', '!=', '>', '<']);
const WHITESPACE = new Set([' ', '\t', '\r', '\n']);

function lex(s: string): Item[] {
  const items: Item[] = [];
  let i = 0;
  for (;;) {
    while (i < s.length && WHITESPACE.has(s[i]!)) i++;
    if (i >= s.length) {
      items.push({ tok: 'end', lit: '' });
      return items;
    }
    if (SPECIAL.has(s[i]!)) {
      // Longest run of special characters that still forms a known symbol ("!=", "==").
      let buf = '';
      let last: Item | null = null;
      while (i < s.length && SPECIAL.has(s[i]!)) {
        buf += s[i];
        if (SYMBOLS.has(buf)) last = { tok: buf as Tok, lit: buf };
        else if (last) break;
        i++;
      }
      items.push(last ?? { tok: 'error', lit: `error expected: keyword found '${buf}'` });
      continue;
    }
    let buf = '';
    while (i < s.length && !SPECIAL.has(s[i]!) && !WHITESPACE.has(s[i]!)) buf += s[i++];
    items.push({ tok: buf === 'in' ? 'in' : buf === 'notin' ? 'notin' : 'id', lit: buf });
  }
}

const NAME_RE = /^([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]$/;
const DNS1123_SUBDOMAIN_RE = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
const QUALIFIED_NAME_MSG =
  "name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')";
const LABEL_VALUE_MSG =
  "a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyValue',  or 'my_value',  or '12345', regex used for validation is '(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?')";

/** validation.IsQualifiedName: the error strings, or [] when valid. */
export function qualifiedNameErrors(key: string): string[] {
  const parts = key.split('/');
  let name = key;
  const errs: string[] = [];
  if (parts.length === 2) {
    const [prefix, n] = parts as [string, string];
    name = n;
    if (prefix.length === 0) errs.push('prefix part must be non-empty');
    else if (prefix.length > 253) errs.push('prefix part must be no more than 253 bytes');
    else if (!DNS1123_SUBDOMAIN_RE.test(prefix))
      errs.push(
        "prefix part a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')",
      );
  } else if (parts.length > 2) {
    return [
      "a qualified name must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]') with an optional DNS subdomain prefix and '/' (e.g. 'example.com/MyName')",
    ];
  }
  if (name.length === 0) errs.push('name part must be non-empty');
  else if (name.length > 63) errs.push('name part must be no more than 63 bytes');
  if (name.length > 0 && !NAME_RE.test(name)) errs.push(QUALIFIED_NAME_MSG);
  return errs;
}

export function labelValueErrors(v: string): string[] {
  const errs: string[] = [];
  if (v.length > 63) errs.push('must be no more than 63 bytes');
  if (v.length > 0 && !NAME_RE.test(v)) errs.push(LABEL_VALUE_MSG);
  return errs;
}

class SelectorSyntaxError extends Error {}

/** labels.Parse. Throws SelectorSyntaxError with the apimachinery message. */
export function parseLabelSelectorRequirements(selector: string): LabelRequirement[] {
  const items = lex(selector);
  let pos = 0;
  // In "values" context the keywords in/notin are plain identifiers (`x in (in)`).
  const peek = (values: boolean): Item => {
    const it = items[pos]!;
    return values && (it.tok === 'in' || it.tok === 'notin') ? { tok: 'id', lit: it.lit } : it;
  };
  const take = (values: boolean): Item => {
    const it = peek(values);
    pos++;
    return it;
  };
  const fail = (msg: string): never => {
    throw new SelectorSyntaxError(msg);
  };

  const requirement = (): LabelRequirement => {
    let operator: LabelOperator | '' = '';
    let it = take(true);
    if (it.tok === '!') {
      operator = '!';
      it = take(true);
    }
    if (it.tok !== 'id') fail(`found '${it.lit}', expected: identifier`);
    const key = it.lit;
    const keyErrs = qualifiedNameErrors(key);
    if (keyErrs.length) fail(`<nil>: Invalid value: ${JSON.stringify(key)}: ${keyErrs.join('; ')}`);
    const next = peek(true).tok;
    // `!key` stays DoesNotExist whatever follows; the caller then rejects a stray operator.
    if (operator === '!') return { key, operator: '!', values: [] };
    if (next === 'end' || next === ',') return { key, operator: 'exists', values: [] };
    const opItem = take(false);
    const ops: Partial<Record<Tok, LabelOperator>> = { in: 'in', notin: 'notin', '=': '=', '==': '==', '!=': '!=', '>': 'gt', '<': 'lt' };
    const op = ops[opItem.tok] ?? fail(`found '${opItem.lit}', expected: in, notin, =, ==, !=, gt, lt`);
    let values: string[];
    if (op === 'in' || op === 'notin') {
      const open = take(true);
      if (open.tok !== '(') fail(`found '${open.lit}' expected: '('`);
      const first = peek(true);
      const set = new Set<string>();
      if (first.tok === ')') {
        take(true);
        set.add('');
      } else if (first.tok === 'id' || first.tok === ',') {
        for (;;) {
          const v = take(true);
          if (v.tok === 'id') {
            set.add(v.lit);
            const after = peek(true);
            if (after.tok === ',') continue;
            if (after.tok === ')') break;
            fail(`found '${after.lit}', expected: ',' or ')'`);
          } else if (v.tok === ',') {
            if (set.size === 0) set.add('');
            const after = peek(true);
            if (after.tok === ')') {
              set.add('');
              break;
            }
            if (after.tok === ',') {
              take(true);
              set.add('');
            }
          } else {
            fail(`found '${v.lit}', expected: ',', or identifier`);
          }
        }
        if (take(true).tok !== ')') fail(`found '${first.lit}', expected: ')'`);
      } else {
        fail(`found '${first.lit}', expected: ',', ')' or identifier`);
      }
      values = [...set].sort();
    } else {
      const v = peek(true);
      if (v.tok === 'end' || v.tok === ',') values = [''];
      else {
        take(true);
        if (v.tok !== 'id') fail(`found '${v.lit}', expected: identifier`);
        values = [v.lit];
      }
    }
    const errs: string[] = [];
    if ((op === 'gt' || op === 'lt') && !/^[-+]?\d+$/.test(values[0]!))
      errs.push(`values[0]: Invalid value: ${JSON.stringify(values[0])}: for 'Gt', 'Lt' operators, the value must be an integer`);
    values.forEach((v, i) => {
      const e = labelValueErrors(v);
      if (e.length) errs.push(`values[${i}][${key}]: Invalid value: ${JSON.stringify(v)}: ${e.join('; ')}`);
    });
    if (errs.length) fail(errs.length === 1 ? errs[0]! : `[${errs.join(', ')}]`);
    return { key, operator: op, values };
  };

  const out: LabelRequirement[] = [];
  for (;;) {
    const it = peek(true);
    if (it.tok === 'end') break;
    if (it.tok !== 'id' && it.tok !== '!') throw new SelectorSyntaxError(`found '${it.lit}', expected: !, identifier, or 'end of string'`);
    try {
      out.push(requirement());
    } catch (e) {
      if (e instanceof SelectorSyntaxError) throw new SelectorSyntaxError(`unable to parse requirement: ${e.message}`);
      throw e;
    }
    const sep = take(true);
    if (sep.tok === 'end') break;
    if (sep.tok !== ',') throw new SelectorSyntaxError(`found '${sep.lit}', expected: ',' or 'end of string'`);
    const after = peek(true);
    if (after.tok !== 'id' && after.tok !== '!') throw new SelectorSyntaxError(`found '${after.lit}', expected: identifier after ','`);
  }
  return out.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
}

export function matchesRequirement(r: LabelRequirement, labels: Labels): boolean {
  const has = labels !== undefined && Object.prototype.hasOwnProperty.call(labels, r.key);
  const value = has ? labels![r.key]! : '';
  switch (r.operator) {
    case 'in':
    case '=':
    case '==':
      return has && r.values.includes(value);
    case 'notin':
    case '!=':
      return !has || !r.values.includes(value);
    case 'exists':
      return has;
    case '!':
      return !has;
    case 'gt':
    case 'lt': {
      if (!has || !/^[-+]?\d+$/.test(value)) return false;
      const a = Number(value);
      const b = Number(r.values[0]);
      return r.operator === 'gt' ? a > b : a < b;
    }
  }
}

export type LabelSelector = (labels: Labels) => boolean;

/** Parses `labelSelector`; an empty string matches everything. Throws a 400 ApiError. */
export function parseLabelSelector(selector: string | null | undefined): LabelSelector | null {
  if (!selector) return null;
  let reqs: LabelRequirement[];
  try {
    reqs = parseLabelSelectorRequirements(selector);
  } catch (e) {
    if (e instanceof SelectorSyntaxError) throw badRequest(e.message);
    throw e;
  }
  if (reqs.length === 0) return null;
  return (labels) => reqs.every((r) => matchesRequirement(r, labels));
}

// ---------------------------------------------------------------- field selectors

export interface FieldRequirement {
  field: string;
  operator: '=' | '!=';
  value: string;
}

/** fields.ParseSelector: comma-separated `field=value`, `field==value`, `field!=value`, with `\` escapes. */
export function parseFieldSelectorRequirements(selector: string): FieldRequirement[] {
  const terms: string[] = [];
  let cur = '';
  for (let i = 0; i < selector.length; i++) {
    const ch = selector[i]!;
    if (ch === '\\' && i + 1 < selector.length) {
      cur += ch + selector[++i];
    } else if (ch === ',') {
      terms.push(cur);
      cur = '';
    } else cur += ch;
  }
  terms.push(cur);
  const out: FieldRequirement[] = [];
  for (const term of terms) {
    if (term === '') continue;
    const m = /^(.*?)(!=|==|=)(.*)$/s.exec(term);
    if (!m) throw badRequest(`invalid selector: '${selector}'; can't understand '${term}'`);
    const value = m[3]!.replace(/\\(.)/g, '$1');
    out.push({ field: m[1]!, operator: m[2] === '!=' ? '!=' : '=', value });
  }
  return out;
}

/** The field labels each kind accepts (pkg/apis/core/v1/conversion.go); the rest only metadata.*. */
const FIELD_LABELS: Record<string, string[]> = {
  Pod: ['metadata.name', 'metadata.namespace', 'spec.nodeName', 'spec.restartPolicy', 'spec.schedulerName', 'spec.serviceAccountName', 'spec.hostNetwork', 'status.phase', 'status.podIP', 'status.podIPs', 'status.nominatedNodeName'],
  Namespace: ['metadata.name', 'status.phase'],
  Node: ['metadata.name', 'spec.unschedulable'],
  Event: ['metadata.name', 'metadata.namespace', 'involvedObject.kind', 'involvedObject.namespace', 'involvedObject.name', 'involvedObject.uid', 'involvedObject.apiVersion', 'involvedObject.resourceVersion', 'involvedObject.fieldPath', 'reason', 'reportingComponent', 'source', 'type'],
  PersistentVolumeClaim: ['metadata.name', 'metadata.namespace'],
};

export type FieldGetter = (field: string) => string;
export type FieldSelector = (get: FieldGetter) => boolean;

/** Parses `fieldSelector` for a kind; unsupported labels get the real server's 400 message. */
export function parseFieldSelector(selector: string | null | undefined, kind: string, fieldLabels?: string[]): { match: FieldSelector; fields: string[] } | null {
  if (!selector) return null;
  const reqs = parseFieldSelectorRequirements(selector).map((r) => (kind === 'Pod' && r.field === 'spec.host' ? { ...r, field: 'spec.nodeName' } : r));
  if (reqs.length === 0) return null;
  const allowed = fieldLabels ?? FIELD_LABELS[kind];
  for (const r of reqs) {
    if (allowed ? !allowed.includes(r.field) : r.field !== 'metadata.name' && r.field !== 'metadata.namespace') {
      throw badRequest(allowed && kind !== 'PersistentVolumeClaim' ? `field label not supported: ${r.field}` : `"${r.field}" is not a known field selector: only "metadata.name", "metadata.namespace"`);
    }
  }
  return {
    fields: reqs.map((r) => r.field),
    match: (get) => reqs.every((r) => (get(r.field) === r.value) === (r.operator === '=')),
  };
}
