import { Injectable, Logger, type OnModuleDestroy, type OnModuleInit } from '@nestjs/common';
import type { Server } from 'socket.io';
import type { ResyncNotice } from '@parley/contracts';
import type { BusFrame } from './bus-frame';
import { EventBus } from './event-bus';
import { compareEventIds } from './event-id';
import { broadcastEvents } from './room-broadcast';

export type Sink = (event: BusFrame) => void;

export const workspaceRoom = (workspaceId: string) => `ws:${workspaceId}`;

/**
 * This instance's share of the live stream: every bus event goes to its workspace's Socket.IO room
 * (one encode for all sockets) and to the other listeners (SSE streams, clients still replaying).
 */
@Injectable()
export class LiveStream implements OnModuleInit, OnModuleDestroy {
  private readonly logger = new Logger(LiveStream.name);
  private server?: Server;
  private readonly sinks = new Map<string, Set<Sink>>();
  /** The newest event dispatched per workspace, to catch up from after the bus connection drops. */
  private readonly lastDispatched = new Map<string, string>();
  /** While catching up, live events wait here so everything still goes out in id order. */
  private held: BusFrame[] | null = null;
  /** Received, not yet dispatched: they go out together on the next turn of the event loop (see `enqueue`). */
  private readonly queued: BusFrame[] = [];
  private scheduled = false;
  private unsubscribe?: () => void;

  constructor(private readonly bus: EventBus) {}

  onModuleInit(): void {
    this.unsubscribe = this.bus.subscribe(
      (event) => (this.held ? this.held.push(event) : this.enqueue(event)),
      () => void this.catchUp(),
    );
  }

  onModuleDestroy(): void {
    this.unsubscribe?.();
  }

  /** Set by the gateway once Socket.IO is up. */
  useServer(server: Server): void {
    this.server = server;
  }

  listen(workspaceId: string, sink: Sink): () => void {
    let set = this.sinks.get(workspaceId);
    if (!set) this.sinks.set(workspaceId, (set = new Set()));
    set.add(sink);
    return () => {
      set.delete(sink);
      if (!set.size) this.sinks.delete(workspaceId);
    };
  }

  /**
   * Replays what came after `lastEventId`, then hands over to live delivery (`goLive`) with no gap
   * and no duplicate: live events are buffered from before the replay starts, and the buffer is
   * flushed and `goLive` called in one synchronous step, so nothing can arrive in between.
   */
  async attach(workspaceId: string, lastEventId: string | undefined, deliver: Sink, goLive: () => void): Promise<{ resync: ResyncNotice | null }> {
    const buffer: BusFrame[] = [];
    const stop = this.listen(workspaceId, (e) => buffer.push(e));
    let resync = false;
    let last = lastEventId;
    try {
      if (lastEventId) {
        const replay = await this.bus.replay(workspaceId, lastEventId);
        if (replay.resync) resync = true;
        else
          for (const event of replay.events) {
            deliver(event);
            last = event.id;
          }
      }
    } finally {
      // Everything received so far reaches the buffer; from here to goLive nothing else can arrive.
      this.dispatchQueued();
      stop();
    }
    for (const event of buffer) {
      if (last && !resync && compareEventIds(event.id, last) <= 0) continue;
      deliver(event);
      last = event.id;
    }
    goLive();
    if (!resync) return { resync: null };
    return {
      resync: {
        reason: 'lastEventId is older than the retained events; refetch and continue from lastEventId',
        lastEventId: await this.bus.lastId(workspaceId),
      },
    };
  }

  /** Replays, for every workspace this instance served, what was published while the bus was unreachable. */
  private async catchUp(): Promise<void> {
    if (this.held) return;
    this.dispatchQueued();
    this.held = [];
    try {
      for (const [workspaceId, after] of [...this.lastDispatched]) {
        const replay = await this.bus.replay(workspaceId, after).catch((err: Error) => {
          this.logger.warn(`realtime catch-up of workspace ${workspaceId} failed: ${err.message}`);
          return { resync: true } as const;
        });
        if (!replay.resync) this.dispatch(replay.events);
        // What was missed cannot be replayed: the workspace's sockets refetch instead of silently lacking it.
        else
          this.server?.to(workspaceRoom(workspaceId)).emit('resync', {
            reason: 'events were missed while the bus was unreachable; refetch and continue from lastEventId',
            lastEventId: after,
          } satisfies ResyncNotice);
      }
    } finally {
      const held = this.held;
      this.held = null;
      this.dispatch(held);
    }
  }

  /**
   * Events arrive together (a transaction's events are appended in one script, so one Redis read
   * brings them all). Waiting for the next turn of the event loop collects them, and each socket then
   * gets them in one write (`broadcastEvents`) instead of one per event; with one write per event, the
   * second found every socket still busy with the first and engine.io sent it from its drain callbacks.
   */
  private enqueue(event: BusFrame): void {
    this.queued.push(event);
    if (this.scheduled) return;
    this.scheduled = true;
    setImmediate(() => {
      this.scheduled = false;
      this.dispatchQueued();
    });
  }

  private dispatchQueued(): void {
    if (this.queued.length) this.dispatch(this.queued.splice(0));
  }

  /** Broadcasts per workspace, in order; every event also goes to the workspace's other listeners. */
  private dispatch(events: BusFrame[]): void {
    const byWorkspace = new Map<string, BusFrame[]>();
    for (const event of events) {
      const last = this.lastDispatched.get(event.workspaceId);
      // After a catch-up, a live frame may repeat one already replayed.
      if (last && compareEventIds(event.id, last) <= 0) continue;
      this.lastDispatched.set(event.workspaceId, event.id);
      const batch = byWorkspace.get(event.workspaceId);
      if (batch) batch.push(event);
      else byWorkspace.set(event.workspaceId, [event]);
    }
    for (const [workspaceId, batch] of byWorkspace) {
      if (this.server) broadcastEvents(this.server, workspaceRoom(workspaceId), batch);
      const sinks = this.sinks.get(workspaceId);
      if (sinks) for (const sink of [...sinks]) for (const event of batch) sink(event);
    }
  }
}
