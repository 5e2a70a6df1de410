import { Decoder, Encoder, PacketType, type Packet } from 'socket.io-parser';
import { describe, expect, it } from 'vitest';
import { TextPacketEncoder } from './textPacketEncoder';

const packets: Packet[] = [
  { type: PacketType.CONNECT, nsp: '/', data: { sid: 'abc' } },
  { type: PacketType.CONNECT, nsp: '/admin' },
  { type: PacketType.DISCONNECT, nsp: '/' },
  { type: PacketType.EVENT, nsp: '/', data: ['diff', { scope: 'overview', seq: 7, rows: [[1, 'running', null], { k: 2, tricky: '"},[\\\u2028' }] }] },
  { type: PacketType.EVENT, nsp: '/', id: 12, data: ['snapshot', { state: { seq: 1, rows: [] } }] },
  { type: PacketType.EVENT, nsp: '/admin', id: 0, data: ['health', { ready: true }] },
  { type: PacketType.ACK, nsp: '/', id: 3, data: [] },
  { type: PacketType.CONNECT_ERROR, nsp: '/', data: { message: 'Not signed in', data: { reason: 'unauthenticated' } } },
];

function decode(text: string): Packet {
  const decoder = new Decoder();
  let out: Packet | null = null;
  decoder.on('decoded', (p: Packet) => { out = p; });
  decoder.add(text);
  return out!;
}

describe('TextPacketEncoder', () => {
  it('writes each packet exactly as socket.io\'s own encoder writes a packet without binary', () => {
    for (const p of packets) expect(new TextPacketEncoder().encode(p)).toEqual(new Encoder().encode(p));
  });

  it('what it writes, socket.io\'s decoder reads back as the same packet', () => {
    for (const p of packets) {
      const back = decode(new TextPacketEncoder().encode(p)[0]);
      expect(back.type).toBe(p.type);
      expect(back.nsp).toBe(p.nsp);
      expect(back.id).toBe(p.id);
      expect(back.data).toEqual(p.data);
    }
  });
});
