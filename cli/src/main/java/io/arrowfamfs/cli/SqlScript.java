package io.arrowfamfs.cli;

import java.util.ArrayList;
import java.util.List;

/**
 * SQL text cut into statements at the semicolons that stand outside string literals
 * ({@code '...'}, {@code E'...'}, {@code $tag$...$tag$}), quoted identifiers ({@code "..."}) and
 * comments ({@code -- ...}, nested {@code /* ... *}{@code /}), as DuckDB's parser reads them. Each
 * statement knows the line its first token is on. Pieces holding only blanks and comments are no
 * statements.
 */
final class SqlScript {
    /** One statement: its text without the ';', the 1-based line it starts on, and whether a ';' ended it. */
    record Statement(String sql, int line, boolean terminated) {}

    private final String text;
    private int at;
    private int line = 1;

    private SqlScript(String text) {
        this.text = text;
    }

    /**
     * The statements of a text and where its unfinished part starts: {@code consumed} is the
     * offset of an unterminated statement or unclosed block comment, else the text's length.
     */
    record Parts(List<Statement> statements, int consumed) {}

    /** The statements of {@code text}, in order; only the last may be unterminated. */
    static List<Statement> split(String text) {
        return parse(text).statements();
    }

    /** The statements of {@code text}, and the offset its complete part ends at (for text that is still coming). */
    static Parts parse(String text) {
        return new SqlScript(text).statements();
    }

    private Parts statements() {
        List<Statement> statements = new ArrayList<>();
        int start = -1;
        int startLine = 0;
        int consumed = text.length();
        while (at < text.length()) {
            char c = text.charAt(at);
            if (Character.isWhitespace(c)) {
                advance(1);
            } else if (startsWith("--")) {
                skipTo("\n");
            } else if (startsWith("/*")) {
                int opened = at;
                if (!skipBlockComment() && start < 0) {
                    consumed = opened;
                }
            } else if (c == ';') {
                if (start >= 0) {
                    statements.add(new Statement(text.substring(start, at), startLine, true));
                    start = -1;
                }
                advance(1);
            } else {
                if (start < 0) {
                    start = at;
                    startLine = line;
                }
                skipToken(c);
            }
        }
        if (start >= 0) {
            statements.add(new Statement(text.substring(start), startLine, false));
            consumed = start;
        }
        return new Parts(statements, consumed);
    }

    /** Past one token that starts with {@code c}: a quoted literal or identifier, or a single character. */
    private void skipToken(char c) {
        boolean afterWord = at > 0 && isWordChar(text.charAt(at - 1));
        if (c == '\'') {
            skipQuoted('\'', false);
        } else if (c == '"') {
            skipQuoted('"', false);
        } else if ((c == 'e' || c == 'E') && !afterWord && at + 1 < text.length() && text.charAt(at + 1) == '\'') {
            advance(1);
            skipQuoted('\'', true);
        } else if (c == '$' && !afterWord && dollarTag() != null) {
            String tag = dollarTag();
            advance(tag.length());
            skipTo(tag);
        } else {
            advance(1);
        }
    }

    /** Past a literal opened at {@code at} by {@code quote}; a doubled quote (or, with backslashes, {@code \'}) stays inside. */
    private void skipQuoted(char quote, boolean backslashes) {
        advance(1);
        while (at < text.length()) {
            char c = text.charAt(at);
            if (backslashes && c == '\\') {
                advance(Math.min(2, text.length() - at));
            } else if (c == quote && at + 1 < text.length() && text.charAt(at + 1) == quote) {
                advance(2);
            } else {
                advance(1);
                if (c == quote) {
                    return;
                }
            }
        }
    }

    /** The dollar-quote opener at {@code at} ({@code $$} or {@code $tag$}), or null when {@code $} starts none (e.g. {@code $1}). */
    private String dollarTag() {
        int end = at + 1;
        while (end < text.length()
                && (Character.isLetter(text.charAt(end))
                        || text.charAt(end) == '_'
                        || end > at + 1 && Character.isDigit(text.charAt(end)))) {
            end++;
        }
        return end < text.length() && text.charAt(end) == '$' ? text.substring(at, end + 1) : null;
    }

    /** Past a block comment (nested ones included); false when the text ends before it closes. */
    private boolean skipBlockComment() {
        int depth = 0;
        while (at < text.length()) {
            if (startsWith("/*")) {
                depth++;
                advance(2);
            } else if (startsWith("*/")) {
                advance(2);
                if (--depth == 0) {
                    return true;
                }
            } else {
                advance(1);
            }
        }
        return false;
    }

    /** Past the next {@code end} (included), or to the end of the text. */
    private void skipTo(String end) {
        int found = text.indexOf(end, at);
        advance((found < 0 ? text.length() : found + end.length()) - at);
    }

    private boolean startsWith(String s) {
        return text.startsWith(s, at);
    }

    private void advance(int n) {
        for (int end = at + n; at < end; at++) {
            if (text.charAt(at) == '\n') {
                line++;
            }
        }
    }

    private static boolean isWordChar(char c) {
        return Character.isLetterOrDigit(c) || c == '_';
    }
}
