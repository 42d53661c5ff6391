package io.arrowfamfs.cli;

import static org.junit.jupiter.api.Assertions.*;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

/** Every verb's help (both ways of asking), the root's help and version, and the completion script. */
class HelpTest {
    /**
     * The verbs a user sees: every subcommand but the hidden helpers of demo; a verb with verbs of
     * its own ({@code pool create}) counts as those.
     */
    private static List<String> verbs() {
        CommandLine cli = Main.commandLine();
        Conventions.apply(cli);
        List<String> verbs = new ArrayList<>();
        cli.getSubcommands().forEach((name, command) -> {
            if (command.getCommandSpec().usageMessage().hidden()) {
                return;
            }
            if (command.getSubcommands().isEmpty() || name.equals("help")) {
                verbs.add(name);
            } else {
                command.getSubcommands().keySet().stream()
                        .filter(sub -> !sub.equals("help"))
                        .forEach(sub -> verbs.add(name + " " + sub));
            }
        });
        return verbs;
    }

    private static String[] concat(String[] first, String... more) {
        String[] all = java.util.Arrays.copyOf(first, first.length + more.length);
        System.arraycopy(more, 0, all, first.length, more.length);
        return all;
    }

    @Test
    void everyVerbHasHelpWithExitStatusesAndAnExample() {
        List<String> verbs = verbs();
        assertTrue(
                verbs.containsAll(List.of(
                        "help",
                        "mkfs",
                        "info",
                        "ls",
                        "cat",
                        "mkdir",
                        "cp",
                        "fsck",
                        "import",
                        "export",
                        "tables",
                        "drop",
                        "pool create",
                        "pool grant",
                        "config set",
                        "gc",
                        "hosts",
                        "agent",
                        "migrate",
                        "verify",
                        "sql",
                        "demo",
                        "completion")),
                verbs.toString());
        for (String verb : verbs) {
            String[] words = verb.split(" ");
            CliTest.Result help = CliTest.run(concat(words, "--help"));
            assertEquals(0, help.status(), verb + ": " + help.err());
            assertEquals("", help.err(), verb);
            String text = help.out();
            assertTrue(text.contains("Usage: arrow-famfs " + verb), text);
            assertTrue(text.contains("-h, --help"), text);
            assertTrue(text.matches("(?s).*\nExit status:\n  0 .*\n  1 .*\n  2 .*"), text);
            assertTrue(text.matches("(?s).*\nExample:\n  arrow-famfs " + verb + " .*"), text);
            CliTest.Result asked = words.length == 1
                    ? CliTest.run("help", verb)
                    : CliTest.run(words[0], "help", words[1]); // a verb of a verb: asked of its parent
            assertEquals(0, asked.status(), verb);
            assertEquals(text, asked.out(), "help " + verb + " prints what " + verb + " --help does");
            assertEquals(text, CliTest.run(concat(words, "-h")).out(), verb);
            if (!verb.equals("help") && !verb.equals("completion")) {
                assertTrue(
                        text.contains("-d, --device=PATH") && text.contains("--node-id=UUID"),
                        verb + " takes a device");
            }
        }
    }

    @Test
    void everyOptionAndParameterIsDescribedWithItsDefault() {
        CommandLine cli = Main.commandLine();
        Conventions.apply(cli);
        for (CommandLine verb : cli.getSubcommands().values()) {
            CommandSpec spec = verb.getCommandSpec();
            for (ArgSpec arg : spec.args()) {
                String name =
                        spec.name() + " " + (arg.isOption() ? ((OptionSpec) arg).longestName() : arg.paramLabel());
                String description = String.join(" ", arg.description());
                assertFalse(description.isBlank(), name + " has no description");
                boolean flag = arg.type() == boolean.class || arg.type() == Boolean.class;
                if (arg.defaultValue() != null && !flag && !arg.hidden()) {
                    assertTrue(
                            description.contains("(default: ${DEFAULT-VALUE}") || description.contains("default"),
                            name + " does not name its default: " + description);
                }
            }
        }
    }

    @Test
    void rootHelpListsVerbsAndVersionNamesWhatItIsBuiltOn() {
        CliTest.Result help = CliTest.run("--help");
        assertEquals(0, help.status());
        assertTrue(help.out().startsWith("Usage: arrow-famfs [-hV] [--debug] VERB"), help.out());
        assertTrue(
                help.out().contains("  drop ")
                        && help.out().contains("  completion ")
                        && !help.out().contains("demo-reader"),
                help.out());
        assertTrue(help.out().contains("\nExit status:\n"), help.out());
        assertEquals(help.out(), CliTest.run("help").out());
        CliTest.Result version = CliTest.run("--version");
        assertEquals(0, version.status(), version.err());
        List<String> lines = version.out().lines().toList();
        assertTrue(lines.get(0).startsWith("arrow-famfs "), version.out());
        assertTrue(lines.get(1).matches("Apache Arrow Java \\d+\\.\\d+\\.\\d+.*"), version.out());
        assertTrue(lines.get(2).matches("DuckDB v\\d+\\.\\d+\\.\\d+ .*JDBC driver \\d.*"), version.out());
        assertEquals(
                "famfs on-media formats read and written: v47 (OMF 2.1) v48 (OMF 2.2) (mkfs --famfs-version picks one)",
                lines.get(3));
    }

    @Test
    void completionPrintsABashScriptOfEveryVerb() {
        CliTest.Result script = CliTest.run("completion");
        assertEquals(0, script.status(), script.err());
        assertTrue(script.out().startsWith("#!/usr/bin/env bash"), script.out());
        assertTrue(script.out().contains("complete -F _complete_arrow-famfs"), script.out());
        assertTrue(script.out().contains("ZSH_VERSION"), "the same script serves zsh");
        for (String verb : List.of("mkfs", "drop", "sql", "completion")) {
            assertTrue(script.out().contains(verb), verb);
        }
        assertTrue(
                script.out().contains("(\"table\" \"csv\" \"json\") # --format values"),
                "sql --format completes its values");
    }
}
