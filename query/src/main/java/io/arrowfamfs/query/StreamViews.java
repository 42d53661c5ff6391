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
 * (registered once, again only when the stream's schema changes), and the reference's view over
 * it, which casts the columns streamed as codes back to values ({@link ValueCodes}) and, when
 * the statement reads several tables, adds a row-count hint and any row a join's build side gets
 * ({@link CardinalityHints}, {@link JoinBuildPadding}; rewritten when the schema, the rows or that
 * row change). Each execution moves a fresh stream into the slot. Used under the session's lock.
 */
final class StreamViews implements AutoCloseable {
    private final DuckDBConnection duckdb;
    private final CardinalityHints hints;
    private final String view;
    private final String streamView;
    private final boolean hint;
    private final StreamSlot slot;
    private Schema registered;
    /** The rows and the pad row of the reference's view as last created. */
    private Optional<Shape> shaped = Optional.empty();

    private record Shape(long rows, Optional<PadRow> pad) {}

    /**
     * Views named {@code view} and {@code view_stream} over a fresh slot allocated from
     * {@code allocator}; {@code view} has a row-count hint when {@code hint}.
     */
    StreamViews(DuckDBConnection duckdb, CardinalityHints hints, String view, boolean hint, BufferAllocator allocator) {
        this.duckdb = duckdb;
        this.hints = hints;
        this.view = view;
        this.streamView = view + "_stream";
        this.hint = hint;
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
            shaped = Optional.empty();
            changed = true;
        }
        Shape shape = new Shape(hint ? rows : 0, pad);
        if (!shaped.equals(Optional.of(shape))) {
            String source = "SELECT " + ValueCodes.selectList(schema) + " FROM " + SqlRewriter.quote(streamView);
            try (Statement statement = duckdb.createStatement()) {
                if (hint) {
                    hints.createView(
                            statement,
                            view,
                            source,
                            schema.getFields().stream().map(Field::getName).toList(),
                            rows,
                            schemaFrame,
                            pad);
                } else {
                    statement.execute("CREATE OR REPLACE VIEW " + SqlRewriter.quote(view) + " AS " + source);
                }
            }
            shaped = Optional.of(shape);
            changed = true;
        }
        return changed;
    }

    /** Drops the views, if they were registered. */
    void drop(Statement statement) throws SQLException {
        if (registered != null) {
            statement.execute("DROP VIEW IF EXISTS " + SqlRewriter.quote(view));
            statement.execute("DROP VIEW IF EXISTS " + SqlRewriter.quote(streamView));
        }
    }

    /** Frees the slot: DuckDB must no longer reach it. */
    @Override
    public void close() {
        slot.close();
    }
}
