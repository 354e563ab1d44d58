/**
 * Imports `specifier`, an optional peer dependency of the SDK that only part of `@verbatim/plugin-sdk/testing` needs
 * (`@verbatim/asr`, the speech runtime, which brings native onnxruntime binaries). When it is not installed the
 * error names the package, who needs it and how to add it, instead of a bare module-resolution failure; any other
 * failure to load it (a broken install, a missing dependency of its own) is rethrown as it is.
 *
 * @param neededBy what needs the package, for the message (`checkVocabulary`).
 */
export async function importOptionalPeer<T>(specifier: string, neededBy: string): Promise<T> {
  try {
    return (await import(specifier)) as T;
  } catch (error) {
    if (!isNotFound(error, specifier)) throw error;
    const name = packageName(specifier);
    throw new Error(
      `${neededBy} needs ${name}, an optional peer dependency of @verbatim/plugin-sdk that is not installed. ` +
        `Install it beside the SDK (npm install --save-dev ${name}) to check vocabularies against a speech model.`,
      { cause: error },
    );
  }
}

// Node says ERR_MODULE_NOT_FOUND for any module it cannot find, including a dependency of the package itself; only
// the package's own absence is the peer's.
function isNotFound(error: unknown, specifier: string): boolean {
  if (!(error instanceof Error)) return false;
  const code = (error as { code?: unknown }).code;
  const notFound = code === 'ERR_MODULE_NOT_FOUND' || code === 'MODULE_NOT_FOUND' || /Cannot find (?:package|module)/u.test(error.message);
  // Node names the package ('@verbatim/asr'), Vite's loader under vitest the whole specifier ('@verbatim/asr/node')
  const name = packageName(specifier);
  return notFound && [`'${name}'`, `'${name}/`, `"${name}"`, `"${name}/`].some((quoted) => error.message.includes(quoted));
}

function packageName(specifier: string): string {
  const parts = specifier.split('/');
  return specifier.startsWith('@') ? parts.slice(0, 2).join('/') : parts[0]!;
}
