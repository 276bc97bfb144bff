package io.pgswap;

import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;

/** The one factory for pgswap's background threads: daemons, named so a thread dump says what they are. */
public final class Threads {
    private Threads() {
    }

    public static ThreadFactory daemon(String name) {
        AtomicInteger n = new AtomicInteger();
        return r -> {
            int k = n.incrementAndGet();
            Thread t = new Thread(r, k == 1 ? name : name + "-" + k);
            t.setDaemon(true);
            return t;
        };
    }

    public static ScheduledExecutorService timer(String name) {
        return Executors.newSingleThreadScheduledExecutor(daemon(name));
    }
}
