// The embedded cluster's own certificate authority: one ECDSA P-256 CA that signs the
// serving certificate (IP SAN 127.0.0.1, DNS localhost) and one client certificate per
// identity (CN = user, O = groups, as kube-apiserver reads them). Kept in a state directory
// so a restart reuses the CA and kubeconfigs stay valid; anything missing, expired or for
// other hosts is minted again.

import crypto from 'node:crypto';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import * as der from './der';

export interface Identity {
  /** Context and file name in the kubeconfig, e.g. "admin". */
  name: string;
  /** The user name the server sees (certificate CN). */
  user: string;
  /** Groups (certificate O values). */
  groups: string[];
}

export const DEFAULT_IDENTITIES: readonly Identity[] = [
  { name: 'admin', user: 'sim-admin', groups: ['system:masters'] },
  { name: 'restricted', user: 'restricted-user', groups: [] },
];

export interface KeyPairPem {
  certPem: string;
  keyPem: string;
}

export interface ClusterPki {
  ca: KeyPairPem;
  serving: KeyPairPem;
  clients: Map<string, KeyPairPem & { identity: Identity }>;
}

export interface PkiOptions {
  /** Where to keep the PEM files; omitted: in memory only (a fresh CA per start). */
  dir?: string;
  hosts?: { ips: string[]; dnsNames: string[] };
  identities?: readonly Identity[];
  now?: () => number;
}

const OID = {
  ecPublicKey: '1.2.840.10045.2.1',
  ecdsaWithSha256: '1.2.840.10045.4.3.2',
  commonName: '2.5.4.3',
  organization: '2.5.4.10',
  subjectKeyId: '2.5.29.14',
  keyUsage: '2.5.29.15',
  subjectAltName: '2.5.29.17',
  basicConstraints: '2.5.29.19',
  authorityKeyId: '2.5.29.35',
  extKeyUsage: '2.5.29.37',
  serverAuth: '1.3.6.1.5.5.7.3.1',
  clientAuth: '1.3.6.1.5.5.7.3.2',
};

const DAY_MS = 86_400_000;
const CA_DAYS = 3650;
const LEAF_DAYS = 365;
/** Reissue when less than this remains, so a long test run never meets an expiry. */
const RENEW_BEFORE_MS = 7 * DAY_MS;

interface CertSpec {
  subject: { cn: string; o?: string[] };
  publicKey: crypto.KeyObject;
  issuer: { cn: string; key: crypto.KeyObject; publicKey: crypto.KeyObject };
  days: number;
  now: number;
  isCa?: boolean;
  extKeyUsage?: string[];
  san?: { ips: string[]; dnsNames: string[] };
}

function encodeName(name: { cn: string; o?: string[] }): Buffer {
  // O before CN, like openssl's "/O=system:masters/CN=admin"; one RDN per value.
  const rdns = (name.o ?? []).map((o) => der.set(der.sequence(der.objectIdentifier(OID.organization), der.utf8String(o))));
  rdns.push(der.set(der.sequence(der.objectIdentifier(OID.commonName), der.utf8String(name.cn))));
  return der.sequence(...rdns);
}

function keyId(publicKey: crypto.KeyObject): Buffer {
  return crypto.createHash('sha1').update(publicKey.export({ type: 'spki', format: 'der' })).digest();
}

function extension(oid: string, critical: boolean, value: Buffer): Buffer {
  return der.sequence(der.objectIdentifier(oid), ...(critical ? [der.booleanTrue()] : []), der.octetString(value));
}

function ipBytes(ip: string): Buffer {
  if (net.isIPv4(ip)) return Buffer.from(ip.split('.').map(Number));
  // IPv6: expand "::" and write 8 groups of 16 bits.
  const [head, tail] = ip.split('::') as [string, string | undefined];
  const h = head ? head.split(':') : [];
  const t = tail ? tail.split(':') : [];
  const groups = [...h, ...Array(8 - h.length - t.length).fill('0'), ...t];
  const buf = Buffer.alloc(16);
  groups.forEach((g, i) => buf.writeUInt16BE(parseInt(g || '0', 16), i * 2));
  return buf;
}

function issueCertificate(spec: CertSpec): string {
  const sigAlg = der.sequence(der.objectIdentifier(OID.ecdsaWithSha256));
  const serial = crypto.randomBytes(16);
  serial[0]! &= 0x7f;
  serial[0]! |= 0x01;
  // Backdate an hour: clocks of test machines and containers drift.
  const notBefore = new Date(spec.now - 3_600_000);
  const notAfter = new Date(spec.now + spec.days * DAY_MS);
  const extensions = [
    extension(OID.basicConstraints, true, spec.isCa ? der.sequence(der.booleanTrue()) : der.sequence()),
    // keyUsage: digitalSignature(0), plus keyCertSign(5) and cRLSign(6) for the CA.
    extension(OID.keyUsage, true, der.namedBits(spec.isCa ? [0, 5, 6] : [0])),
    extension(OID.subjectKeyId, false, der.octetString(keyId(spec.publicKey))),
  ];
  if (!spec.isCa) {
    extensions.push(extension(OID.authorityKeyId, false, der.sequence(der.implicitPrimitive(0, keyId(spec.issuer.publicKey)))));
  }
  if (spec.extKeyUsage) extensions.push(extension(OID.extKeyUsage, false, der.sequence(...spec.extKeyUsage.map(der.objectIdentifier))));
  if (spec.san) {
    const names = [
      ...spec.san.dnsNames.map((d) => der.implicitPrimitive(2, Buffer.from(d, 'ascii'))),
      ...spec.san.ips.map((ip) => der.implicitPrimitive(7, ipBytes(ip))),
    ];
    extensions.push(extension(OID.subjectAltName, false, der.sequence(...names)));
  }
  const tbs = der.sequence(
    der.explicit(0, der.smallInteger(2)), // v3
    der.unsignedInteger(serial),
    sigAlg,
    encodeName({ cn: spec.issuer.cn }),
    der.sequence(der.time(notBefore), der.time(notAfter)),
    encodeName(spec.subject),
    spec.publicKey.export({ type: 'spki', format: 'der' }),
    der.explicit(3, der.sequence(...extensions)),
  );
  // crypto.sign gives the DER (r, s) form X.509 expects for ECDSA.
  const signature = crypto.sign('sha256', tbs, spec.issuer.key);
  const cert = der.sequence(tbs, sigAlg, der.bitString(signature));
  const b64 = cert.toString('base64').replace(/(.{64})/g, '$1\n').trimEnd();
  return `-----BEGIN CERTIFICATE-----\n${b64}\n-----END CERTIFICATE-----\n`;
}

function newKey(): { privateKey: crypto.KeyObject; publicKey: crypto.KeyObject; keyPem: string } {
  const { privateKey, publicKey } = crypto.generateKeyPairSync('ec', { namedCurve: 'P-256' });
  // SEC1 ("EC PRIVATE KEY") is what kubeconfigs usually carry; Go, Node and kubectl all read it.
  return { privateKey, publicKey, keyPem: privateKey.export({ type: 'sec1', format: 'pem' }).toString() };
}

const CA_CN = 'spark-sim-ca';

function readPair(dir: string | undefined, base: string): KeyPairPem | null {
  if (!dir) return null;
  try {
    return { certPem: fs.readFileSync(path.join(dir, `${base}.crt`), 'utf8'), keyPem: fs.readFileSync(path.join(dir, `${base}.key`), 'utf8') };
  } catch {
    return null;
  }
}

function writePair(dir: string | undefined, base: string, pair: KeyPairPem): void {
  if (!dir) return;
  fs.writeFileSync(path.join(dir, `${base}.crt`), pair.certPem);
  fs.writeFileSync(path.join(dir, `${base}.key`), pair.keyPem, { mode: 0o600 });
}

/** A stored leaf is reused only if the current CA signed it, it is fresh, and it says what we need. */
function stillGood(pair: KeyPairPem | null, ca: crypto.X509Certificate, now: number, check: (c: crypto.X509Certificate) => boolean): boolean {
  if (!pair) return false;
  try {
    const cert = new crypto.X509Certificate(pair.certPem);
    const key = crypto.createPrivateKey(pair.keyPem);
    return cert.verify(ca.publicKey) && cert.checkPrivateKey(key) && Date.parse(cert.validTo) - now > RENEW_BEFORE_MS && check(cert);
  } catch {
    return false;
  }
}

/**
 * Loads the PKI from `options.dir`, minting whatever is missing, expired or stale. Without a
 * dir everything lives in memory. Synchronous: it runs once at start, before listening.
 */
export function loadOrCreatePki(options: PkiOptions = {}): ClusterPki {
  const now = (options.now ?? Date.now)();
  const dir = options.dir;
  if (dir) fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
  const hosts = options.hosts ?? { ips: ['127.0.0.1'], dnsNames: ['localhost'] };
  const identities = options.identities ?? DEFAULT_IDENTITIES;

  let ca = readPair(dir, 'ca');
  let caFresh = false;
  try {
    if (ca) {
      const caCert = new crypto.X509Certificate(ca.certPem);
      caFresh = caCert.ca && caCert.checkPrivateKey(crypto.createPrivateKey(ca.keyPem)) && Date.parse(caCert.validTo) - now > RENEW_BEFORE_MS;
    }
  } catch {
    caFresh = false;
  }
  if (!ca || !caFresh) {
    const k = newKey();
    ca = { keyPem: k.keyPem, certPem: issueCertificate({ subject: { cn: CA_CN }, publicKey: k.publicKey, issuer: { cn: CA_CN, key: k.privateKey, publicKey: k.publicKey }, days: CA_DAYS, now, isCa: true }) };
    writePair(dir, 'ca', ca);
  }
  const caCert = new crypto.X509Certificate(ca.certPem);
  const caKey = crypto.createPrivateKey(ca.keyPem);
  const issuer = { cn: caCert.subject.split('\n').find((l) => l.startsWith('CN='))?.slice(3) ?? CA_CN, key: caKey, publicKey: caCert.publicKey };

  const leaf = (base: string, subject: { cn: string; o?: string[] }, extKeyUsage: string, san: CertSpec['san'], check: (c: crypto.X509Certificate) => boolean): KeyPairPem => {
    const stored = readPair(dir, base);
    if (stored && stillGood(stored, caCert, now, check)) return stored;
    const k = newKey();
    const pair = { keyPem: k.keyPem, certPem: issueCertificate({ subject, publicKey: k.publicKey, issuer, days: LEAF_DAYS, now, extKeyUsage: [extKeyUsage], san }) };
    writePair(dir, base, pair);
    return pair;
  };

  const serving = leaf('apiserver', { cn: 'kube-apiserver' }, OID.serverAuth, hosts, (c) =>
    hosts.ips.every((ip) => c.checkIP(ip) !== undefined) && hosts.dnsNames.every((d) => c.checkHost(d) !== undefined),
  );
  const clients = new Map<string, KeyPairPem & { identity: Identity }>();
  for (const identity of identities) {
    const wanted = subjectText({ cn: identity.user, o: identity.groups });
    const pair = leaf(`client-${identity.name}`, { cn: identity.user, o: identity.groups }, OID.clientAuth, undefined, (c) => c.subject === wanted);
    clients.set(identity.name, { ...pair, identity });
  }
  return { ca, serving, clients };
}

/** How crypto.X509Certificate#subject prints a name we encoded (O lines first, then CN). */
function subjectText(name: { cn: string; o?: string[] }): string {
  return [...(name.o ?? []).map((o) => `O=${o}`), `CN=${name.cn}`].join('\n');
}
