/** What the search tool looks for and what it finds, shared by its two engines. */

/** One search. */
export interface SearchQuery {
  pattern: string;
  /** Match the pattern as plain text, not as a regular expression. */
  literal: boolean;
  caseInsensitive: boolean;
  /** Workspace-relative `/`-separated file or directory to search (`.` for all). */
  path: string;
  /** Only files matching this glob (see path-glob.ts). */
  glob?: string;
  /** Stop after this many hits. */
  limit: number;
}

/** One matching line. */
export interface SearchHit {
  /** Workspace-relative `/`-separated path. */
  file: string;
  line: number;
  text: string;
}

/** The hits, and whether more were left unread. */
export interface SearchOutcome {
  hits: SearchHit[];
  more: boolean;
}
