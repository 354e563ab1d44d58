import { type FormEvent, useEffect, useRef, useState } from 'react';
import { useWorkbench } from '../../platform/WorkbenchContext.tsx';
import type { SearchHitJson } from '../../shell/ApiJson.ts';
import { useRerenderOn, useShell } from '../../shell/ShellContext.tsx';
import { formatTime } from '../formatTime.ts';

interface Results {
  query: string;
  hits: SearchHitJson[];
  truncated: boolean;
}

const DEBOUNCE_MS = 300;

/**
 * Search across a project's transcripts (GET /api/projects/:id/search?q=): results by recording, each with the
 * speaker, the turn's time and the text around the match; a click opens the transcript at that time.
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
            {hits.map((hit, i) => (
              <li key={i}>
                <button
                  type="button"
                  className="search-result"
                  data-testid="search-result"
                  data-transcript-id={hit.transcriptId}
                  data-start={hit.start}
                  onClick={() => openTranscript(hit.transcriptId, { at: hit.start })}
                >
                  <span className="search-result-meta">
                    {formatTime(hit.start)} · {hit.speaker}
                  </span>
                  <Snippet text={hit.snippet} query={results?.query ?? ''} />
                </button>
              </li>
            ))}
          </ul>
        </section>
      ))}
    </div>
  );
}

/** The snippet with each occurrence of the query marked (case-insensitive, as the server matched). */
function Snippet({ text, query }: { text: string; query: string }) {
  const lower = text.toLowerCase();
  const needle = query.toLowerCase();
  if (!needle || lower.length !== text.length) return <span className="search-snippet">{text}</span>;
  const parts: { text: string; mark: boolean }[] = [];
  let from = 0;
  for (let at = lower.indexOf(needle); at >= 0; at = lower.indexOf(needle, at + needle.length)) {
    if (at > from) parts.push({ text: text.slice(from, at), mark: false });
    parts.push({ text: text.slice(at, at + needle.length), mark: true });
    from = at + needle.length;
  }
  if (from < text.length) parts.push({ text: text.slice(from), mark: false });
  return <span className="search-snippet">{parts.map((p, i) => (p.mark ? <mark key={i}>{p.text}</mark> : <span key={i}>{p.text}</span>))}</span>;
}
