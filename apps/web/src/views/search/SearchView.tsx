import { type FormEvent, useEffect, useRef, useState } from 'react';
import { useWorkbench } from '../../platform/WorkbenchContext.tsx';
import type { SearchHitJson } from '../../shell/ApiJson.ts';
import { useRerenderOn, useShell } from '../../shell/ShellContext.tsx';
import { formatTime } from '../formatTime.ts';
import { snippetParts } from './snippetParts.ts';

interface Results {
  query: string;
  hits: SearchHitJson[];
  truncated: boolean;
}

const DEBOUNCE_MS = 300;

/**
 * Search across a project's transcripts (GET /api/projects/:id/search?q=): results by recording, each with the
 * speaker, the turn's time and the text around the match (marked); a click opens the transcript with the match selected.
 */
export function SearchView({ projectId }: { projectId: string }) {
  const { api, openTranscript } = useWorkbench();
  const { projects } = useShell();
  useRerenderOn(projects.onDidChange);
  const [query, setQuery] = useState('');
  const [results, setResults] = useState<Results>();
  const [error, setError] = useState<string>();
  const [busy, setBusy] = useState(false);
  const pending = useRef<AbortController | undefined>(undefined);

  const search = async (text: string) => {
    pending.current?.abort();
    const q = text.trim();
    if (!q) {
      setResults(undefined);
      setError(undefined);
      return;
    }
    const abort = new AbortController();
    pending.current = abort;
    setBusy(true);
    try {
      const answer = await api.get<Results>(`/api/projects/${projectId}/search?q=${encodeURIComponent(q)}`, abort.signal);
      if (abort.signal.aborted) return;
      setResults(answer);
      setError(undefined);
      // titles of the transcripts found
      if (!projects.contents(projectId)) void projects.loadContents(projectId).catch(() => {});
    } catch (err) {
      if (abort.signal.aborted) return;
      setError(err instanceof Error ? err.message : String(err));
    } finally {
      if (!abort.signal.aborted) setBusy(false);
    }
  };

  useEffect(() => {
    const timer = setTimeout(() => void search(query), DEBOUNCE_MS);
    return () => clearTimeout(timer);
    // search as the user types, after a pause
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [query, projectId]);

  useEffect(() => () => pending.current?.abort(), []);

  const submit = (e: FormEvent) => {
    e.preventDefault();
    void search(query);
  };

  const groups = new Map<string, SearchHitJson[]>();
  for (const hit of results?.hits ?? []) groups.set(hit.transcriptId, [...(groups.get(hit.transcriptId) ?? []), hit]);

  return (
    <div className="search-view">
      <form onSubmit={submit} role="search">
        <input
          data-testid="search-input"
          type="search"
          className="search-input"
          aria-label="Search the project's transcripts"
          placeholder="Search"
          maxLength={200}
          value={query}
          onChange={(e) => setQuery(e.target.value)}
        />
      </form>
      {busy && <div className="busy-bar" aria-hidden="true" />}
      {error && (
        <p className="form-error" role="alert">
          {error}
        </p>
      )}
      {results && (
        <p className="search-summary" aria-live="polite">
          {results.hits.length === 0
            ? `No results for “${results.query}”.`
            : `${results.hits.length}${results.truncated ? '+' : ''} result${results.hits.length === 1 ? '' : 's'} in ${groups.size} transcript${groups.size === 1 ? '' : 's'}`}
        </p>
      )}
      {[...groups].map(([transcriptId, hits]) => (
        <section key={transcriptId} className="search-group" aria-label={projects.titleOf(transcriptId)}>
          <h3 className="search-group-title">{projects.titleOf(transcriptId)}</h3>
          <ul className="search-results">
            {hits.map((hit, i) => {
              // the server lists a turn's matches in order: this is its n-th in that turn
              const occurrence = hits.slice(0, i).filter((h) => h.start === hit.start).length;
              const query = results?.query ?? '';
              return (
                <li key={i}>
                  <button
                    type="button"
                    className="search-result"
                    data-testid="search-result"
                    data-transcript-id={hit.transcriptId}
                    data-start={hit.start}
                    onClick={() => openTranscript(hit.transcriptId, { at: hit.start, find: { text: query, occurrence } })}
                  >
                    <span className="search-result-meta">
                      {formatTime(hit.start)} · {hit.speaker}
                    </span>
                    <Snippet text={hit.snippet} query={query} occurrence={occurrence} />
                  </button>
                </li>
              );
            })}
          </ul>
        </section>
      ))}
    </div>
  );
}

/** The snippet centred on the hit's own match, which is marked; the whole snippet when the match cannot be found in it. */
function Snippet({ text, query, occurrence }: { text: string; query: string; occurrence: number }) {
  const parts = snippetParts(text, query, occurrence);
  if (!parts) return <span className="search-snippet">{text}</span>;
  return (
    <span className="search-snippet">
      {parts.before}
      <mark>{parts.match}</mark>
      {parts.after}
    </span>
  );
}
