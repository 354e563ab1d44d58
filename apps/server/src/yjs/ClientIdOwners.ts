/**
 * Which account holds each Yjs client id (`doc.clientID`, also the key of presence states) in a room: the first one to
 * use it, for presence or for changes, keeps it while the room lives, so no other account can overwrite its presence
 * or write under its id. A connection without an account is its own owner. Each connection may claim `maxPerPeer` ids.
 *
 * @example
 * const owners = new ClientIdOwners<YjsPeer>({ reserved: doc.clientID, maxPerPeer: 8, ownerOf: (peer) => peer.userId ?? peer });
 * if (owners.mayClaim(peer, ids)) for (const id of ids) owners.claim(peer, id);
 */
export class ClientIdOwners<Peer extends object> {
  readonly #reserved: number;
  readonly #maxPerPeer: number;
  readonly #maxOwners: number;
  readonly #ownerOf: (peer: Peer) => string | Peer;
  readonly #owners = new Map<number, string | Peer>();
  readonly #claims = new Map<Peer, Set<number>>();

  constructor(options: { reserved: number; maxPerPeer: number; ownerOf: (peer: Peer) => string | Peer; maxOwners?: number }) {
    this.#reserved = options.reserved;
    this.#maxPerPeer = options.maxPerPeer;
    this.#ownerOf = options.ownerOf;
    this.#maxOwners = options.maxOwners ?? 10_000;
  }

  /** True when every id is free or already the peer's account's, and the peer stays within its number of ids. */
  mayClaim(peer: Peer, ids: Iterable<number>): boolean {
    const owner = this.#ownerOf(peer);
    const claims = this.#claims.get(peer);
    let fresh = 0;
    for (const id of ids) {
      if (id === this.#reserved) return false;
      const held = this.#owners.get(id);
      if (held !== undefined && held !== owner) return false;
      if (claims?.has(id) !== true) fresh++;
    }
    return (claims?.size ?? 0) + fresh <= this.#maxPerPeer;
  }

  /** Records the claim (check {@link mayClaim} first). */
  claim(peer: Peer, id: number): void {
    const claims = this.#claims.get(peer) ?? new Set<number>();
    this.#claims.set(peer, claims);
    claims.add(id);
    if (this.#owners.has(id)) return;
    if (this.#owners.size >= this.#maxOwners) this.#forgetAbsentOwners();
    this.#owners.set(id, this.#ownerOf(peer));
  }

  /** The peer left: its ids stay its account's, but no longer count against it. */
  release(peer: Peer): void {
    this.#claims.delete(peer);
  }

  // only when full: ids of accounts with no connection holding a claim are forgotten
  #forgetAbsentOwners(): void {
    const present = new Set([...this.#claims.keys()].map((peer) => this.#ownerOf(peer)));
    for (const [id, owner] of this.#owners) if (!present.has(owner)) this.#owners.delete(id);
  }
}
