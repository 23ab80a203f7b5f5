/** Unwrap: base64, hex and percent-encoded spans, decoded for a second look by the detector. */
package io.leakgate.source.encoding;
