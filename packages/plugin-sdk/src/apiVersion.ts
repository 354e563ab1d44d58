/**
 * The version of the plugin API this SDK implements. A plugin's `engines.verbatim` range must include it, e.g.
 * `"^1.0.0"`; the host refuses plugins whose range does not.
 */
export const API_VERSION = '1.0.0';
