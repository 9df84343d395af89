import { Controller, Get, Headers, Query, Req, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiHeader, ApiQuery, ApiTags } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { type BusFrame, frameFor } from './bus-frame';
import { CurrentPrincipal, type Principal } from '../auth/principal';
import { LiveStream } from './live-stream';

/** Comments every so often keep proxies and load balancers from closing an idle stream. */
export const SSE_HEARTBEAT_MS = 15_000;

/**
 * Server-Sent Events: the same frames as the socket gateway, each with an `id:` line, so a browser's
 * EventSource resumes with `Last-Event-ID` by itself after a drop.
 */
@ApiTags('realtime')
@ApiBearerAuth()
@Controller('events')
export class EventsController {
  constructor(private readonly live: LiveStream) {}

  @Get()
  @ApiHeader({ name: 'Last-Event-ID', required: false, description: 'Replay every event after this id first' })
  @ApiQuery({ name: 'lastEventId', required: false, description: 'Same as the Last-Event-ID header' })
  @ApiQuery({ name: 'access_token', required: false, description: 'For EventSource, which cannot send an Authorization header' })
  async stream(
    @CurrentPrincipal() p: Principal,
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
    @Headers('last-event-id') lastEventIdHeader?: string,
    @Query('lastEventId') lastEventIdQuery?: string,
  ): Promise<void> {
    reply.hijack();
    const raw = reply.raw;
    raw.writeHead(200, {
      'content-type': 'text/event-stream; charset=utf-8',
      'cache-control': 'no-cache, no-transform',
      connection: 'keep-alive',
      // nginx: do not buffer the stream.
      'x-accel-buffering': 'no',
    });
    raw.write('retry: 3000\n\n');
    const write = (event: BusFrame) => raw.write(`id: ${event.id}\ndata: ${JSON.stringify(frameFor(event, p.id))}\n\n`);
    let stop: (() => void) | undefined;
    let closed = false;
    const heartbeat = setInterval(() => raw.write(': heartbeat\n\n'), SSE_HEARTBEAT_MS);
    request.raw.on('close', () => {
      closed = true;
      clearInterval(heartbeat);
      stop?.();
    });
    const { resync } = await this.live.attach(p.workspaceId, lastEventIdHeader || lastEventIdQuery || undefined, write, () => {
      if (!closed) stop = this.live.listen(p.workspaceId, write);
    });
    if (resync && !closed) raw.write(`event: resync\ndata: ${JSON.stringify(resync)}\n\n`);
  }
}
