/**
 * Stage: Detector. Scans one byte buffer against the rules: keyword automaton, regex windows,
 * entropy, validators, stand-ins, one finding per secret. No I/O; where the bytes came from is the
 * source's business.
 */
package io.leakgate.detect;
