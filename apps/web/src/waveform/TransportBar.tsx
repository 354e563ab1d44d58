import { type MouseEvent, useEffect, useState } from 'react';
import { useWorkbench } from '../platform/WorkbenchContext.tsx';
import type { PlaybackController } from './PlaybackController.ts';
import { MAX_RATE, MIN_RATE, RATE_STEP, SKIP_SECONDS } from './playbackRules.ts';
import { formatTimecode } from './timecode.ts';

const RATES = Array.from({ length: Math.round((MAX_RATE - MIN_RATE) / RATE_STEP) + 1 }, (_, i) => (MIN_RATE + i * RATE_STEP).toFixed(1));

/**
 * The player's controls under the waveform (`transport`): play/pause (`transport-play`, labelled with what a click
 * does), skip back and forward, the time and the duration (`transport-time`), and the speed (`transport-rate`). The
 * buttons run the same commands as their keys, whose keys they name; they keep the focus where it was (the editor),
 * so typing goes on after a click. Renders once a second while playing, not every frame.
 */
export function TransportBar({ playback }: { playback: PlaybackController }) {
  const { commands, keybindings } = useWorkbench();
  const [state, setState] = useState(() => snapshot(playback));
  useEffect(() => {
    const update = () => setState((old) => {
      const next = snapshot(playback);
      return old.second === next.second && old.playing === next.playing && old.rate === next.rate && old.duration === next.duration ? old : next;
    });
    update();
    const subs = [playback.onDidTick(update), playback.onDidChangeState(update)];
    return () => subs.forEach((s) => s.dispose());
  }, [playback]);

  const keys = (id: string) => {
    const bound = keybindings.keysFor(id);
    return bound.length > 0 ? ` (${bound.join(', ')})` : '';
  };
  const run = (id: string) => void commands.execute(id);
  // a click on a control leaves the focus (and the caret) in the editor
  const keepFocus = (e: MouseEvent) => e.preventDefault();
  const action = state.playing ? 'Pause' : 'Play';

  return (
    <div className="vb-transport" data-testid="transport" role="toolbar" aria-label="Playback">
      <button type="button" className="vb-transport-button" title={`Skip back ${SKIP_SECONDS} seconds${keys('playback.back')}`} onMouseDown={keepFocus} onClick={() => run('playback.back')}>
        {/* the name is the words; the short form is what the eye reads */}
        <span aria-hidden="true">−{SKIP_SECONDS}s</span>
        <span className="visually-hidden">Skip back {SKIP_SECONDS} seconds</span>
      </button>
      <button
        type="button"
        className="vb-transport-button vb-transport-play"
        data-testid="transport-play"
        aria-label={action}
        title={`${action}${keys('playback.toggle')}`}
        onMouseDown={keepFocus}
        onClick={() => run('playback.toggle')}
      >
        {state.playing ? '❚❚' : '▶'}
      </button>
      <button type="button" className="vb-transport-button" title={`Skip forward ${SKIP_SECONDS} seconds${keys('playback.forward')}`} onMouseDown={keepFocus} onClick={() => run('playback.forward')}>
        <span aria-hidden="true">+{SKIP_SECONDS}s</span>
        <span className="visually-hidden">Skip forward {SKIP_SECONDS} seconds</span>
      </button>
      <span className="vb-transport-time" data-testid="transport-time" aria-label="Position and length">
        {formatTimecode(state.second)} / {formatTimecode(state.duration)}
      </span>
      <label className="vb-transport-rate" title={`Speed${keys('playback.slower')} slower,${keys('playback.faster')} faster`}>
        <span>Speed</span>
        <select data-testid="transport-rate" value={state.rate} onChange={(e) => playback.setRate(Number(e.target.value))}>
          {RATES.map((rate) => (
            <option key={rate} value={rate}>
              {rate}x
            </option>
          ))}
        </select>
      </label>
    </div>
  );
}

function snapshot(playback: PlaybackController) {
  return { second: Math.floor(playback.time), playing: playback.playing, rate: playback.rate.toFixed(1), duration: playback.duration };
}
