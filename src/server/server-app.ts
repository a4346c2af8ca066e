/** What the server needs of the app: the App API plus metrics, histories, workflow descriptions and artifacts. */
import type { App, ArtifactInfo, WorkflowDescription } from '../app-api.ts';
import type { HistoryEvent } from '../core/events.ts';

/** The App the server drives (`openApp()` returns one). */
export interface ServerApp extends App {
  /** Prometheus exposition text. */
  renderMetrics(): Promise<string>;
  /** A run's durable history after `afterSeq`. */
  readHistory(runId: string, afterSeq?: number): Promise<HistoryEvent[]>;
  /** Parses the workflow file `file` (relative to `root`, and so named in diagnostics); throws ADO_WORKFLOW_INVALID with positions. */
  describeWorkflow(root: string, file: string): Promise<WorkflowDescription>;
  /** The artifacts a run uploaded. */
  listArtifacts(runId: string): Promise<ArtifactInfo[]>;
  /** One file of an artifact as a stream, or undefined when there is no such artifact or file. */
  openArtifactFile(runId: string, name: string, file: string): Promise<{ size: number; stream: ReadableStream<Uint8Array> } | undefined>;
  /** A whole artifact as a gzip'd tar stream, or undefined when there is no such artifact. */
  artifactArchive(runId: string, name: string): Promise<ReadableStream<Uint8Array> | undefined>;
}
