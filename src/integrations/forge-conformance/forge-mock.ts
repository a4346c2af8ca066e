/**
 * What the forge conformance suite needs from a forge's local mock server, in forge-neutral terms:
 * arranging repositories, issues and failure scenarios, and reading back what the forge received.
 * Each forge's mock (test/support/<forge>-mock) implements it over its own protocol.
 */
import type { CommitState, ForgePermission, RepoRef } from '../../engine/ports/forge.ts';

/** A pull request as the mock holds it. */
export interface MockPullRequest {
  number: number;
  head: string;
  base: string;
  title: string;
  body: string;
  draft: boolean;
  state: 'open' | 'closed';
}

/** One review as the mock received it. */
export interface MockReview {
  commitSha: string;
  body: string;
  comments: Array<{ path: string; line: number; body: string; side: 'LEFT' | 'RIGHT' }>;
}

/** The latest status of one context on a commit. */
export interface MockStatus {
  context: string;
  state: CommitState;
  description: string;
  targetUrl: string;
}

/** Arranges a forge's mock and reads back what it received. */
export interface ForgeMock {
  /** A repository with a default branch `main` and the given extra branches. */
  createRepo(repo: RepoRef, options?: { branches?: string[] }): void;
  /** Makes the forge refuse changes that involve this branch, as it does for protected branches. */
  protectBranch(repo: RepoRef, branch: string): void;
  /** An open issue; returns its number. */
  createIssue(repo: RepoRef, issue: { title: string; body: string; author: string; labels?: string[] }): number;
  /** An open pull request made outside autodevops; returns its number. */
  createPullRequest(repo: RepoRef, pr: { head: string; base: string; title: string; body: string }): number;
  /** Gives a user a permission on a repository. */
  setPermission(repo: RepoRef, user: string, permission: ForgePermission): void;
  /** The repository's pull requests, oldest first. */
  pullRequests(repo: RepoRef): MockPullRequest[];
  /** Bodies of the comments on an issue or pull request, oldest first. */
  comments(repo: RepoRef, number: number): string[];
  /** Reviews of a pull request, oldest first. */
  reviews(repo: RepoRef, number: number): MockReview[];
  /** The latest status per context of a commit. */
  statuses(repo: RepoRef, sha: string): MockStatus[];
  /** The label names of an issue or pull request. */
  labels(repo: RepoRef, number: number): string[];
  /** From now on the credentials in use are refused as expired. */
  expireCredentials(): void;
  /** The next `requests` API requests are answered as rate limited, with this reset time. */
  rateLimit(options: { requests: number; resetAt: Date }): void;
  /** How many requests were answered as rate limited so far. */
  rateLimitedCount(): number;
  /** Requests the mock found invalid against the forge's API description; a conformant client sends none. */
  violations(): string[];
}
