// CustomResourceDefinitions kept in the cluster's stateDir, so a restarted embedded cluster
// serves the same APIs again (as a real cluster's etcd keeps them). Only the definitions are
// kept: like every other object of the embedded cluster, custom resources start over.

import fs from 'node:fs';
import path from 'node:path';
import type { KubeObject } from './storedObject';

const FILE = 'customresourcedefinitions.json';

export function loadDefinitions(stateDir: string): KubeObject[] {
  const file = path.join(stateDir, FILE);
  if (!fs.existsSync(file)) return [];
  const parsed = JSON.parse(fs.readFileSync(file, 'utf8')) as unknown;
  if (!Array.isArray(parsed)) throw new Error(`${file}: expected a JSON array of CustomResourceDefinitions`);
  return parsed as KubeObject[];
}

/** Writes the whole set (a few small objects) through a temporary file, so a crash never leaves half of it. */
export function saveDefinitions(stateDir: string, definitions: KubeObject[]): void {
  fs.mkdirSync(stateDir, { recursive: true });
  const file = path.join(stateDir, FILE);
  fs.writeFileSync(`${file}.tmp`, JSON.stringify(definitions));
  fs.renameSync(`${file}.tmp`, file);
}
