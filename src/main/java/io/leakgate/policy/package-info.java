/**
 * Stage: Policy. What counts among the findings: baselines, ignore files, inline allows, triage.
 * Knows only findings.
 */
package io.leakgate.policy;
