/**
 * A database URL as it may be shown in logs and messages: without its password (and without query parameters, which
 * may carry one too, e.g. `?password=` or an SSL key's passphrase). Text that is not a URL comes back as it is (a
 * SQLite file path).
 *
 * @example
 * databaseUrlForDisplay('postgres://verbatim:s3cret@db:5432/verbatim?sslmode=require'); // 'postgres://verbatim@db:5432/verbatim'
 */
export function databaseUrlForDisplay(location: string): string {
  let url: URL;
  try {
    url = new URL(location);
  } catch {
    return location;
  }
  if (!/^postgres(ql)?:$/.test(url.protocol)) return location.includes('://') ? `${url.protocol}//…` : location;
  url.password = '';
  url.search = '';
  url.hash = '';
  return url.href;
}

/** `text` with every occurrence of the password of `location` (a database URL) replaced by `***`. */
export function withoutDatabasePassword(text: string, location: string | undefined): string {
  if (location === undefined) return text;
  let password: string;
  try {
    password = decodeURIComponent(new URL(location).password);
  } catch {
    return text;
  }
  if (password === '') return text;
  // both forms: as written in the URL and decoded
  return text.replaceAll(password, '***').replaceAll(encodeURIComponent(password), '***');
}
