package io.arrowfamfs.cli;

import static org.junit.jupiter.api.Assertions.*;

import io.arrowfamfs.cli.SqlScript.Statement;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Statements cut at the semicolons DuckDB would cut at, with the lines they start on. */
class SqlScriptTest {
    @Test
    void semicolonsInsideLiteralsIdentifiersAndCommentsDoNotEndAStatement() {
        String script = """
                SELECT 'a;''b' AS "x;""y"; -- a comment; with a semicolon
                /* a block; /* nested; */ still; */ SELECT 2
                  , E'it\\'s;' ;
                SELECT $$dollar;$$, $tag$ $$ ; $tag$, $1;
                -- only a comment;
                ;;
                SELECT 3""";
        List<Statement> statements = SqlScript.split(script);
        assertEquals(
                List.of(
                        new Statement("SELECT 'a;''b' AS \"x;\"\"y\"", 1, true),
                        new Statement("SELECT 2\n  , E'it\\'s;' ", 2, true),
                        new Statement("SELECT $$dollar;$$, $tag$ $$ ; $tag$, $1", 4, true),
                        new Statement("SELECT 3", 7, false)),
                statements);
    }

    @Test
    void anUnclosedLiteralRunsToTheEnd() {
        assertEquals(List.of(new Statement("SELECT 'open;\n;", 2, false)), SqlScript.split("\n  SELECT 'open;\n;"));
        assertEquals(List.of(), SqlScript.split("  -- nothing\n/* here; */\n"));
        assertEquals(
                List.of(new Statement("SELECT a$b", 1, true), new Statement("SELECT 1", 1, true)),
                SqlScript.split("SELECT a$b; SELECT 1;"),
                "a $ inside a word opens no dollar quote");
    }
}
