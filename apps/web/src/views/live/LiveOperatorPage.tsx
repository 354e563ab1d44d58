import { useEffect, useState } from 'react';
import { roleAtLeast } from '../../shell/roleAtLeast.ts';
import { useRerenderOn, useShell } from '../../shell/ShellContext.tsx';
import { modelLabel } from '../models/modelFormat.ts';
import { CaptionLog } from './CaptionLog.tsx';
import { LevelMeter } from './LevelMeter.tsx';
import { formatDuration, lmLabel, stateLabel } from './liveFormat.ts';
import { LiveOperator, type OperatorState } from './LiveOperator.ts';
import { useLiveService } from './useLiveService.ts';
import { ViewerLinkSection } from './ViewerLinkSection.tsx';
import './live.css';

const STATE_TEXT: Record<OperatorState, string> = {
  loading: 'Loading…',
  idle: 'Not capturing',
  connecting: 'Connecting…',
  live: 'Live',
  reconnecting: 'Reconnecting…',
  stopping: 'Stopping…',
  ended: 'Ended',
  failed: 'Stopped with an error',
};

/**
 * The operator page of a live session (an editor tab): the input device and its level, the connection's state,
 * latency and audio received, the server's warnings, the rolling captions, the viewer link, and Stop (optionally
 * re-transcribing offline afterwards), then the transcript. A session just started here captures at once.
 */
export default function LiveOperatorPage({ sessionId }: { sessionId: string }) {
  const live = useLiveService();
  const [operator, setOperator] = useState<LiveOperator>();

  // made in the effect, so that whatever disposes it (closing the tab, React's development double-run) owns it
  useEffect(() => {
    const created = new LiveOperator(live, sessionId);
    setOperator(created);
    void created.refresh().then(() => {
      if (created.disposed) return;
      return live.takeAutostart(sessionId) ? created.startCapture() : created.loadDevices();
    });
    return () => created.dispose();
  }, [live, sessionId]);

  if (!operator) return <div className="placeholder">Loading…</div>;
  return <OperatorView operator={operator} sessionId={sessionId} />;
}

function OperatorView({ operator, sessionId }: { operator: LiveOperator; sessionId: string }) {
  const controller = useShell();
  const { projects } = controller;
  const [retranscribe, setRetranscribe] = useState(false);
  useRerenderOn(operator.onDidChange, projects.onDidChange);

  const session = operator.session;
  const state = operator.state;
  const canManage = session !== undefined && roleAtLeast(projects.project(session.projectId)?.role, 'editor');
  const isLive = session?.state === 'live';
  const capturing = operator.capturing;
  const latency = operator.latencyMs;
  const lag = operator.decodeLagSeconds;

  const openTranscript = async () => {
    if (!session?.transcriptId) return;
    await projects.loadContents(session.projectId).catch(() => {});
    controller.openTranscript(session.transcriptId);
  };

  return (
    <div className="live-operator" data-testid="live-operator" data-session-id={sessionId}>
      <header className="live-operator-header">
        <h2>{session?.title ?? 'Live session'}</h2>
        <span className={`live-state live-state-${state}`} data-testid="live-state" data-state={state} role="status">
          {STATE_TEXT[state]}
        </span>
      </header>
      {session && (
        <p className="dim">
          {modelLabel(session.model)} · <span data-testid="live-lm-mode">{lmLabel(session.lm)}</span> · {session.sampleRate / 1000} kHz · {stateLabel(session.state, session.sourceConnected)}
        </p>
      )}
      {operator.error && (
        <p className="form-error" role="alert" data-testid="live-error">
          {operator.error}
        </p>
      )}

      {isLive && canManage && (
        <section className="live-section" aria-label="Input">
          <div className="live-input-row">
            <label>
              Input
              <select data-testid="live-device" value={operator.deviceId} disabled={state === 'stopping'} onChange={(e) => void operator.switchDevice(e.target.value)}>
                <option value="">The browser's default input</option>
                {operator.devices
                  .filter((d) => d.deviceId && d.deviceId !== 'default')
                  .map((d) => (
                    <option key={d.deviceId} value={d.deviceId}>
                      {d.label}
                    </option>
                  ))}
              </select>
            </label>
            <LevelMeter peakDb={operator.level.peakDb} rmsDb={operator.level.rmsDb} active={capturing} />
            {!capturing && state !== 'stopping' && session.sourceConnected && state === 'idle' && (
              <p className="hint" data-testid="live-source-elsewhere">
                Another audio source (a page or the CLI) is sending this session's audio now.
              </p>
            )}
            {!capturing && state !== 'stopping' && (
              <button type="button" className="primary" data-testid="live-capture" onClick={() => void operator.startCapture()}>
                {state === 'failed' ? 'Reconnect' : 'Start Capturing'}
              </button>
            )}
          </div>
        </section>
      )}

      <dl className="live-figures">
        <div>
          <dt>Latency</dt>
          <dd data-testid="live-latency" data-ms={latency === undefined ? '' : Math.round(latency)}>
            {latency === undefined ? '–' : `${Math.round(latency)} ms`}
          </dd>
        </div>
        <div>
          <dt>Received</dt>
          <dd data-testid="live-received" data-seconds={operator.receivedSeconds.toFixed(1)} data-captured-samples={operator.capturedSamples ?? ''}>
            {formatDuration(operator.receivedSeconds)}
          </dd>
        </div>
        <div>
          <dt>Recogniser behind</dt>
          <dd data-testid="live-decode-lag">{lag === undefined ? '–' : `${lag.toFixed(1)} s`}</dd>
        </div>
        <div>
          <dt>Captions</dt>
          <dd>{Math.max(session?.finals ?? 0, operator.roll.finals().length)}</dd>
        </div>
      </dl>

      {operator.lostSeconds > 0 && (
        <p className="form-error" role="alert" data-testid="live-lost">
          {operator.lostSeconds.toFixed(1)} s of audio captured while the connection was down could not be kept (the page keeps 5
          minutes): the recording and captions have a gap there.
        </p>
      )}
      {operator.warnings.length > 0 && (
        <ul className="live-warnings" aria-label="Warnings">
          {operator.warnings.map((w) => (
            <li key={w.code} data-testid="live-warning" data-code={w.code}>
              ⚠ {w.message} <span className="dim">{new Date(w.at).toLocaleTimeString()}</span>
            </li>
          ))}
        </ul>
      )}

      <CaptionLog finals={operator.roll.finals()} partial={operator.roll.partial} onShown={() => operator.markShown(performance.now())} />

      {isLive && canManage && (
        <section className="live-section live-stop" aria-label="Stop">
          <label className="choice">
            <input type="checkbox" data-testid="live-retranscribe" checked={retranscribe} onChange={(e) => setRetranscribe(e.target.checked)} disabled={state === 'stopping'} />
            <span>Re-transcribe the recording offline afterwards (full beam search and language model)</span>
          </label>
          <button type="button" className="danger" data-testid="live-stop" disabled={state === 'stopping'} aria-busy={state === 'stopping'} onClick={() => void operator.stop(retranscribe)}>
            Stop
          </button>
        </section>
      )}
      {state === 'stopping' && <p className="hint">Making the last captions final, storing the recording and the transcript…</p>}

      {session && (session.state === 'ended' || session.state === 'failed') && (
        <section className="live-section" aria-label="Afterwards">
          {session.transcriptId ? (
            <p>
              The recording is stored and its {session.finals} captions are a transcript.{' '}
              <button type="button" className="primary" data-testid="live-open-transcript" onClick={() => void openTranscript()}>
                Open Transcript
              </button>
            </p>
          ) : (
            session.state === 'ended' && <p className="hint">No transcript was made of this session.</p>
          )}
          {session.retranscribeJobId && <p className="hint">The recording is being re-transcribed offline; the result becomes a new revision of the transcript.</p>}
          {session.error && <p className="form-error">{session.error}</p>}
        </section>
      )}

      {session && <ViewerLinkSection operator={operator} session={session} canManage={canManage} />}
    </div>
  );
}
