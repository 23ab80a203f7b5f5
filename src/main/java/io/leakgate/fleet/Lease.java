package io.leakgate.fleet;

import java.sql.Connection;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Keeps this process's claims alive: every third of the lease it renews each claim held, so a
 * claim expires only when its worker stops (killed, cut off, stalled), and another takes it over.
 */
final class Lease implements AutoCloseable {
    private final Datastore store;
    private final Map<WorkList.Claim, WorkList> held = new ConcurrentHashMap<>();
    private final ScheduledExecutorService timer;

    Lease(Datastore store, String runId, Duration lease) {
        this.store = store;
        this.timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "leakgate-lease-" + runId);
            t.setDaemon(true);
            return t;
        });
        long period = Math.max(50, lease.toMillis() / 3);
        timer.scheduleWithFixedDelay(this::renewAll, period, period, TimeUnit.MILLISECONDS);
    }

    void hold(WorkList work, WorkList.Claim claim) {
        held.put(claim, work);
    }

    void release(WorkList.Claim claim) {
        held.remove(claim);
    }

    private void renewAll() {
        if (held.isEmpty()) {
            return;
        }
        try (Connection c = store.connect()) {
            for (Map.Entry<WorkList.Claim, WorkList> e : held.entrySet()) {
                try {
                    e.getValue().renew(c, e.getKey());
                } catch (java.sql.SQLException ex) {
                    c.rollback();
                    // the next renewal tries again; a claim lost meanwhile is found out on completion
                }
            }
        } catch (Exception ex) {
            // the datastore is unreachable for now: the same
        }
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }
}
