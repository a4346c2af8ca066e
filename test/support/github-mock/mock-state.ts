/**
 * The in-memory world of the GitHub mock: repositories with branches, issues and pull requests
 * (which share numbers, as on GitHub), comments, reviews, labels, commit statuses, check runs and
 * collaborator permissions.
 */
import type { CommitState, ForgePermission, RepoRef } from '../../../src/engine/ports/forge.ts';
import type { MockReview } from '../../../src/integrations/forge-conformance/forge-mock.ts';

/** A pull request's own fields; the rest lives on its issue. */
export interface PullState {
  head: string;
  base: string;
  draft: boolean;
  reviews: MockReview[];
}

/** An issue, or the issue half of a pull request. */
export interface IssueState {
  number: number;
  title: string;
  body: string;
  author: string;
  state: 'open' | 'closed';
  labels: string[];
  comments: Array<{ id: number; body: string }>;
  pull?: PullState;
}

/** A check run as the mock holds it. */
export interface CheckRunState {
  id: number;
  appId: number;
  name: string;
  headSha: string;
  status: 'queued' | 'in_progress' | 'completed';
  conclusion: string | null;
  detailsUrl: string;
  title: string;
}

/** One repository. */
export interface RepoState {
  id: number;
  owner: string;
  name: string;
  branches: Set<string>;
  protectedBranches: Set<string>;
  issues: Map<number, IssueState>;
  permissions: Map<string, ForgePermission>;
  /** Every status posted, by commit, oldest first. */
  statuses: Map<string, Array<{ id: number; state: CommitState; context: string; description: string; targetUrl: string }>>;
  checkRuns: CheckRunState[];
}

/** The whole world. */
export class MockState {
  readonly repos = new Map<string, RepoState>();
  private lastId = 1000;

  /** A fresh id for any object. */
  nextId(): number {
    return ++this.lastId;
  }

  /** Creates (or replaces) a repository whose owner has admin permission. */
  createRepo(ref: RepoRef, branches: string[] = []): RepoState {
    const repo: RepoState = {
      id: this.nextId(), owner: ref.owner, name: ref.name, branches: new Set(['main', ...branches]), protectedBranches: new Set(),
      issues: new Map(), permissions: new Map([[ref.owner, 'admin']]), statuses: new Map(), checkRuns: [],
    };
    this.repos.set(key(ref.owner, ref.name), repo);
    return repo;
  }

  /** The repository, if it exists. */
  repo(owner: string, name: string): RepoState | undefined {
    return this.repos.get(key(owner, name));
  }

  /** The repository; throws in test code that names one that was not created. */
  mustRepo(ref: RepoRef): RepoState {
    const repo = this.repo(ref.owner, ref.name);
    if (!repo) throw new Error(`the mock has no repository ${ref.owner}/${ref.name}; call createRepo first`);
    return repo;
  }

  /** Adds an issue (or pull request, with `pull`) under the next number. */
  addIssue(repo: RepoState, fields: Omit<IssueState, 'number' | 'comments' | 'state'>): IssueState {
    const issue: IssueState = { ...fields, number: repo.issues.size + 1, comments: [], state: 'open' };
    repo.issues.set(issue.number, issue);
    return issue;
  }
}

/** GitHub compares owner and name without case. */
function key(owner: string, name: string): string {
  return `${owner}/${name}`.toLowerCase();
}
