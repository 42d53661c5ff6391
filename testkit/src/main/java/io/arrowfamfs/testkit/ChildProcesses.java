package io.arrowfamfs.testkit;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Child processes of this JVM (the "hosts" {@link Jvm} starts, the CLI's subprocesses) started
 * during a test and still running after it: a test waits for, or destroys, every process it
 * starts.
 */
final class ChildProcesses implements Probe<Set<Long>> {
    @Override
    public Set<Long> snapshot() {
        return ProcessHandle.current()
                .children()
                .filter(ProcessHandle::isAlive)
                .map(ProcessHandle::pid)
                .collect(Collectors.toSet());
    }

    @Override
    public List<String> leaksSince(Set<Long> before) {
        List<String> leaks = new ArrayList<>();
        ProcessHandle.current()
                .children()
                .filter(p -> p.isAlive() && !before.contains(p.pid()))
                .forEach(p -> leaks.add("child process still running: pid=" + p.pid() + " command="
                        + p.info().command().orElse("unknown")));
        leaks.sort(null);
        return leaks;
    }
}
