import type { CaptionEventStream } from './CaptionEventStream.ts';

/**
 * The open caption streams of viewer links, by session: so that rotating or revoking a session's link closes the
 * streams opened with the old token at once (each gets a `revoked` event), and so the number of open streams per
 * client address can be bounded.
 */
export class ViewerStreams {
  readonly #bySession = new Map<string, Map<CaptionEventStream, { tokenHash: string; address: string }>>();
  readonly #byAddress = new Map<string, number>();
  #total = 0;

  /** Records an open stream; returns the function that forgets it (call it when the stream ends). */
  add(sessionId: string, tokenHash: string, address: string, stream: CaptionEventStream): () => void {
    let streams = this.#bySession.get(sessionId);
    if (streams === undefined) this.#bySession.set(sessionId, (streams = new Map()));
    streams.set(stream, { tokenHash, address });
    this.#byAddress.set(address, (this.#byAddress.get(address) ?? 0) + 1);
    this.#total += 1;
    let removed = false;
    return () => {
      if (removed) return;
      removed = true;
      this.#total -= 1;
      const current = this.#bySession.get(sessionId);
      current?.delete(stream);
      if (current?.size === 0) this.#bySession.delete(sessionId);
      const left = (this.#byAddress.get(address) ?? 1) - 1;
      if (left > 0) this.#byAddress.set(address, left);
      else this.#byAddress.delete(address);
    };
  }

  /** Open streams of a session (all tokens). */
  count(sessionId: string): number {
    return this.#bySession.get(sessionId)?.size ?? 0;
  }

  /** Open streams, all sessions and addresses together. */
  get total(): number {
    return this.#total;
  }

  /** Open streams from a client address. */
  countFrom(address: string): number {
    return this.#byAddress.get(address) ?? 0;
  }

  /** The sessions with open streams. */
  sessionIds(): string[] {
    return [...this.#bySession.keys()];
  }

  /**
   * Closes the session's streams that were opened with a token other than `keepTokenHash` (none kept when null), with
   * a `revoked` event saying `message`.
   */
  revoke(sessionId: string, keepTokenHash: string | null, message = 'This caption link was revoked.'): number {
    let closed = 0;
    for (const [stream, { tokenHash }] of [...(this.#bySession.get(sessionId) ?? [])]) {
      if (tokenHash === keepTokenHash) continue;
      stream.close({ event: 'revoked', data: { message } });
      closed += 1;
    }
    return closed;
  }
}
