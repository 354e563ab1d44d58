import type { Rate } from './TokenBucket.ts';

/** What one collaboration connection may cost the server before it is closed (see {@link DEFAULT_YJS_LIMITS}). */
export interface YjsLimits {
  /** Messages of any kind. Past it: closed with 4429. */
  readonly messages: Rate;
  /** Bytes received, all messages together. Past it: closed with 4429. */
  readonly bytes: Rate;
  /**
   * Sync requests (sync step 1: "send me what I lack"), each answered with up to the whole document. A client sends
   * one as it connects (and one per `resyncInterval` if it sets one). Past it: closed with 4429.
   */
  readonly syncRequests: Rate;
  /** Bytes of presence (awareness) messages; those past it are dropped, not relayed, and the connection stays. */
  readonly awarenessBytes: Rate;
  /**
   * Milliseconds of server CPU time (the event-loop thread's) spent handling the connection's messages. Time the
   * thread spends off the CPU (preempted on a busy machine, waiting for the database) is not charged: the message and
   * byte budgets bound that. Past it: closed with 4429.
   */
  readonly serverMs: Rate;
  /**
   * Bytes waiting to be sent to the client (the socket's `bufferedAmount`) past which it is closed with 4408 instead of
   * sent more; one message may exceed it when nothing else waits, so the whole document can always be sent once.
   */
  readonly maxBufferedBytes: number;
}

/**
 * The default limits: generous for a person typing, reviewing or reconnecting (a fast typist sends about 20
 * messages a second; a join costs one or two sync requests), tight enough that one connection cannot take more
 * than a fifth of a core, flood its peers with presence or make the server buffer a document for it again and again.
 */
export const DEFAULT_YJS_LIMITS: YjsLimits = Object.freeze({
  messages: { burst: 500, perSecond: 100 },
  bytes: { burst: 32 * 1024 * 1024, perSecond: 4 * 1024 * 1024 },
  syncRequests: { burst: 3, perSecond: 0.1 },
  awarenessBytes: { burst: 64 * 1024, perSecond: 16 * 1024 },
  serverMs: { burst: 2000, perSecond: 200 },
  maxBufferedBytes: 16 * 1024 * 1024,
});
