package io.arrowfamfs.catalog;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * What one life of a {@link CrashPointProcess} did, read from everything it printed: its steps in
 * order, each finished (committed), or failed or cut short by the kill (committed or not: a
 * client's commit request may still be committed after its writer died). Tables are modelled as
 * their frames' first ids, in order; a table that does not exist is absent from the map.
 *
 * @param steps every step the life began, in order
 * @param underWay the step the kill interrupted, if any (the last of {@code steps})
 */
record CrashPointSteps(List<Step> steps, Optional<Step> underWay) {
    /** More uncertain steps than this in one life make the outcomes too many to list. */
    private static final int MAX_UNCERTAIN = 12;

    /**
     * One step: OP on TABLE with a frame whose ids run from FIRST, ROWS of them (a retire names
     * the frame it retires; a drop no frame); {@code finished} if it returned.
     */
    record Step(String op, String table, long first, long rows, boolean finished) {
        /** Applies this step to {@code tables} as the catalog does once it commits; false if it could not commit there. */
        boolean applyTo(Map<String, List<Long>> tables) {
            switch (op) {
                case "append" ->
                    tables.computeIfAbsent(table, t -> new ArrayList<>()).add(first);
                case "replace" -> tables.put(table, new ArrayList<>(List.of(first)));
                case "drop" -> {
                    return tables.remove(table) != null;
                }
                case "retire" -> {
                    return tables.containsKey(table) && tables.get(table).remove(Long.valueOf(first));
                }
                default -> throw new AssertionError("unknown step: " + this);
            }
            return true;
        }

        Step failed() {
            return new Step(op, table, first, rows, false);
        }
    }

    /** The steps of the life that printed {@code lines}: "intent ...", then "ok" or "failed ...". */
    static CrashPointSteps of(List<String> lines) {
        List<Step> steps = new ArrayList<>();
        Step pending = null;
        for (String line : lines) {
            String[] w = line.split(" ");
            if (w[0].equals("intent") && pending == null) {
                pending = new Step(w[1], w[2], Long.parseLong(w[3]), Long.parseLong(w[4]), true);
            } else if (w[0].equals("ok") && pending != null) {
                steps.add(pending);
                pending = null;
            } else if (w[0].equals("failed") && pending != null) {
                steps.add(pending.failed());
                pending = null;
            } else if (!line.equals("ready")) {
                throw new AssertionError("unexpected line from a crash-point process: " + line + " in " + lines);
            }
        }
        if (pending != null) {
            steps.add(pending.failed());
        }
        return new CrashPointSteps(steps, Optional.ofNullable(pending));
    }

    /** {@return how many steps failed (other than by the kill)} */
    long failures() {
        return steps.stream().filter(s -> !s.finished()).count() - (underWay.isPresent() ? 1 : 0);
    }

    /**
     * The tables this life may have left, from {@code before}: every finished step applied, and
     * each of the others applied or not, in order.
     */
    List<Map<String, List<Long>>> outcomes(Map<String, List<Long>> before) {
        List<Integer> uncertain = new ArrayList<>();
        for (int i = 0; i < steps.size(); i++) {
            if (!steps.get(i).finished()) {
                uncertain.add(i);
            }
        }
        if (uncertain.size() > MAX_UNCERTAIN) {
            throw new AssertionError("too many steps failed in one life to check it: " + steps);
        }
        Set<Map<String, List<Long>>> outcomes = new LinkedHashSet<>();
        for (int applied = 0; applied < 1 << uncertain.size(); applied++) {
            Map<String, List<Long>> tables = copy(before);
            boolean valid = true;
            for (int i = 0; i < steps.size() && valid; i++) {
                int u = uncertain.indexOf(i);
                if (u < 0 || (applied & 1 << u) != 0) {
                    valid = steps.get(i).applyTo(tables);
                }
            }
            if (valid) {
                outcomes.add(tables);
            }
        }
        return List.copyOf(outcomes);
    }

    private static Map<String, List<Long>> copy(Map<String, List<Long>> tables) {
        Map<String, List<Long>> copy = new HashMap<>();
        tables.forEach((name, firsts) -> copy.put(name, new ArrayList<>(firsts)));
        return copy;
    }
}
