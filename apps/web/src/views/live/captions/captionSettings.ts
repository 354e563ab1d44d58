/** How a caption screen looks; every field can be set in its URL, so a link (or an OBS browser source) carries it. */
export interface CaptionSettings {
  /** Text size in CSS pixels; `null`: follows the screen's width (large on a projector, readable on a phone). */
  fontSize: number | null;
  /** Text colour (CSS hex colour). */
  color: string;
  /** Background colour (CSS hex colour); behind the text only when {@link transparent}. */
  background: string;
  /** How many lines of text roll on the screen. */
  lines: number;
  /** Where the captions sit. */
  position: 'top' | 'bottom';
  /** A transparent page (an OBS browser source over video): the background colour stays behind the text only. */
  transparent: boolean;
  /** Whether the talk's title and the connection state are shown above the captions. */
  showTitle: boolean;
  /** Whether the settings button is shown (hide it for a projector or OBS). */
  controls: boolean;
}

/** White on black, two lines at the bottom, the size following the screen. */
export const DEFAULT_CAPTION_SETTINGS: Readonly<CaptionSettings> = Object.freeze({
  fontSize: null,
  color: '#ffffff',
  background: '#000000',
  lines: 2,
  position: 'bottom',
  transparent: false,
  showTitle: true,
  controls: true,
});

/** Limits of the settings (values outside them are clamped). */
export const CAPTION_LIMITS = Object.freeze({ fontSize: { min: 12, max: 240 }, lines: { min: 1, max: 6 } });

// `#` would start the URL's fragment, so colours travel without it (`fg=ffff00`); both forms are read
const HEX = /^#?([0-9a-f]{3}|[0-9a-f]{4}|[0-9a-f]{6}|[0-9a-f]{8})$/i;

/**
 * The settings a caption screen's URL asks for: `size` (px), `fg` and `bg` (hex colours, `#` optional), `lines`,
 * `position` (`top`|`bottom`), `transparent`, `title` and `controls` (`1`/`0`). Missing or malformed values keep
 * their defaults; numbers out of range are clamped.
 *
 * @example
 * readCaptionSettings('?size=64&fg=ffff00&lines=3&transparent=1') // { fontSize: 64, color: '#ffff00', lines: 3, transparent: true, … }
 */
export function readCaptionSettings(search: string | URLSearchParams): CaptionSettings {
  const params = typeof search === 'string' ? new URLSearchParams(search) : search;
  const settings: CaptionSettings = { ...DEFAULT_CAPTION_SETTINGS };
  const size = readInt(params.get('size'));
  if (size !== undefined) settings.fontSize = clamp(size, CAPTION_LIMITS.fontSize);
  const color = readColour(params.get('fg'));
  if (color !== undefined) settings.color = color;
  const background = readColour(params.get('bg'));
  if (background !== undefined) settings.background = background;
  const lines = readInt(params.get('lines'));
  if (lines !== undefined) settings.lines = clamp(lines, CAPTION_LIMITS.lines);
  const position = params.get('position');
  if (position === 'top' || position === 'bottom') settings.position = position;
  settings.transparent = readFlag(params.get('transparent')) ?? settings.transparent;
  settings.showTitle = readFlag(params.get('title')) ?? settings.showTitle;
  settings.controls = readFlag(params.get('controls')) ?? settings.controls;
  return settings;
}

/**
 * The URL query of `settings` (without `?`): only what differs from the defaults, so the plain link stays short and
 * {@link readCaptionSettings} of the result gives the same settings back. Other parameters of `base` are kept.
 */
export function writeCaptionSettings(settings: CaptionSettings, base: string | URLSearchParams = ''): string {
  const params = new URLSearchParams(base);
  const set = (key: string, value: string | undefined) => (value === undefined ? params.delete(key) : params.set(key, value));
  const d = DEFAULT_CAPTION_SETTINGS;
  set('size', settings.fontSize === null ? undefined : String(settings.fontSize));
  set('fg', settings.color.toLowerCase() === d.color ? undefined : settings.color.replace(/^#/, '').toLowerCase());
  set('bg', settings.background.toLowerCase() === d.background ? undefined : settings.background.replace(/^#/, '').toLowerCase());
  set('lines', settings.lines === d.lines ? undefined : String(settings.lines));
  set('position', settings.position === d.position ? undefined : settings.position);
  set('transparent', settings.transparent === d.transparent ? undefined : flag(settings.transparent));
  set('title', settings.showTitle === d.showTitle ? undefined : flag(settings.showTitle));
  set('controls', settings.controls === d.controls ? undefined : flag(settings.controls));
  return params.toString();
}

function readInt(value: string | null): number | undefined {
  if (value === null || !/^\d{1,4}$/.test(value.trim())) return undefined;
  return Number(value.trim());
}

function readColour(value: string | null): string | undefined {
  const match = value === null ? null : HEX.exec(value.trim());
  return match ? `#${match[1]!.toLowerCase()}` : undefined;
}

function readFlag(value: string | null): boolean | undefined {
  if (value === null) return undefined;
  const v = value.trim().toLowerCase();
  if (v === '' || v === '1' || v === 'true' || v === 'yes' || v === 'on') return true;
  if (v === '0' || v === 'false' || v === 'no' || v === 'off') return false;
  return undefined;
}

function flag(value: boolean): string {
  return value ? '1' : '0';
}

function clamp(value: number, { min, max }: { min: number; max: number }): number {
  return Math.min(max, Math.max(min, value));
}
