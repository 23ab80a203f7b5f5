/**
 * Stage: Finding, the result model. What a scan found and where ({@code Finding}, {@code Location},
 * {@code Provenance}, {@code Skipped}, {@code ScanResult}), the rule as a finding names it
 * ({@code RuleRef}, {@code Severity}) and fingerprints. Every other part may use it; it uses none.
 */
package io.leakgate.finding;
