// The YAML emitter: quoting, layout in kubectl's style, comments.

import { describe, expect, it } from 'vitest';
import { commented, toYaml, yamlScalar } from './yaml';

describe('yamlScalar', () => {
  it('leaves plain names plain', () => {
    for (const s of ['pods', 'rbac.authorization.k8s.io/v1', 'system:serviceaccount:team-a:spark', 'spark-driver', '/metrics', 'v1']) expect(yamlScalar(s)).toBe(s);
  });
  it('quotes whatever a YAML reader could take for something else', () => {
    expect(yamlScalar('')).toBe('""');
    expect(yamlScalar('*')).toBe('"*"');
    expect(yamlScalar('*/status')).toBe('"*/status"');
    for (const s of ['true', 'False', 'yes', 'no', 'on', 'off', 'y', 'N', 'null', '~']) expect(yamlScalar(s)).toBe(JSON.stringify(s));
    for (const s of ['1', '1.5', '-3', '0x1f', '1e3', '12:30', '.5']) expect(yamlScalar(s)).toBe(JSON.stringify(s));
    for (const s of ['a b', 'key: value', '#comment', '- item', 'ends:', 'quote"d', '&anchor', '!tag', '@x', '{a}', '[a]']) expect(yamlScalar(s)).toBe(JSON.stringify(s));
  });
  it('writes numbers, booleans and null as such', () => {
    expect(yamlScalar(3)).toBe('3');
    expect(yamlScalar(false)).toBe('false');
    expect(yamlScalar(null)).toBe('null');
  });
});

describe('toYaml', () => {
  it('writes maps in insertion order and sequences in kubectl\'s style', () => {
    expect(toYaml({ kind: 'Role', metadata: { name: 'x', labels: { a: 'b' } }, rules: [{ apiGroups: [''], verbs: ['get', 'list'] }], empty: [], none: {} })).toBe(
      [
        'kind: Role',
        'metadata:',
        '  name: x',
        '  labels:',
        '    a: b',
        'rules:',
        '- apiGroups:',
        '  - ""',
        '  verbs:',
        '  - get',
        '  - list',
        'empty: []',
        'none: {}',
        '',
      ].join('\n'),
    );
  });

  it('puts comments above entries and sequence items', () => {
    expect(toYaml({ rules: [commented(['why one', ''], { verbs: ['get'] }), { verbs: [commented(['why get'], 'get')] }], top: commented(['top'], 1) })).toBe(
      ['rules:', '# why one', '#', '- verbs:', '  - get', '- verbs:', '  # why get', '  - get', '# top', 'top: 1', ''].join('\n'),
    );
  });

  it('keeps comments of a sequence item\'s first entry above its dash', () => {
    expect(toYaml([{ a: commented(['about a'], 'x'), b: 'z' }])).toBe(['# about a', '- a: x', '  b: z', ''].join('\n'));
  });

  it('writes nested sequences', () => {
    expect(toYaml({ m: [['a', 'b'], ['c']] })).toBe(['m:', '- - a', '  - b', '- - c', ''].join('\n'));
  });
});
