// The simulated nodes pods are scheduled onto (EKS-style names, ip-10-0-3-17.ec2.internal),
// their pod IPs, and stable image digests. Nodes exist only as names: the simulator never
// creates Node objects, and the binding subresource does not ask for them.

import { createPrng, type Prng } from './prng';

export interface SimNode {
  name: string;
  ip: string;
  nextPodOctet: number;
}

export interface NodePool {
  readonly nodes: readonly SimNode[];
  pick(rng: Prng): SimNode;
  podIP(node: SimNode): string;
  imageID(image: string): string;
}

export function createNodePool(seed: number, count: number): NodePool {
  const rng = createPrng(seed ^ 0x5eed);
  const nodes: SimNode[] = [];
  const used = new Set<string>();
  while (nodes.length < count) {
    const ip = `10.0.${rng.int(0, 15) * 16 + rng.int(1, 3)}.${rng.int(4, 250)}`;
    if (used.has(ip)) continue;
    used.add(ip);
    nodes.push({ name: `ip-${ip.replace(/\./g, '-')}.ec2.internal`, ip, nextPodOctet: rng.int(0, 200) });
  }
  const digests = new Map<string, string>();
  return {
    nodes,
    pick: (r) => r.pick(nodes),
    podIP(node) {
      // Pods share their node's /24 as with the AWS VPC CNI; the last octet cycles.
      node.nextPodOctet = (node.nextPodOctet + 1) % 250;
      const [a, b, c] = node.ip.split('.');
      return `${a}.${b}.${c}.${node.nextPodOctet + 4}`;
    },
    imageID(image) {
      let digest = digests.get(image);
      if (!digest) {
        let h = 0x811c9dc5;
        for (let i = 0; i < image.length; i++) h = Math.imul(h ^ image.charCodeAt(i), 0x01000193) >>> 0;
        digest = createPrng(h ^ seed).hex(64);
        if (digests.size > 1000) digests.clear();
        digests.set(image, digest);
      }
      const repo = image.replace(/:[^/:]+$/, '');
      const qualified = repo.includes('.') && repo.split('/')[0]!.includes('.') ? repo : `docker.io/${repo.includes('/') ? repo : `library/${repo}`}`;
      return `${qualified}@sha256:${digest}`;
    },
  };
}
