import type { Server, Socket } from 'socket.io';
import { PacketType } from 'socket.io-parser';
import WebSocket from 'ws';
import type { RealtimeEvent } from '@parley/contracts';
import { type BusFrame, frameFor, isPersonal } from './bus-frame';

type FrameOptions = { readOnly: boolean; mask: boolean; rsv1: boolean; opcode: number; fin: boolean };
/** ws's frame encoder, the one Socket.IO's adapter pre-encodes a broadcast with (@types/ws omits it). */
const { Sender } = WebSocket as unknown as { Sender: { frame(data: Buffer, options: FrameOptions): Buffer[] } };
const TEXT_FRAME: FrameOptions = { readOnly: false, mask: false, rsv1: false, opcode: 1, fin: true };
/** The Engine.IO packet type of a message, which prefixes every Socket.IO packet on the wire. */
const ENGINE_MESSAGE = '4';
/** At most this many events share one socket write. */
const MAX_BATCH = 64;

/** What engine.io's websocket transport checks before it writes a pre-encoded frame as is. */
interface FrameWriter {
  name: string;
  perMessageDeflate?: unknown;
  socket?: { _sender?: { sendFrame?: unknown } };
}

function writesFrames(socket: Socket): boolean {
  const transport = socket.conn.transport as unknown as FrameWriter;
  return transport.name === 'websocket' && !transport.perMessageDeflate && typeof transport.socket?._sender?.sendFrame === 'function';
}

/**
 * Sends `events` as `event` frames, in order, to every socket in `room`. Each event is still its own
 * WebSocket message, as with `emit`, but a socket gets up to MAX_BATCH of them in one engine.io packet and one
 * socket write: a change's events (the change and its timeline entry) cost each socket one write, not
 * one per event, and its client one read. The frames are encoded once for the whole room, as Socket.IO's
 * own broadcast does for a single frame (`wsPreEncodedFrame`). A socket still on HTTP long-polling
 * gets them one `emit` at a time.
 */
export function broadcastEvents(server: Server, room: string, events: BusFrame[]): void {
  for (let i = 0; i < events.length; i += MAX_BATCH) writeBatch(server, room, events.slice(i, i + MAX_BATCH));
}

interface Encoded {
  frames: RealtimeEvent[];
  first: string;
  options: Parameters<Socket['conn']['write']>[1];
}

function encode(server: Server, frames: RealtimeEvent[]): Encoded {
  const packets = frames.map((event) => server.encoder.encode({ type: PacketType.EVENT, nsp: '/', data: ['event', event] })[0] as string);
  const bytes = Buffer.concat(packets.flatMap((packet) => Sender.frame(Buffer.from(ENGINE_MESSAGE + packet), TEXT_FRAME)));
  // The packet's data is never sent as such: the websocket transport writes `wsPreEncodedFrame` instead.
  return { frames, first: packets[0], options: { wsPreEncodedFrame: [bytes] } as Parameters<Socket['conn']['write']>[1] };
}

/**
 * Most batches are the same for every socket: encoded once. A card whose `unread` some users see
 * otherwise (their read markers) is encoded once more for each such user with a socket here.
 */
function writeBatch(server: Server, room: string, events: BusFrame[]): void {
  const personal = events.some(isPersonal);
  if (events.length === 1 && !personal) {
    server.to(room).emit('event', events[0]);
    return;
  }
  const namespace = server.sockets;
  const ids = namespace.adapter.rooms.get(room);
  if (!ids?.size) return;
  const common = encode(
    server,
    events.map((e) => frameFor(e, '')),
  );
  const readers = new Set(personal ? events.flatMap((e) => Object.keys(e.unreadFor ?? {})) : []);
  const perUser = new Map<string, Encoded>();
  for (const id of ids) {
    const socket = namespace.sockets.get(id);
    if (!socket) continue;
    const userId = (socket.data as { principal?: { id: string } }).principal?.id;
    let batch = common;
    if (userId && readers.has(userId)) {
      batch =
        perUser.get(userId) ??
        encode(
          server,
          events.map((e) => frameFor(e, userId)),
        );
      perUser.set(userId, batch);
    }
    if (writesFrames(socket)) socket.conn.write(batch.first, batch.options);
    else for (const event of batch.frames) socket.emit('event', event);
  }
}
