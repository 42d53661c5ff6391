package io.arrowfamfs.query;

import io.arrowfamfs.cdata.StreamSlot;
import io.arrowfamfs.query.JoinBuildPadding.PadRow;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Optional;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.Schema;
import org.duckdb.DuckDBConnection;

/**
 * One table reference's views in DuckDB: the stream's own view over a {@link StreamSlot}
 * (registered once, again only when the table's schema changes), and, when the statement reads
 * several tables, the reference's view over it with a row-count hint and any row a join's build
 * side gets ({@link CardinalityHints}, {@link JoinBuildPadding}; rewritten when the rows or that
 * row change). Each execution moves a fresh stream into the slot. Used under the session's lock.
 */
final class StreamViews implements AutoCloseable {
    private final DuckDBConnection duckdb;
    private final CardinalityHints hints;
    private final String view;
    private final String streamView;
    private final StreamSlot slot;
    private Schema registered;
    /** The rows and the pad row of the hinted view as last created. */
    private Optional<Hint> hinted = Optional.empty();

    private record Hint(long rows, Optional<PadRow> pad) {}

    /**
     * Views named {@code view} (and {@code view_stream} under a hint, when {@code hint}) over a
     * fresh slot allocated from {@code allocator}.
     */
    StreamViews(DuckDBConnection duckdb, CardinalityHints hints, String view, boolean hint, BufferAllocator allocator) {
        this.duckdb = duckdb;
        this.hints = hints;
        this.view = view;
        this.streamView = hint ? view + "_stream" : view;
        this.slot = StreamSlot.allocate(allocator);
    }

    /** The slot the views read. */
    StreamSlot slot() {
        return slot;
    }

    /**
     * Registers what a stream of {@code schema} yielding {@code rows} rows needs, of a table
     * whose schema frame is named {@code schemaFrame}, with {@code pad} added to the hinted view
     * (there is one whenever a join may pad); true when a view changed (DuckDB must plan again).
     */
    boolean register(Schema schema, long rows, String schemaFrame, Optional<PadRow> pad) throws SQLException {
        boolean changed = false;
        if (!schema.equals(registered)) {
            duckdb.registerArrowStream(streamView, slot.stream());
            registered = schema;
            hinted = Optional.empty();
            changed = true;
        }
        Hint hint = new Hint(rows, pad);
        if (!streamView.equals(view) && !hinted.equals(Optional.of(hint))) {
            try (Statement statement = duckdb.createStatement()) {
                hints.createView(
                        statement,
                        view,
                        streamView,
                        schema.getFields().stream().map(Field::getName).toList(),
                        rows,
                        schemaFrame,
                        pad);
            }
            hinted = Optional.of(hint);
            changed = true;
        }
        return changed;
    }

    /** Drops the views, if they were registered. */
    void drop(Statement statement) throws SQLException {
        if (registered != null) {
            statement.execute("DROP VIEW IF EXISTS " + SqlRewriter.quote(view));
            if (!streamView.equals(view)) {
                statement.execute("DROP VIEW IF EXISTS " + SqlRewriter.quote(streamView));
            }
        }
    }

    /** Frees the slot: DuckDB must no longer reach it. */
    @Override
    public void close() {
        slot.close();
    }
}
