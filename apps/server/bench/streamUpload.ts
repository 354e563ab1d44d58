// A multipart upload whose body is produced chunk by chunk, with back-pressure, over plain node:http.
import { request } from 'node:http';

/**
 * Sends `chunks` (exactly `size` bytes in all) as the one `file` part of a multipart POST; resolves with status and
 * body. `onSent` hears the file bytes handed to the socket so far.
 */
export function streamUpload(
  url: string,
  token: string,
  fileName: string,
  size: number,
  chunks: Iterable<Uint8Array>,
  onSent: (bytes: number) => void = () => {},
): Promise<{ status: number; body: string }> {
  const boundary = `----verbatim-bench-${Date.now().toString(36)}`;
  const head = Buffer.from(
    `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${fileName}"\r\nContent-Type: application/octet-stream\r\n\r\n`,
  );
  const tail = Buffer.from(`\r\n--${boundary}--\r\n`);
  return new Promise((done, fail) => {
    const req = request(url, {
      method: 'POST',
      headers: {
        authorization: `Bearer ${token}`,
        'content-type': `multipart/form-data; boundary=${boundary}`,
        'content-length': String(head.length + size + tail.length),
      },
    });
    req.on('error', fail);
    req.on('response', (res) => {
      let body = '';
      res.setEncoding('utf8').on('data', (text: string) => (body += text));
      res.on('end', () => done({ status: res.statusCode ?? 0, body }));
      res.on('error', fail);
    });
    const iterator = chunks[Symbol.iterator]();
    let sent = 0;
    const pump = () => {
      for (;;) {
        const next = iterator.next();
        if (next.done === true) {
          req.end(tail);
          return;
        }
        sent += next.value.length;
        onSent(sent);
        // wait for 'drain' so only a few chunks are ever in flight
        if (!req.write(next.value)) {
          req.once('drain', pump);
          return;
        }
      }
    };
    req.write(head);
    pump();
  });
}
