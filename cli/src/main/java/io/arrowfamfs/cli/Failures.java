package io.arrowfamfs.cli;

import io.arrowfamfs.ArrowFamfsException;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;
import picocli.CommandLine;
import picocli.CommandLine.IExecutionExceptionHandler;
import picocli.CommandLine.IParameterExceptionHandler;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParseResult;
import picocli.CommandLine.UnmatchedArgumentException;

/**
 * How failures reach the user. A usage error: one line naming it and a hint to the verb's help,
 * exit 2. A runtime failure: exactly one line {@code arrow-famfs: what failed: why}, exit 1. An
 * unexpected exception (a bug): one line and a hint to rerun with {@code --debug}, exit 1. The
 * stack trace only with {@code --debug} or {@code $ARROW_FAMFS_DEBUG=1}.
 */
final class Failures implements IParameterExceptionHandler, IExecutionExceptionHandler {
    static final String DEBUG_ENV = "ARROW_FAMFS_DEBUG";

    @Override
    public int handleParseException(ParameterException e, String[] args) {
        CommandLine where = e.getCommandLine();
        PrintWriter err = where.getErr();
        boolean root = where.getParent() == null;
        String message = lowerFirst(e.getMessage());
        if (root
                && e instanceof UnmatchedArgumentException unmatched
                && !unmatched.getUnmatched().isEmpty()
                && !unmatched.getUnmatched().get(0).startsWith("-")) {
            String verb = unmatched.getUnmatched().get(0);
            List<String> suggestions = unmatched.getSuggestions().stream()
                    .filter(s -> !s.isEmpty() && !verb.isEmpty() && s.charAt(0) == verb.charAt(0))
                    .toList();
            message = "unknown verb: " + verb
                    + (suggestions.isEmpty() ? "" : " (did you mean " + String.join(" or ", suggestions) + "?)");
        } else if (root && e.getMessage().startsWith("Unknown subcommand")) {
            message = "unknown verb: " + e.getValue();
        }
        err.println("arrow-famfs: " + (root ? "" : where.getCommandName() + ": ") + message);
        err.println("try '" + where.getCommandSpec().qualifiedName() + " --help'");
        if (debug(where.getParseResult())) {
            e.printStackTrace(err);
        }
        err.flush();
        return Main.USAGE;
    }

    @Override
    public int handleExecutionException(Exception e, CommandLine where, ParseResult parsed) {
        report(where.getErr(), "arrow-famfs: ", e, debug(parsed));
        return Main.FAILED;
    }

    /**
     * Reports {@code e} on {@code err} after {@code prefix}: a runtime failure on one line, an
     * unexpected exception as an internal error with the hint to {@code --debug}; with {@code
     * debug}, the stack trace follows.
     */
    static void report(PrintWriter err, String prefix, Throwable e, boolean debug) {
        String line = describe(e);
        if (line != null) {
            err.println(prefix + line);
        } else {
            err.println(prefix + "internal error: " + oneLine(e.toString()));
            if (!debug) {
                err.println("rerun with --debug for the stack trace");
            }
        }
        if (debug) {
            e.printStackTrace(err);
        }
        err.flush();
    }

    /** True when {@code --debug} was given to any command on the line, or {@code $ARROW_FAMFS_DEBUG} is 1. */
    static boolean debug(ParseResult parsed) {
        for (ParseResult p = parsed; p != null; p = p.subcommand()) {
            if (p.hasMatchedOption("--debug")) {
                return true;
            }
        }
        return "1".equals(System.getenv(DEBUG_ENV));
    }

    /** The one line for a runtime failure ({@code what failed: why}), or null for an unexpected exception. */
    static String describe(Throwable e) {
        if (e instanceof UncheckedIOException unchecked) {
            return describe(unchecked.getCause());
        }
        if (e instanceof CliFailure || e instanceof ArrowFamfsException || e instanceof SQLException) {
            return oneLine(String.valueOf(e.getMessage()));
        }
        if (e instanceof NoSuchFileException missing) {
            Path parent = Path.of(missing.getFile()).toAbsolutePath().getParent();
            return "open failed: file=" + missing.getFile() + ": no such file or directory"
                    + (parent != null && !Files.isDirectory(parent)
                            ? " (directory " + parent + " does not exist)"
                            : "");
        }
        if (e instanceof AccessDeniedException denied) {
            return "open failed: file=" + denied.getFile() + ": permission denied";
        }
        if (e instanceof FileAlreadyExistsException exists) {
            return "create failed: file=" + exists.getFile() + ": it exists";
        }
        if (e instanceof FileSystemException fs) {
            return "i/o failed: file=" + fs.getFile() + ": " + oneLine(String.valueOf(fs.getReason()));
        }
        if (e instanceof IOException) {
            return "i/o failed: " + oneLine(String.valueOf(e.getMessage()));
        }
        return null;
    }

    /**
     * A message on one line: DuckDB's messages carry the statement and a caret under the error
     * on lines of their own ({@code LINE 1: ...}, {@code ^}); those go, the rest is joined.
     */
    static String oneLine(String message) {
        return message.lines()
                .map(String::strip)
                .filter(l -> !l.isEmpty() && !l.matches("\\^+") && !l.matches("LINE \\d+:.*"))
                .collect(Collectors.joining(" "));
    }

    private static String lowerFirst(String message) {
        return message.isEmpty() ? message : message.substring(0, 1).toLowerCase(Locale.ROOT) + message.substring(1);
    }
}
