import { type KeyboardEvent, type MouseEvent, useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { type Descendant, Editor, Node, type Path, type Point, Transforms } from 'slate';
import { Editable, ReactEditor, Slate } from 'slate-react';
import { useUnsetCursorPositionOnBlur } from '@slate-yjs/react';
import { wordOf } from '../editor/transcriptTypes.ts';
import { onRestoreFocus } from '../platform/restoreFocus.ts';
import { type TranscriptReveal, useWorkbench } from '../platform/WorkbenchContext.tsx';
import { ThresholdSlider } from '../review/ThresholdSlider.tsx';
import { PlaybackController } from '../waveform/PlaybackController.ts';
import { TransportBar } from '../waveform/TransportBar.tsx';
import { Waveform, type WaveformProps } from '../waveform/Waveform.tsx';
import { createRenderers } from './createRenderers.tsx';
import { downloadExport } from './downloadExport.ts';
import { ExportMenu } from './ExportMenu.tsx';
import { pluginTooltip } from './pluginTooltip.ts';
import { AddToVocabularyDialog } from '../review/AddToVocabularyDialog.tsx';
import { VerifiedGutter } from '../review/verified/VerifiedGutter.tsx';
import { AccessNotice } from './AccessNotice.tsx';
import { QuickInput, type QuickInputHandlers } from './QuickInput.tsx';
import { RemoteCursors } from './RemoteCursors.tsx';
import { skipReactSelectionSave } from './skipReactSelectionSave.ts';
import { SpeakerList } from './SpeakerList.tsx';
import { attachLiveParagraphs, LiveParagraphs } from './LiveParagraphs.ts';
import { attachProgressiveRender, ProgressiveRender } from './ProgressiveRender.ts';
import { pointAtTextOffset, textOffsetAt } from './staticWords.ts';
import { type PromptRequest, TranscriptActions } from './TranscriptActions.ts';
import type { TranscriptSession } from './TranscriptSession.ts';
import { TranscriptViewContext, type TranscriptViewServices } from './TranscriptViewContext.ts';
import { useRerenderOn, useTranscriptWorkbench } from './useTranscriptWorkbench.ts';
import { ModelProvenance } from '../views/models/ModelProvenance.tsx';
import { useModelCalibration, useTranscriptModel } from '../views/models/useModels.ts';

/**
 * The editor of one loaded transcript: toolbar (threshold slider, playback state), the waveform, and the Slate
 * editor bound to the shared document, with others' cursors. Playback, review and editing commands act on it while
 * its tab is active.
 */
export function TranscriptEditorView({ session, active }: { session: TranscriptSession; active: boolean }) {
  const services = useWorkbench();
  const workbench = useTranscriptWorkbench();
  const [parts, setParts] = useState<{ actions: TranscriptActions; playback: PlaybackController } | undefined>();
  const [prompt, setPrompt] = useState<PromptRequest | undefined>();
  const scrollRef = useRef<HTMLDivElement>(null);
  const pageRef = useRef<HTMLDivElement>(null);
  const editor = session.editor!;
  const projectId = session.record!.projectId;
  const mediaId = session.record!.mediaId;
  const duration = session.media?.durationSeconds ?? 0;

  useEffect(() => {
    const playback = new PlaybackController(`/api/media/${encodeURIComponent(mediaId)}/audio`, { duration });
    const actions = new TranscriptActions({ session, services, workbench, playback, prompt: setPrompt });
    setParts({ actions, playback });
    return () => {
      actions.dispose();
      playback.dispose();
    };
  }, [session, services, workbench, mediaId, duration]);

  // the threshold the document is drawn with follows the slider a moment after it stops
  const [threshold, setThreshold] = useState(() => workbench.thresholds.get(projectId));
  useEffect(() => {
    let timer: ReturnType<typeof setTimeout> | undefined;
    const sub = workbench.thresholds.onDidChange((id) => {
      if (id !== projectId) return;
      clearTimeout(timer);
      timer = setTimeout(() => setThreshold(workbench.thresholds.get(projectId)), 150);
    });
    setThreshold(workbench.thresholds.get(projectId));
    return () => {
      clearTimeout(timer);
      sub.dispose();
    };
  }, [workbench, projectId]);

  const actions = parts?.actions;

  useEffect(() => {
    if (!actions) return;
    actions.attach(scrollRef.current ?? undefined);
    if (!active) {
      actions.playback.pause();
      return;
    }
    const held = actions.activate();
    // what openTranscript(id, { at, find }) asked for: a search match selected; a word played when it is a flagged one
    // (review), else shown
    const reveal = ({ at, find }: TranscriptReveal) => {
      if (find) {
        requestAnimationFrame(() => actions.revealMatch(at, find.text, find.occurrence));
        return;
      }
      const flagged = actions.flagged.some((f) => Math.abs(f.start - at) < 0.0005);
      requestAnimationFrame(() => actions.revealAt(at, flagged));
    };
    const pending = services.takeReveal?.(session.transcriptId);
    if (pending !== undefined) reveal(pending);
    const sub = services.onDidRequestReveal?.((r) => r.transcriptId === session.transcriptId && (services.takeReveal?.(r.transcriptId), reveal(r)));
    return () => {
      sub?.dispose();
      held.dispose();
    };
  }, [actions, active, services, session]);

  // the palette (or a quick input) gives the focus back with the caret where it was, before its command runs
  useEffect(() => {
    const container = scrollRef.current;
    if (!container) return;
    const restorer = onRestoreFocus(container, () => {
      try {
        ReactEditor.focus(editor);
      } catch {
        // not mounted any more
      }
    });
    return () => restorer.dispose();
  }, [editor]);

  // a long document renders its first chunks of paragraphs at once and the others in idle time after them
  const progressive = useMemo(() => new ProgressiveRender({ eager: FIRST_CHUNKS }), [editor]);
  useEffect(() => attachProgressiveRender(editor, progressive), [editor, progressive]);
  useEffect(() => () => progressive.dispose(), [progressive]);
  // paragraphs near the view (and the selection's) render as Slate leaves, the others as static words
  const paragraphs = useMemo(() => new LiveParagraphs(editor, { initial: firstScreen(editor.children) }), [editor]);
  useEffect(() => attachLiveParagraphs(editor, paragraphs), [editor, paragraphs]);
  useEffect(() => paragraphs.attach(scrollRef.current), [paragraphs]);
  useEffect(() => () => paragraphs.dispose(), [paragraphs]);
  const tooltip = useMemo(() => pluginTooltip(session.pluginChanges), [session]);
  // an uncalibrated model's confidence is shown as a score, not a percentage
  const calibrated = useModelCalibration(useTranscriptModel(session.transcriptId, session.record!.model));
  const renderers = useMemo(() => createRenderers(threshold, tooltip, { paragraphs, progressive, calibrated }), [threshold, tooltip, paragraphs, progressive, calibrated]);
  // follows the access: a role changed or the room closed while the transcript was open
  const canEdit = session.canEdit;
  const view = useMemo<TranscriptViewServices>(
    () => ({ canEdit, playFrom: (t) => actions?.playFrom(t), currentTime: () => actions?.playback.time ?? 0 }),
    [canEdit, actions],
  );
  const onChange = useCallback(() => {
    // the caret moved where nothing is rendered yet (Ctrl+End, a command): render the rest in the same update
    if (!progressive.done && editor.selection && !isRendered(editor, editor.selection.focus.path)) progressive.finish();
    actions?.onEditorChange();
  }, [actions, editor, progressive]);

  // a press on a paragraph still drawn static (the view jumped there a moment ago), or on one the browser has not laid
  // out since it came into view (the press hits only its box): it goes live at once and the caret goes where the press
  // was, as the browser would have put it
  const pressed = useRef<Path | undefined>(undefined);
  const onMouseDownCapture = (e: MouseEvent<HTMLDivElement>) => {
    pressed.current = undefined;
    const target = e.target as HTMLElement;
    const paragraph = e.button === 0 ? target.closest?.<HTMLElement>('[data-turn]') : null;
    if (!paragraph || target.closest('.vb-turn-head')) return;
    const words = paragraph.dataset.live === 'false' ? paragraph.querySelector<HTMLElement>(':scope > [data-static-words]') : null;
    if (!words && target !== paragraph) return;
    paragraph.style.contentVisibility = 'visible';
    try {
      const path = ReactEditor.findPath(editor, ReactEditor.toSlateNode(editor, paragraph));
      // where in its text the press was, then the same place in its live words (laid out the same)
      const offset = words ? textOffsetAt(words, e.clientX, e.clientY) : undefined;
      paragraphs.ensureLive(path);
      const point = caretPointAt(editor, e.clientX, e.clientY) ?? (offset === undefined ? undefined : pointAtTextOffset(Node.get(editor, path) as never, path[0]!, offset));
      if (!point) return;
      e.preventDefault();
      Transforms.select(editor, point);
      if (canEdit) ReactEditor.focus(editor);
      // the browser's selection too, now: keys typed before React renders the new selection go there
      const range = ReactEditor.toDOMRange(editor, { anchor: point, focus: point });
      window.getSelection()?.setBaseAndExtent(range.startContainer, range.startOffset, range.endContainer, range.endOffset);
      if (wordOf(Node.get(editor, point.path))) pressed.current = point.path;
    } catch {
      // not a paragraph of this editor
    } finally {
      paragraph.style.contentVisibility = '';
    }
  };

  // a click on a word plays it (and places the caret where the editor cannot be edited)
  const onClick = (e: MouseEvent<HTMLDivElement>) => {
    const fromStatic = pressed.current;
    pressed.current = undefined;
    if (!actions || !window.getSelection()?.isCollapsed) return;
    const span = (e.target as HTMLElement).closest?.('[data-word]');
    try {
      const node = span?.isConnected ? ReactEditor.toSlateNode(editor, span) : undefined;
      const path = node && wordOf(node) ? ReactEditor.findPath(editor, node) : fromStatic;
      if (!path) return;
      actions.hear(path);
      if (!canEdit) Transforms.select(editor, { path, offset: 0 });
    } catch {
      // not a node of this editor
    }
  };

  // the document's start and end and select-all: the paragraphs there may be static, which the browser's own caret
  // movement would skip, so Slate moves the selection (and the paragraphs it lands in go live)
  const onKeyDown = (e: KeyboardEvent<HTMLDivElement>) => {
    const mod = e.ctrlKey || e.metaKey;
    if (!mod || e.altKey) return;
    const key = e.key.toLowerCase();
    if ((key === 'home' || key === 'end') && !e.shiftKey) {
      e.preventDefault();
      Transforms.select(editor, key === 'home' ? Editor.start(editor, []) : Editor.end(editor, []));
    } else if (key === 'a' && !e.shiftKey) {
      e.preventDefault();
      Transforms.select(editor, Editor.range(editor, []));
    }
  };

  const handlers: QuickInputHandlers | undefined = actions && {
    jumpTo: (seconds) => actions.seekAndPlaceCaret(seconds),
    setRewind: (seconds) => (actions.playback.rewindOnResume = seconds),
    exportAs: (format) => downloadExport(session.transcriptId, format),
    assignSpeaker: (name) => actions.assignSelectionToSpeaker(name),
    currentTime: () => actions.playback.time,
    rewind: () => actions.playback.rewindOnResume,
  };

  const empty = editor.children.length === 0 || (editor.children.length === 1 && Node.string(editor.children[0]!) === '');
  return (
    <TranscriptViewContext.Provider value={view}>
      <div className="vb-transcript" data-transcript-id={session.transcriptId}>
        <div className="vb-transcript-toolbar">
          <span className="vb-transcript-title" title={`Model ${session.record!.model.id} ${session.record!.model.version}${session.record!.plugins.length ? ` · plugins ${session.record!.plugins.map((p) => p.id).join(', ')}` : ''}`}>
            {session.media?.name ?? 'Transcript'}
          </span>
          <ModelProvenance transcriptId={session.transcriptId} model={session.record!.model} />
          <span className="vb-transcript-role" data-testid="transcript-access">{!session.canReview ? 'read only' : !canEdit ? 'review only' : ''}</span>
          {actions ? <SpeakerList session={session} actions={actions} /> : null}
          <Collaborators session={session} />
          <ThresholdSlider thresholds={workbench.thresholds} projectId={projectId} canPersist={canEdit} calibrated={calibrated} />
          {actions ? <FlagCount actions={actions} /> : null}
          <ExportMenu transcriptId={session.transcriptId} />
        </div>
        <AccessNotice session={session} />
        {parts ? (
          <FlaggedWaveform api={services.api} mediaId={mediaId} duration={duration} actions={parts.actions} threshold={threshold} />
        ) : (
          <div className="vb-waveform" data-testid="waveform" />
        )}
        {parts ? <TransportBar playback={parts.playback} /> : null}
        <div className="vb-transcript-scroll" ref={scrollRef} onClick={onClick} onMouseDownCapture={onMouseDownCapture}>
          <div className="vb-transcript-page" ref={pageRef}>
            {empty ? <p className="vb-transcript-empty">This transcript has no words.</p> : null}
            <Slate editor={editor} initialValue={editor.children} onChange={onChange}>
              <CursorBlur />
              <Editable
                data-testid="transcript-editor"
                aria-label={`Transcript of ${session.media?.name ?? 'the recording'}`}
                className="vb-editor"
                readOnly={!canEdit}
                spellCheck={false}
                renderElement={renderers.renderElement}
                renderText={renderers.renderText}
                renderChunk={renderers.renderChunk}
                onKeyDown={onKeyDown}
              />
              <RemoteCursors containerRef={pageRef} />
              {actions ? <VerifiedGutter controller={actions.verified} words={actions} onDidChangeContent={session.onDidChangeContent} containerRef={pageRef} /> : null}
              <SkipReactSelectionSave editor={editor} />
            </Slate>
          </div>
        </div>
        {prompt?.kind === 'vocabulary' ? (
          <AddToVocabularyDialog
            request={{ projectId, transcriptId: session.transcriptId, term: prompt.term, ...(prompt.correction && { correction: prompt.correction }) }}
            onClose={() => (setPrompt(undefined), actions?.focusEditor())}
          />
        ) : prompt && handlers ? (
          <QuickInput request={prompt} handlers={handlers} onClose={() => setPrompt(undefined)} />
        ) : null}
      </div>
    </TranscriptViewContext.Provider>
  );
}

/** Chunks of paragraphs (see PARAGRAPHS_PER_CHUNK) rendered with the document; the others follow in idle time. */
const FIRST_CHUNKS = 2;

/** Most paragraphs live from the first render (see LiveParagraphs' `initial`). */
const FIRST_LIVE = 4;

/** Words that fill about a screen of the editor (a tall window shows some 500). */
const FIRST_SCREEN_WORDS = 400;

/**
 * How many paragraphs from the top render live with the document: those holding about a screen of words, at most
 * {@link FIRST_LIVE} (two of a 3-hour transcript's 200-word paragraphs; four short turns of an interview). Words
 * beyond them that are in view show as static words until the observer's first report, a frame later.
 */
function firstScreen(children: readonly Descendant[]): number {
  let words = 0;
  for (let i = 0; i < Math.min(children.length, FIRST_LIVE); i++) {
    // a word and its separator are two leaves
    words += ((children[i] as { children?: unknown[] }).children?.length ?? 0) / 2;
    if (words >= FIRST_SCREEN_WORDS) return i + 1;
  }
  return FIRST_LIVE;
}

// the Slate point of the caret position at viewport point (x, y), if it is in a live word
function caretPointAt(editor: ReactEditor, x: number, y: number): Point | undefined {
  const position = document.caretPositionFromPoint?.(x, y);
  if (!position || !(position.offsetNode as Element).parentElement?.closest('[data-slate-leaf]')) return undefined;
  return ReactEditor.toSlatePoint(editor, [position.offsetNode, position.offset], { exactMatch: false, suppressThrow: true }) ?? undefined;
}

// whether the paragraph of `path` is mounted (live or static)
function isRendered(editor: ReactEditor, path: Path): boolean {
  try {
    ReactEditor.toDOMNode(editor, Node.get(editor, path.slice(0, 1)));
    return true;
  } catch {
    return false;
  }
}

// the flagged count and the waveform's regions follow the flagged words themselves, so the editor around them is
// not re-rendered when they change
function FlagCount({ actions }: { actions: TranscriptActions }) {
  useRerenderOn(actions.onDidChangeFlagged);
  return <span className="vb-flag-count">{actions.flagged.length} flagged</span>;
}

function FlaggedWaveform({ actions, ...props }: Omit<WaveformProps, 'playback' | 'regions' | 'onSeek'> & { actions: TranscriptActions }) {
  useRerenderOn(actions.onDidChangeFlagged);
  return <Waveform {...props} playback={actions.playback} regions={actions.flagged} onSeek={(t) => actions.seekAndPlaceCaret(t)} />;
}

function CursorBlur() {
  useUnsetCursorPositionOnBlur();
  return null;
}

// see skipReactSelectionSave: keeps commits from walking the whole document while the editor has the focus
function SkipReactSelectionSave({ editor }: { editor: ReactEditor }) {
  useEffect(() => {
    try {
      return skipReactSelectionSave(ReactEditor.toDOMNode(editor, editor));
    } catch {
      return undefined;
    }
  }, [editor]);
  return null;
}

function Collaborators({ session }: { session: TranscriptSession }) {
  useRerenderOn(session.onDidChange);
  return (
    <span className="vb-collaborators" aria-label="People on this transcript">
      {session.collaborators.map((c) => (
        <span key={c.clientId} className="vb-collaborator" style={{ backgroundColor: c.color }} title={c.self ? `${c.name} (you)` : c.name}>
          {initials(c.name)}
        </span>
      ))}
    </span>
  );
}

function initials(name: string): string {
  return (
    name
      .split(/\s+/)
      .filter(Boolean)
      .slice(0, 2)
      .map((w) => w[0]!.toUpperCase())
      .join('') || '?'
  );
}
