/**
 * Source: Git history. Unique blobs read once from the packs in pack order, commits and tags walked
 * with JGit, provenance attached afterwards, findings grouped by rule and secret.
 */
package io.leakgate.source.git;
