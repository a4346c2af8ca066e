/**
 * The shapes of names users choose: projects and workflows are slugs (they appear in URLs and
 * directory names), variables and secrets follow GitHub's rules for names.
 */

/** Project and workflow ids: lower-case letters, digits and `-`, starting with a letter or digit, at most 63. */
export const slugPattern = /^[a-z0-9][a-z0-9-]{0,62}$/;

/** Variable and secret names (GitHub's rule): letters, digits and `_`, not starting with a digit or GITHUB_. */
export const variableNamePattern = /^(?!GITHUB_)[A-Za-z_][A-Za-z0-9_]{0,99}$/i;

/**
 * Secret names: as variables, and GITHUB_TOKEN. GitHub reserves the prefix because it provides that
 * token itself; a server has to be given it, and the forge steps, the `/autodevops` comment gate and
 * commit statuses read the project secret of that name.
 */
export const secretNamePattern = new RegExp(`^GITHUB_TOKEN$|${variableNamePattern.source}`, 'i');

/** The project of server-wide tokens: they may act on every project, and admins may create projects. */
export const serverProject = '*';

/** True for a valid project or workflow id. */
export function isSlug(text: string): boolean {
  return slugPattern.test(text);
}
