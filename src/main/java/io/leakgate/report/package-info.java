/**
 * Stage: Report. Findings written in each format (text, JSON, SARIF, CSV, JUnit), with redaction
 * and escaping of anything a person reads. Knows only findings.
 */
package io.leakgate.report;
