/** One Server-Sent Event; `partial` events are the ones a slow reader loses first. */
export interface CaptionEvent {
  readonly event: 'caption' | 'ended' | 'revoked';
  readonly data: unknown;
  /** A partial caption: replaced by the next one of the same `seq`, and dropped first when the reader is slow. */
  readonly partialSeq?: number;
}

/** Options of {@link CaptionEventStream}. */
export interface CaptionEventStreamOptions {
  /** Events held for a reader that does not keep up; past it partials are dropped, then the reader is cut off (default 64). */
  readonly maxQueued?: number;
  /** Interval of the `: heartbeat` comments that keep proxies and idle timeouts from closing a quiet stream (default 15 s). */
  readonly heartbeatMs?: number;
  /**
   * Called once when the stream ends, however it ends: the reader left (`cancelled`), {@link CaptionEventStream.close}
   * (`closed`), or cut off for not keeping up (`slow`: the stream ends at once, without what was queued; the caller
   * should drop the connection).
   */
  readonly onClose?: (reason: 'closed' | 'cancelled' | 'slow') => void;
}

const encoder = new TextEncoder();
// a caption goes to every viewer of its session as the same object: encoded once, whatever the number of viewers
const encodedCaptions = new WeakMap<object, Uint8Array>();

function encode(event: CaptionEvent): Uint8Array {
  const shared = event.event === 'caption' && typeof event.data === 'object' && event.data !== null;
  const cached = shared ? encodedCaptions.get(event.data as object) : undefined;
  if (cached !== undefined) return cached;
  const bytes = encoder.encode(`event: ${event.event}\ndata: ${JSON.stringify(event.data)}\n\n`);
  if (shared) encodedCaptions.set(event.data as object, bytes);
  return bytes;
}

/**
 * A viewer's `text/event-stream` with a bounded buffer. Events are handed to the response only as fast as the client
 * reads them (the stream is pulled, and the HTTP layer stops pulling while the socket is backed up); meanwhile they
 * wait in a queue of at most `maxQueued`. A newer partial of the same caption replaces a queued one; a full queue
 * first loses its partials, and when finals alone still fill it the reader is cut off (it reconnects and reads the
 * session's recent finals). Server memory per viewer is therefore bounded whatever the client does.
 *
 * @example
 * const events = new CaptionEventStream({ onClose: unsubscribe });
 * events.send({ event: 'caption', data: caption, ...(!caption.final && { partialSeq: caption.seq }) });
 * return new Response(events.stream, { headers: { 'content-type': 'text/event-stream' } });
 */
export class CaptionEventStream {
  readonly stream: ReadableStream<Uint8Array>;
  readonly #maxQueued: number;
  readonly #onClose: ((reason: 'closed' | 'cancelled' | 'slow') => void) | undefined;
  readonly #queue: Array<{ bytes: Uint8Array; partialSeq?: number | undefined; heartbeat?: true }> = [];
  readonly #heartbeat: NodeJS.Timeout;
  #controller!: ReadableStreamDefaultController<Uint8Array>;
  #wanted = false;
  #closed = false;
  #dropped = 0;

  constructor(options: CaptionEventStreamOptions = {}) {
    this.#maxQueued = options.maxQueued ?? 64;
    this.#onClose = options.onClose;
    this.stream = new ReadableStream<Uint8Array>(
      {
        start: (controller) => {
          this.#controller = controller;
        },
        pull: () => {
          const next = this.#queue.shift();
          if (next === undefined) this.#wanted = true;
          else this.#controller.enqueue(next.bytes);
        },
        cancel: () => this.#end('cancelled'),
      },
      { highWaterMark: 0 },
    );
    // the client's EventSource waits this long before reconnecting after a drop
    this.#push({ bytes: encoder.encode('retry: 2000\n\n') });
    this.#heartbeat = setInterval(() => {
      // one pending heartbeat is enough
      if (!this.#queue.some((item) => item.heartbeat)) this.#push({ bytes: encoder.encode(': heartbeat\n\n'), heartbeat: true });
    }, options.heartbeatMs ?? 15_000);
    this.#heartbeat.unref();
  }

  /** Partial captions dropped because the reader was slow. */
  get dropped(): number {
    return this.#dropped;
  }

  get closed(): boolean {
    return this.#closed;
  }

  /** Queues (or hands over) one event. */
  send(event: CaptionEvent): void {
    if (this.#closed) return;
    const bytes = encode(event);
    if (event.partialSeq !== undefined) {
      const queued = this.#queue.findIndex((item) => item.partialSeq === event.partialSeq);
      if (queued >= 0) {
        this.#queue[queued] = { bytes, partialSeq: event.partialSeq };
        this.#dropped += 1;
        return;
      }
    }
    this.#push({ bytes, partialSeq: event.partialSeq });
  }

  /** Sends `last` (if given) as the stream's final event and ends it. */
  close(last?: CaptionEvent): void {
    if (this.#closed) return;
    if (last !== undefined) this.send(last);
    // what is queued still goes out, then the stream ends
    for (const item of this.#queue.splice(0)) this.#controller.enqueue(item.bytes);
    this.#controller.close();
    this.#end('closed');
  }

  #push(item: { bytes: Uint8Array; partialSeq?: number | undefined; heartbeat?: true }): void {
    if (this.#wanted && this.#queue.length === 0) {
      this.#wanted = false;
      this.#controller.enqueue(item.bytes);
      return;
    }
    if (this.#queue.length >= this.#maxQueued) {
      const before = this.#queue.length;
      for (let i = this.#queue.length - 1; i >= 0; i -= 1) if (this.#queue[i]!.partialSeq !== undefined || this.#queue[i]!.heartbeat) this.#queue.splice(i, 1);
      this.#dropped += before - this.#queue.length;
      if (this.#queue.length >= this.#maxQueued) {
        // finals alone fill the buffer: this reader cannot keep up; it reconnects and reads the recent finals (the
        // owner of the connection is told first, so that it can drop the connection rather than wait for the client
        // to read what is already in flight)
        this.#end('slow');
        this.#controller.close();
        return;
      }
    }
    this.#queue.push(item);
  }

  #end(reason: 'closed' | 'cancelled' | 'slow'): void {
    if (this.#closed) return;
    this.#closed = true;
    clearInterval(this.#heartbeat);
    this.#queue.length = 0;
    this.#onClose?.(reason);
  }
}
