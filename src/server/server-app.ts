/** What the server needs of the app: the App API plus the process's metrics and a run's history. */
import type { App } from '../app-api.ts';
import type { HistoryEvent } from '../core/events.ts';

/** The App the server drives (`openApp()` returns one). */
export interface ServerApp extends App {
  /** Prometheus exposition text. */
  renderMetrics(): Promise<string>;
  /** A run's durable history after `afterSeq`. */
  readHistory(runId: string, afterSeq?: number): Promise<HistoryEvent[]>;
}
