import { describe, expect, it } from 'vitest';
import { loadConfig } from '../server/config';
import { parseSimArguments } from './simArguments';

describe('parseSimArguments', () => {
  it('leaves every setting to the settings table when there is no target (npm run sim -- --sim-port 3443)', () => {
    const a = parseSimArguments(['--sim-port', '3443']);
    expect(a).toEqual({ noWorkload: false, target: undefined, settings: ['--sim-port', '3443'] });
    expect(loadConfig(a.settings, {}).simPort).toBe(3443);
  });

  it('takes out its own arguments wherever they are', () => {
    expect(parseSimArguments(['--sim-seed', '4', '--target-kubeconfig', 'k.yaml', '--no-workload', '--sim-churn', '2'])).toEqual({
      noWorkload: true, target: 'k.yaml', settings: ['--sim-seed', '4', '--sim-churn', '2'],
    });
  });

  it('says when the target has no file', () => {
    expect(() => parseSimArguments(['--target-kubeconfig'])).toThrow(/needs the path/);
    expect(() => parseSimArguments(['--target-kubeconfig', '--no-workload'])).toThrow(/needs the path/);
  });
});
