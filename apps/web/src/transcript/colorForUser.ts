/**
 * A stable, readable colour for a collaborator, from a hash of their user id (FNV-1a), so everyone sees the same
 * person in the same colour.
 */
export function colorForUser(userId: string): string {
  let hash = 0x811c9dc5;
  for (let i = 0; i < userId.length; i++) {
    hash ^= userId.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return `hsl(${hash % 360} 70% 42%)`;
}
