import { Emitter, type Disposable, type Event } from '../queue/Emitter.ts';
import { removeMedia, removeProject, removeTranscript, type RemoveContentDeps, type RemovedContent } from './removeContent.ts';

/**
 * Deletes projects, recordings and transcripts (see `removeContent`) and says so once each removal has committed, so
 * that whatever holds removed content open (a transcript's collaboration room) lets go at once rather than at its next
 * check. Access is the caller's to check first.
 *
 * @example
 * const content = new ContentRemover({ db, media, queue, projects });
 * content.onDidRemoveContent(({ transcriptIds }) => closeRooms(transcriptIds));
 * content.removeTranscript(id);
 */
export class ContentRemover implements Disposable {
  readonly #deps: RemoveContentDeps;
  readonly #onDidRemoveContent = new Emitter<RemovedContent>();
  /** Fires after a removal committed (and its files went), with what it took; never for a removal that found nothing. */
  readonly onDidRemoveContent: Event<RemovedContent> = this.#onDidRemoveContent.event;

  constructor(deps: RemoveContentDeps) {
    this.#deps = deps;
  }

  /** See `removeTranscript`: undefined when there is no such transcript. */
  removeTranscript(transcriptId: string): RemovedContent | undefined {
    return this.#reported(removeTranscript(this.#deps, transcriptId));
  }

  /** See `removeMedia`: the recording with its transcripts; undefined when there is no such recording. */
  removeMedia(mediaId: string): RemovedContent | undefined {
    return this.#reported(removeMedia(this.#deps, mediaId));
  }

  /** See `removeProject`: everything in it. Throws `AuthError` `project-not-found`. */
  removeProject(projectId: string): RemovedContent {
    return this.#reported(removeProject(this.#deps, projectId));
  }

  dispose(): void {
    this.#onDidRemoveContent.dispose();
  }

  #reported<T extends RemovedContent | undefined>(removed: T): T {
    if (removed !== undefined) this.#onDidRemoveContent.fire(removed);
    return removed;
  }
}
