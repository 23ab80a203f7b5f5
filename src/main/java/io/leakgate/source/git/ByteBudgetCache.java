package io.leakgate.source.git;

import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.ToLongFunction;

/**
 * A map that keeps recently used entries up to a byte budget, least recently used dropped
 * first. It drops as many as it takes: one out per one in would bound the count, not the bytes,
 * and the objects of a history grow as the history does.
 */
final class ByteBudgetCache<K, V> extends LinkedHashMap<K, V> {
    private static final long serialVersionUID = 1L;
    private final long budget;
    private final transient ToLongFunction<V> cost;
    private long bytes;

    /** @param cost what one value counts against the budget */
    ByteBudgetCache(long budget, ToLongFunction<V> cost) {
        super(1024, 0.75f, true);
        this.budget = budget;
        this.cost = cost;
    }

    @Override
    public V put(K key, V value) {
        V old = super.put(key, value);
        bytes += cost.applyAsLong(value) - (old == null ? 0 : cost.applyAsLong(old));
        Iterator<Map.Entry<K, V>> it = entrySet().iterator();
        while (bytes > budget && it.hasNext()) {
            V eldest = it.next().getValue();
            if (eldest == value) {
                break;
            }
            bytes -= cost.applyAsLong(eldest);
            it.remove();
        }
        return old;
    }
}
