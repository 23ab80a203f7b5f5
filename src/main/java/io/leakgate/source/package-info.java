/**
 * Stages: Source, Content and Unwrap. Every way content arrives (directory walk, stdin, Git
 * history, image layers) yields bytes and a path to one scan step ({@code ContentScan}), which
 * opens archives, decodes encodings, transcodes UTF-16/32, applies limits and records what it
 * could not scan.
 */
package io.leakgate.source;
