/**
 * The one wrapper around RE2J: compiling with size limits, the lazy DFA prefilter, required
 * literals and window spans read from the parse tree. The only package that imports RE2J; it reads
 * RE2J's internals through one small accessor and falls back to plain RE2J if that cannot link.
 */
package io.leakgate.regex;
