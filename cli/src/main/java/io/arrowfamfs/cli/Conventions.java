package io.arrowfamfs.cli;

import java.util.LinkedHashMap;
import java.util.Map;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Model.UsageMessageSpec;

/**
 * What every verb's help has, applied to the whole command tree in one place: {@code -h/--help},
 * the exit statuses (a verb with its own meaning for an exit status declares {@code exitCodeList}),
 * and the headings of the exit status and example sections (each verb's {@code footer} is its
 * example).
 */
final class Conventions {
    static final String EXIT_HEADING = "%nExit status:%n";
    static final String EXAMPLE_HEADING = "%nExample:%n";

    private Conventions() {}

    /** The exit statuses of a verb whose failures are all runtime failures. */
    static Map<String, String> defaultExitCodes() {
        Map<String, String> codes = new LinkedHashMap<>();
        codes.put("0", "success");
        codes.put("1", "failed: one line 'arrow-famfs: what failed: why' on stderr");
        codes.put("2", "usage error: unknown verb or option, bad value, missing argument");
        return codes;
    }

    /** Applies the conventions to {@code cli} and every verb under it; running it twice changes nothing. */
    static void apply(CommandLine cli) {
        CommandSpec spec = cli.getCommandSpec();
        if (spec.options().stream().noneMatch(OptionSpec::usageHelp)) {
            spec.addOption(OptionSpec.builder("-h", "--help")
                    .usageHelp(true)
                    .description("Show this help message and exit.")
                    .build());
        }
        UsageMessageSpec usage = spec.usageMessage();
        if (usage.exitCodeList().isEmpty()) {
            usage.exitCodeList(defaultExitCodes());
        }
        usage.exitCodeListHeading(EXIT_HEADING);
        usage.parameterListHeading("%nParameters:%n");
        usage.optionListHeading("%nOptions:%n");
        usage.commandListHeading("%nVerbs:%n");
        if (cli.getCommand() instanceof CommandLine.HelpCommand && usage.footer().length == 0) {
            usage.footer("  arrow-famfs help sql");
        }
        if (usage.footer().length > 0) {
            usage.footerHeading(EXAMPLE_HEADING);
        }
        for (CommandLine verb : cli.getSubcommands().values()) {
            apply(verb);
        }
    }
}
