package io.leakgate.detect;

/**
 * Another place the same secret was seen (same rule, same secret): in history, the same key
 * in other paths or commits is one finding with a list of locations, not hundreds of findings.
 *
 * @param provenance the commit that introduced it there, or null outside history scans
 */
public record Location(String path, int line, Provenance provenance) {
}
