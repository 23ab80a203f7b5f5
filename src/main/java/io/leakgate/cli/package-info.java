/**
 * The command line: picocli commands that parse options, wire a source to the detector, policy
 * and report, and map outcomes to exit codes (0 clean, 1 findings, 2 errors). No business logic.
 */
package io.leakgate.cli;
