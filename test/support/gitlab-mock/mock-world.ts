/**
 * The GitLab mock's in-memory world: projects with branches, issues and merge requests (numbered
 * apart, by `iid`, as on GitLab), notes, discussion threads, commit statuses and members.
 */
import type { RepoRef } from '../../../src/engine/ports/forge.ts';

/** A note made through a `/notes` endpoint. */
export interface NoteState {
  id: number;
  body: string;
}

/** A diff position as the mock received it (form fields, so text). */
export type PositionState = Record<string, string>;

/** A thread started through `/discussions`: on the overview page, or on a line with a position. */
export interface ThreadState {
  id: string;
  noteId: number;
  body: string;
  position?: PositionState;
}

/** One file of a merge request's diff, as `GET …/diffs` returns it. */
export interface MockFileDiff {
  oldPath: string;
  newPath: string;
  /** The hunks, from the first `@@`. */
  diff: string;
}

/** A merge request. */
export interface MergeRequestState {
  iid: number;
  id: number;
  sourceBranch: string;
  targetBranch: string;
  title: string;
  description: string;
  state: 'opened' | 'closed' | 'merged';
  author: string;
  notes: NoteState[];
  threads: ThreadState[];
  diffs: MockFileDiff[];
}

/** An issue. */
export interface IssueState {
  iid: number;
  id: number;
  title: string;
  description: string | null;
  labels: string[];
  author: string;
  state: 'opened' | 'closed';
  notes: NoteState[];
}

/** An external commit status. */
export interface StatusState {
  id: number;
  sha: string;
  name: string;
  status: 'pending' | 'running' | 'success' | 'failed' | 'canceled' | 'skipped';
  description: string;
  targetUrl: string;
  /** The pipeline GitLab attaches the status to (one per commit, unless the request names one). */
  pipelineId: number;
}

/** A project. */
export interface ProjectState {
  id: number;
  path: string;
  branches: Set<string>;
  protectedBranches: Set<string>;
  issues: Map<number, IssueState>;
  mergeRequests: Map<number, MergeRequestState>;
  statuses: StatusState[];
  /** Access level by username. */
  members: Map<string, number>;
}

/** Every project, by path (compared without case, as GitLab does). */
export class MockWorld {
  readonly projects = new Map<string, ProjectState>();
  private readonly users = new Map<string, number>();
  private lastId = 100;

  /** The user id of a username, made up on first use. */
  userId(username: string): number {
    if (!this.users.has(username)) this.users.set(username, this.users.size + 1);
    return this.users.get(username)!;
  }

  /** A fresh id for any object. */
  nextId(): number {
    return ++this.lastId;
  }

  /** Creates (or replaces) a project whose owner (the first path segment) is its Owner. */
  createProject(ref: RepoRef, branches: string[] = []): ProjectState {
    const project: ProjectState = {
      id: this.nextId(), path: `${ref.owner}/${ref.name}`, branches: new Set(['main', ...branches]), protectedBranches: new Set(),
      issues: new Map(), mergeRequests: new Map(), statuses: [], members: new Map([[ref.owner.split('/')[0]!, 50]]),
    };
    this.projects.set(project.path.toLowerCase(), project);
    return project;
  }

  /** The project of a `:id` (numeric id or URL-decoded path), if it exists. */
  project(id: string): ProjectState | undefined {
    if (/^\d+$/.test(id)) return [...this.projects.values()].find((p) => p.id === Number(id));
    return this.projects.get(id.toLowerCase());
  }

  /** The project; throws in test code that names one that was not created. */
  mustProject(ref: RepoRef): ProjectState {
    const project = this.project(`${ref.owner}/${ref.name}`);
    if (!project) throw new Error(`the mock has no project ${ref.owner}/${ref.name}; call createRepo first`);
    return project;
  }

  /** Adds an issue under the project's next issue iid. */
  addIssue(project: ProjectState, fields: Pick<IssueState, 'title' | 'description' | 'labels' | 'author'>): IssueState {
    const issue: IssueState = { ...fields, iid: project.issues.size + 1, id: this.nextId(), state: 'opened', notes: [] };
    project.issues.set(issue.iid, issue);
    return issue;
  }

  /** Adds a merge request under the project's next merge request iid. */
  addMergeRequest(project: ProjectState, fields: Pick<MergeRequestState, 'sourceBranch' | 'targetBranch' | 'title' | 'description' | 'author'>): MergeRequestState {
    const mr: MergeRequestState = { ...fields, iid: project.mergeRequests.size + 1, id: this.nextId(), state: 'opened', notes: [], threads: [], diffs: [] };
    project.mergeRequests.set(mr.iid, mr);
    return mr;
  }
}
