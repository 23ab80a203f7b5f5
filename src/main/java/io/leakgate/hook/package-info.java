/**
 * Stage: Verdict, for Git hooks. The hook protocols (pre-receive, pre-push, pre-commit), the
 * quarantine, the server's settings, the accept/reject decision and its audit log, and the
 * installers. Hooks ask the git that runs them for objects rather than opening the repository
 * with JGit: that is faster for a JVM started once per push.
 */
package io.leakgate.hook;
