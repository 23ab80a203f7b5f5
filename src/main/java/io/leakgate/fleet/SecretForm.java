package io.leakgate.fleet;

import io.leakgate.finding.Finding;
import io.leakgate.finding.Fingerprint;
import io.leakgate.report.Redactor;
import io.leakgate.source.git.BlobMemory;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * How a secret is kept in the datastore: redacted (unless the run stores secrets), with a secret
 * id beside it that tells secrets apart without holding them. The id is the slow, salted
 * {@link Fingerprint} of the secret under no path, so the datastore is no cheap oracle for
 * guessing weak secrets; a finding's datastore fingerprint is a digest of rule, path and id.
 */
final class SecretForm {
    /** Prefix of datastore fingerprints: they differ from {@code leakgate git}'s, which need the secret. */
    static final String PREFIX = "ds1-";

    /** The attribute saying whether the datastore holds a finding's secret {@code full} or {@code redacted}. */
    static final String FORM = "secret-form";

    private final boolean storeSecrets;
    private final Redactor redactor = new Redactor(false);

    SecretForm(boolean storeSecrets) {
        this.storeSecrets = storeSecrets;
    }

    /** The finding as the datastore keeps it; a finding already in that form is returned as it is. */
    Finding kept(Finding f) {
        if (f.attributes().containsKey(BlobMemory.SECRET_ID)) {
            return f;
        }
        Map<String, String> attrs = new LinkedHashMap<>(f.attributes());
        attrs.put(BlobMemory.SECRET_ID, Fingerprint.of(f.rule().id(), "", f.secret()));
        attrs.put(FORM, storeSecrets ? "full" : "redacted");
        return new Finding(f.rule(), f.path(), f.line(), f.column(), f.endLine(), f.endColumn(),
                storeSecrets ? f.secret() : redactor.apply(f.secret()), null, f.tags(), f.provenance(), attrs,
                f.others(), f.kind());
    }

    /**
     * A finding recalled from the datastore, in the form this run keeps: a secret an earlier run
     * stored in full is redacted unless this run stores secrets too.
     */
    Finding recalled(Finding f) {
        if (storeSecrets || !"full".equals(f.attributes().get(FORM))) {
            return f;
        }
        Map<String, String> attrs = new LinkedHashMap<>(f.attributes());
        attrs.put(FORM, "redacted");
        return new Finding(f.rule(), f.path(), f.line(), f.column(), f.endLine(), f.endColumn(),
                redactor.apply(f.secret()), null, f.tags(), f.provenance(), attrs, f.others(), f.kind());
    }

    /** The finding's secret as a report shows it: redacted once, whether the datastore redacted it or not. */
    static Finding shown(Finding f, Redactor redactor) {
        if ("redacted".equals(f.attributes().get(FORM))) {
            return f;
        }
        return new Finding(f.rule(), f.path(), f.line(), f.column(), f.endLine(), f.endColumn(),
                redactor.apply(f.secret()), f.fingerprint(), f.tags(), f.provenance(), f.attributes(), f.others(),
                f.kind());
    }

    /** The finding with its datastore fingerprint, from rule, path and secret id. */
    static Finding fingerprinted(Finding f) {
        String id = f.attributes().get(BlobMemory.SECRET_ID);
        String fp = fingerprint(f.rule().id(), f.path(), id != null ? id : f.secret());
        return new Finding(f.rule(), f.path(), f.line(), f.column(), f.endLine(), f.endColumn(), f.secret(), fp,
                f.tags(), f.provenance(), f.attributes(), f.others(), f.kind());
    }

    static String fingerprint(String ruleId, String path, String secretId) {
        try {
            MessageDigest d = MessageDigest.getInstance("SHA-256");
            for (String part : new String[] {"leakgate datastore finding", ruleId, path, secretId}) {
                d.update(part.getBytes(StandardCharsets.UTF_8));
                d.update((byte) 0);
            }
            return PREFIX + HexFormat.of().formatHex(d.digest(), 0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required by every Java runtime", e);
        }
    }
}
