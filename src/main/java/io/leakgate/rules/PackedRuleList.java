package io.leakgate.rules;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.AbstractList;
import java.util.RandomAccess;

/**
 * The rules of a packed pack, each decoded when first asked for: a hook's push usually wakes a
 * handful of the pack's rules, and decoding all of them cost more than scanning the push.
 * Immutable; safe to share between threads (a rule decoded twice by a race is the same rule, and
 * a {@link Rule} is immutable).
 */
final class PackedRuleList extends AbstractList<Rule> implements RandomAccess {
    /** Decodes one rule from the pack. */
    interface Decoder {
        Rule decode(int index) throws IOException;
    }

    private final Rule[] decoded;
    private final Decoder decoder;

    PackedRuleList(int size, Decoder decoder) {
        this.decoded = new Rule[size];
        this.decoder = decoder;
    }

    @Override
    public Rule get(int index) {
        Rule r = decoded[index];
        if (r == null) {
            try {
                r = decoder.decode(index);
            } catch (IOException e) {
                throw new UncheckedIOException("the bundled rule pack is damaged (rule " + index + ")", e);
            }
            decoded[index] = r;
        }
        return r;
    }

    @Override
    public int size() {
        return decoded.length;
    }
}
