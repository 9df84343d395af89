import { Injectable, type OnModuleDestroy, type OnModuleInit } from '@nestjs/common';
import type { Server } from 'socket.io';
import type { RealtimeEvent } from '@parley/contracts';
import { EventBus } from './event-bus';
import { compareEventIds } from './event-id';

export type Sink = (event: RealtimeEvent) => void;

export const workspaceRoom = (workspaceId: string) => `ws:${workspaceId}`;

/**
 * This instance's share of the live stream: every bus event goes to its workspace's Socket.IO room
 * (one encode for all sockets) and to the other listeners (SSE streams, clients still replaying).
 */
@Injectable()
export class LiveStream implements OnModuleInit, OnModuleDestroy {
  private server?: Server;
  private readonly sinks = new Map<string, Set<Sink>>();
  private unsubscribe?: () => void;

  constructor(private readonly bus: EventBus) {}

  onModuleInit(): void {
    this.unsubscribe = this.bus.subscribe((event) => this.dispatch(event));
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
  async attach(workspaceId: string, lastEventId: string | undefined, deliver: Sink, goLive: () => void): Promise<{ resync: boolean }> {
    const buffer: RealtimeEvent[] = [];
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
      stop();
    }
    for (const event of buffer) {
      if (last && !resync && compareEventIds(event.id, last) <= 0) continue;
      deliver(event);
      last = event.id;
    }
    goLive();
    return { resync };
  }

  private dispatch(event: RealtimeEvent): void {
    this.server?.to(workspaceRoom(event.workspaceId)).emit('event', event);
    const sinks = this.sinks.get(event.workspaceId);
    if (sinks) for (const sink of [...sinks]) sink(event);
  }
}
