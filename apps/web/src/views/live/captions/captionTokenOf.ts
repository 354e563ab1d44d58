/**
 * The viewer link's token when `pathname` is a caption screen's (`/captions/<token>`), else undefined. Read before
 * anything else loads, so the caption screen can be served without the workbench.
 *
 * @example
 * captionTokenOf('/captions/abc123') // 'abc123'
 */
export function captionTokenOf(pathname: string): string | undefined {
  const match = /^\/captions\/([^/]+)\/?$/.exec(pathname);
  if (!match) return undefined;
  try {
    return decodeURIComponent(match[1]!);
  } catch {
    return undefined;
  }
}
