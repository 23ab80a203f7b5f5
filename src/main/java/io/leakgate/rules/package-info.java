/**
 * Stage: rules. The rule model, loading TOML packs (leakgate's and gitleaks') with line-precise
 * errors, examples, and the bundled pack in its packed form. Knows nothing of Git, files or findings'
 * places.
 */
package io.leakgate.rules;
