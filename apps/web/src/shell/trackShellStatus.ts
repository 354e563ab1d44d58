import { type Disposable, DisposableStore, toDisposable } from '../platform/Disposable.ts';
import type { StatusItem } from '../platform/StatusBarService.ts';
import { jobsStatusItem } from './jobsStatusItem.ts';
import type { WorkbenchController } from './WorkbenchController.ts';

/**
 * The shell's own status bar items: `connection` (the browser's online state; an open transcript shows its
 * WebSocket's state under the same id while it is active, and the shell's comes back when that goes) and `jobs`
 * (files uploading and transcriptions queued or running, with their mean progress; see {@link jobsStatusItem}).
 */
export function trackShellStatus(controller: WorkbenchController, target: Window): Disposable {
  const { status } = controller.services;
  const store = new DisposableStore();
  let disposed = false;
  let online = target.navigator?.onLine ?? true;
  let connection: StatusItem | undefined;
  let connectionShown: Disposable | undefined;
  let jobsShown: Disposable | undefined;

  const showConnection = () => {
    connection = {
      id: 'connection',
      text: online ? '● Online' : '○ Offline',
      title: online ? 'The server can be reached' : 'The browser is offline: changes are kept and sent when it reconnects',
      alignment: 'left',
      priority: 100,
    };
    connectionShown = status.set(connection);
  };
  const setOnline = (value: boolean) => {
    online = value;
    // only replace our own item; an editor's connection state stays on top
    const shown = status.get('connection');
    if (!shown || shown === connection) showConnection();
  };
  const onOnline = () => setOnline(true);
  const onOffline = () => setOnline(false);
  target.addEventListener('online', onOnline);
  target.addEventListener('offline', onOffline);
  store.add(
    status.onDidChange(() => {
      if (!status.get('connection')) queueMicrotask(() => !disposed && !status.get('connection') && showConnection());
    }),
  );
  showConnection();

  const showJobs = () => {
    jobsShown = status.set(jobsStatusItem(controller.uploads.items(), controller.jobs.active()));
  };
  store.add(controller.jobs.onDidChangeJob(showJobs));
  store.add(controller.jobs.onDidChangeWatched(showJobs));
  store.add(controller.uploads.onDidChange(showJobs));
  showJobs();

  store.add(
    toDisposable(() => {
      disposed = true;
      target.removeEventListener('online', onOnline);
      target.removeEventListener('offline', onOffline);
      connectionShown?.dispose();
      jobsShown?.dispose();
    }),
  );
  return store;
}
