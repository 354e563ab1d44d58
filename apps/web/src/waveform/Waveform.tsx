import { useEffect, useRef, useState } from 'react';
import WaveSurfer from 'wavesurfer.js';
import RegionsPlugin, { type Region } from 'wavesurfer.js/dist/plugins/regions.esm.js';
import type { ApiClient } from '../platform/ApiClient.ts';
import { whenIdle } from '../platform/whenIdle.ts';
import type { PlaybackController } from './PlaybackController.ts';
import { datToPeaks, type WavesurferPeaks } from './datToPeaks.ts';

/** A span to mark on the waveform (a flagged word), tinted by confidence. */
export interface WaveformRegion {
  start: number;
  end: number;
  conf: number;
}

/** What {@link Waveform} draws and what it tells. */
export interface WaveformProps {
  api: ApiClient;
  mediaId: string;
  duration: number;
  playback: PlaybackController;
  regions: readonly WaveformRegion[];
  threshold: number;
  onSeek: (time: number) => void;
}

/** The media type of the server's binary peaks (BBC audiowaveform `.dat`). */
const PEAKS_DAT_TYPE = 'application/vnd.audiowaveform.dat';
/** Regions drawn at most (the rest of a very long list is left off the waveform, not the Problems panel). */
const MAX_REGIONS = 3000;
/**
 * Only the regions of the visible stretch of the recording and one visible width either side are drawn: the regions
 * plugin lays out every region it holds on each scroll, which autoscroll makes every frame of playback.
 */
const WINDOW_MARGIN = 1;
/** Regions added in one idle period. */
const REGIONS_PER_SLICE = 25;
/** Milliseconds without a key or click before regions are drawn. */
const QUIET_MS = 400;
const INPUT_EVENTS = ['keydown', 'pointerdown', 'wheel'] as const;

/**
 * The recording's waveform (wavesurfer.js v7) drawn from the server's precomputed peaks (binary `.dat`), playing through the
 * controller's `<audio>` (MediaElement backend: the file streams with HTTP Range and is never decoded in the
 * browser), with the flagged words as regions. A click seeks (`onSeek`, which also moves the caret to the word).
 */
export function Waveform({ api, mediaId, duration, playback, regions, threshold, onSeek }: WaveformProps) {
  const container = useRef<HTMLDivElement>(null);
  const [plugin, setPlugin] = useState<RegionsPlugin | undefined>();
  // the stretch of the recording (seconds) whose regions are drawn; moves once the view scrolls out of it
  const [span, setSpan] = useState<{ from: number; to: number }>({ from: 0, to: 0 });
  const [problem, setProblem] = useState<string | undefined>();
  const seek = useRef(onSeek);
  seek.current = onSeek;
  // the regions drawn, by span, confidence and threshold
  const drawn = useRef(new Map<string, Region>());
  // when the user last typed or clicked: regions are drawn between keystrokes only once they pause
  const lastInput = useRef(-Infinity);
  useEffect(() => {
    const onInput = () => (lastInput.current = performance.now());
    for (const type of INPUT_EVENTS) window.addEventListener(type, onInput, { capture: true, passive: true });
    return () => {
      for (const type of INPUT_EVENTS) window.removeEventListener(type, onInput, { capture: true });
    };
  }, []);

  useEffect(() => {
    let disposed = false;
    let surfer: WaveSurfer | undefined;
    void (async () => {
      let data: WavesurferPeaks;
      try {
        // the binary form: a quarter of the JSON's bytes (3 hours: 0.5 MB) and no JSON parse on the main thread
        data = datToPeaks(await api.getBytes(`/api/media/${encodeURIComponent(mediaId)}/peaks?format=dat`, PEAKS_DAT_TYPE));
      } catch {
        // without peaks: a flat line of the right length (never decode the file in the browser)
        data = { peaks: [new Float32Array(2)], duration };
        if (!disposed) setProblem('No waveform was computed for this recording.');
      }
      if (disposed || !container.current) return;
      const regionsPlugin = RegionsPlugin.create();
      surfer = WaveSurfer.create({
        container: container.current,
        media: playback.media,
        peaks: data.peaks,
        duration: duration > 0 ? duration : data.duration,
        height: 64,
        waveColor: '#5a6b7d',
        progressColor: '#3794ff',
        // the theme's strongest text colour, so the play cursor shows on a light page too
        cursorColor: getComputedStyle(container.current).getPropertyValue('--fg-strong').trim() || '#e7e7e7',
        cursorWidth: 1,
        minPxPerSec: 40,
        autoScroll: true,
        autoCenter: true,
        normalize: true,
        interact: true,
        plugins: [regionsPlugin],
      });
      surfer.on('interaction', (time) => seek.current(time));
      const follow = (start: number, end: number) => {
        const margin = Math.max(1, end - start) * WINDOW_MARGIN;
        setSpan((shown) => (start >= shown.from && end <= shown.to && shown.to > shown.from ? shown : { from: start - margin, to: end + margin }));
      };
      surfer.on('scroll', follow);
      // before any scroll: the view's start, as wide as the scroll container shows
      surfer.on('redrawcomplete', () => {
        const total = surfer?.getWrapper().scrollWidth ?? 0;
        const length = surfer?.getDuration() ?? 0;
        if (!surfer || total <= 0 || length <= 0) return;
        follow((surfer.getScroll() / total) * length, ((surfer.getScroll() + surfer.getWidth()) / total) * length);
      });
      regionsPlugin.on('region-clicked', (region, e) => {
        e.stopPropagation();
        seek.current(region.start);
      });
      setPlugin(regionsPlugin);
    })();
    return () => {
      disposed = true;
      surfer?.destroy();
      drawn.current.clear();
      setPlugin(undefined);
    };
  }, [api, mediaId, duration, playback]);

  // flagged words of the drawn span as regions: a change of the list or the span adds and removes only the regions that
  // differ, a few at a time in idle periods (creating thousands at once would hold up the first keystrokes after opening)
  useEffect(() => {
    if (!plugin) return;
    const wanted = new Map<string, WaveformRegion>();
    for (const r of regions) {
      if (wanted.size >= MAX_REGIONS) break;
      if (r.end < span.from || r.start > span.to) continue;
      wanted.set(`${r.start}:${r.end}:${r.conf}@${threshold}`, r);
    }
    const current = drawn.current;
    for (const [key, region] of current) {
      if (wanted.has(key)) continue;
      region.remove();
      current.delete(key);
    }
    const missing = [...wanted].filter(([key]) => !current.has(key));
    let cancel: (() => void) | undefined;
    const drawSome = () => {
      if (performance.now() - lastInput.current < QUIET_MS) {
        cancel = whenIdle(drawSome, 2000);
        return;
      }
      for (const [key, r] of missing.splice(0, REGIONS_PER_SLICE)) {
        const depth = threshold > 0 ? Math.min(1, Math.max(0, (threshold - r.conf) / threshold)) : 0;
        current.set(key, plugin.addRegion({ start: r.start, end: Math.max(r.end, r.start + 0.05), color: `rgba(234, 92, 0, ${(0.15 + 0.35 * depth).toFixed(2)})`, drag: false, resize: false }));
      }
      cancel = missing.length > 0 ? whenIdle(drawSome, 2000) : undefined;
    };
    if (missing.length > 0) cancel = whenIdle(drawSome, 2000);
    return () => cancel?.();
  }, [plugin, regions, threshold, span]);

  return (
    <div
      className="vb-waveform"
      data-testid="waveform"
      role="group"
      aria-roledescription="waveform"
      aria-label={`Waveform of the recording${regions.length > 0 ? `, ${regions.length} flagged ${regions.length === 1 ? 'word' : 'words'} marked` : ''}: click a point to play from there`}
      title={problem}
    >
      <div ref={container} className="vb-waveform-canvas" />
    </div>
  );
}
