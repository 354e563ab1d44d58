/** The blob of content `sha256` relative to the media directory (and its object key after the prefix). */
export function blobFile(sha256: string): string {
  return `${sha256.slice(0, 2)}/${sha256}`;
}

/** Its waveform peaks in audiowaveform's binary layout. */
export function peaksFile(sha256: string): string {
  return `${sha256.slice(0, 2)}/${sha256}.peaks.dat`;
}

/** Every file a content may have: the blob, its binary peaks, and peaks in the JSON layout of earlier versions. */
export function contentFiles(sha256: string): string[] {
  return [blobFile(sha256), peaksFile(sha256), `${sha256.slice(0, 2)}/${sha256}.peaks.json`];
}
