package io.arrowfamfs.testkit;

import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Threads started during a test and still alive after it. The JVM's own threads and the pools it
 * keeps for the life of the process (the common fork-join pool, the process reaper, cleaners,
 * JMX and RMI) are not leaks; nor, thanks to the leak check's grace period, are pool threads that
 * a test shut down and that are still finishing.
 */
final class LiveThreads implements Probe<Set<Thread>> {
    private static final Pattern KEPT =
            Pattern.compile("ForkJoinPool\\.commonPool-worker-\\d+|process reaper|Common-Cleaner|Cleaner-\\d+"
                    + "|Reference Handler|Finalizer|Signal Dispatcher|Attach Listener|Notification Thread"
                    + "|RMI .*|JMX .*|surefire-forkedjvm-.*");

    @Override
    public Set<Thread> snapshot() {
        Set<Thread> threads = Collections.newSetFromMap(new IdentityHashMap<>());
        threads.addAll(Thread.getAllStackTraces().keySet());
        return threads;
    }

    @Override
    public List<String> leaksSince(Set<Thread> before) {
        List<String> leaks = new ArrayList<>();
        for (Thread thread : snapshot()) {
            if (!before.contains(thread)
                    && thread.isAlive()
                    && !KEPT.matcher(thread.getName()).matches()) {
                leaks.add("thread still running: name=\"" + thread.getName() + "\" id=" + thread.getId() + " daemon="
                        + thread.isDaemon() + " state=" + thread.getState());
            }
        }
        leaks.sort(null);
        return leaks;
    }
}
