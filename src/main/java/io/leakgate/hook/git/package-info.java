/**
 * A client of git's own command line for the hooks ({@code cat-file --batch}, {@code log --raw},
 * {@code config --list}): inside a hook it sees the quarantine and the index, and starts faster
 * than opening the repository with JGit.
 */
package io.leakgate.hook.git;
