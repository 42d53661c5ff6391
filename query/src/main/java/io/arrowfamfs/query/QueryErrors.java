package io.arrowfamfs.query;

import io.arrowfamfs.catalog.CatalogSnapshot;
import io.arrowfamfs.query.SqlRewriter.Reference;
import io.arrowfamfs.query.SqlRewriter.Rewritten;
import java.sql.SQLException;

/** DuckDB's errors in the user's terms. */
final class QueryErrors {
    private QueryErrors() {}

    /**
     * DuckDB's message with view names back to table names, plus the tables that exist when it
     * could not find one, and why it could not when the statement was not rewritten.
     */
    static SQLException explain(Exception e, CatalogSnapshot snapshot, Rewritten rewritten) {
        String message = e.getMessage() == null ? e.toString() : e.getMessage();
        for (Reference reference : rewritten.references()) {
            message = message.replace(reference.view() + "_stream", reference.table())
                    .replace(reference.view() + " AS ", "")
                    .replace(reference.view(), reference.table());
        }
        // the streams' columns of dictionary codes are ours, not the user's
        message = message.replaceAll(", \"" + StreamExporter.CODES_PREFIX + "[^\"]*\"", "")
                .replaceAll("\"" + StreamExporter.CODES_PREFIX + "[^\"]*\", ", "");
        if (message.contains("does not exist")) {
            message += " (tables: "
                    + (snapshot.tables().isEmpty()
                            ? "none"
                            : String.join(", ", snapshot.tables().keySet())) + ")";
            if (rewritten.notRewritten().isPresent() && !snapshot.tables().isEmpty()) {
                message += "; shared tables are visible to queries DuckDB can serialize, and it cannot serialize this"
                        + " statement (" + rewritten.notRewritten().get()
                        + "): write it as a SELECT, e.g. a PIVOT with an"
                        + " explicit IN list inside FROM";
            }
        }
        return e instanceof SQLException sql && message.equals(sql.getMessage()) ? sql : new SQLException(message, e);
    }
}
