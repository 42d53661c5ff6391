package io.arrowfamfs.query;

import io.arrowfamfs.ArrowFamfsException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Arrays;
import java.util.Locale;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.ipc.ArrowFileReader;
import org.apache.arrow.vector.ipc.ArrowReader;
import org.apache.arrow.vector.ipc.ArrowStreamReader;
import org.duckdb.DuckDBResultSet;

/**
 * An import source opened as an {@link ArrowReader}, chosen by content: Arrow IPC file
 * ("ARROW1"), Arrow IPC stream (continuation marker), Parquet ("PAR1") through DuckDB, else CSV
 * (by extension .csv, .tsv or .txt) through DuckDB's CSV sniffer.
 */
public final class ImportSource implements AutoCloseable {
    private static final byte[] ARROW_FILE = {'A', 'R', 'R', 'O', 'W', '1'};
    private static final byte[] PARQUET = {'P', 'A', 'R', '1'};
    private static final byte[] STREAM = {(byte) 0xff, (byte) 0xff, (byte) 0xff, (byte) 0xff};

    private final String format;
    private final ArrowReader reader;
    private final AutoCloseable[] resources;

    private ImportSource(String format, ArrowReader reader, AutoCloseable... resources) {
        this.format = format;
        this.reader = reader;
        this.resources = resources;
    }

    /** The source's format: {@code arrow-file}, {@code arrow-stream}, {@code parquet} or {@code csv}. */
    public String format() {
        return format;
    }

    /** The source's batches, allocated from the allocator given to {@link #open}. */
    public ArrowReader reader() {
        return reader;
    }

    /**
     * Opens {@code path}, choosing the format by content; Parquet and CSV come through DuckDB in
     * batches of {@code batchRows}. The caller closes the source.
     */
    public static ImportSource open(Path path, BufferAllocator allocator, int batchRows) throws IOException {
        if (!Files.isRegularFile(path)) {
            throw new ArrowFamfsException("import source not found: " + path);
        }
        byte[] head = new byte[8];
        try (InputStream in = Files.newInputStream(path)) {
            head = Arrays.copyOf(head, Math.max(0, in.readNBytes(head, 0, head.length)));
        }
        if (startsWith(head, ARROW_FILE)) {
            return new ImportSource("arrow-file", new ArrowFileReader(FileChannel.open(path), allocator));
        }
        if (startsWith(head, STREAM)) {
            return new ImportSource("arrow-stream", new ArrowStreamReader(Files.newInputStream(path), allocator));
        }
        String name = path.getFileName().toString().toLowerCase(Locale.ROOT);
        if (startsWith(head, PARQUET)) {
            return duckdb("parquet", "read_parquet", path, allocator, batchRows);
        }
        if (name.endsWith(".csv") || name.endsWith(".tsv") || name.endsWith(".txt")) {
            return duckdb("csv", "read_csv", path, allocator, batchRows);
        }
        throw new ArrowFamfsException("unknown import format: " + path
                + " (expected an Arrow IPC file or stream, Parquet, or a .csv/.tsv file)");
    }

    private static ImportSource duckdb(
            String format, String function, Path path, BufferAllocator allocator, int batchRows) {
        Connection connection = null;
        try {
            connection = DriverManager.getConnection("jdbc:duckdb:");
            Statement statement = connection.createStatement();
            String literal = "'" + path.toAbsolutePath().toString().replace("'", "''") + "'";
            ResultSet rows = statement.executeQuery("SELECT * FROM " + function + "(" + literal + ")");
            ArrowReader reader =
                    (ArrowReader) rows.unwrap(DuckDBResultSet.class).arrowExportStream(allocator, batchRows);
            return new ImportSource(format, reader, rows, statement, connection);
        } catch (SQLException e) {
            closeQuietly(connection);
            throw new ArrowFamfsException("cannot read " + format + " source: " + path + ": " + e.getMessage(), e);
        }
    }

    private static boolean startsWith(byte[] bytes, byte[] prefix) {
        return bytes.length >= prefix.length && Arrays.equals(Arrays.copyOf(bytes, prefix.length), prefix);
    }

    private static void closeQuietly(AutoCloseable resource) {
        if (resource != null) {
            try {
                resource.close();
            } catch (Exception ignored) {
                // already failing: the first error is the one worth reporting
            }
        }
    }

    @Override
    public void close() throws Exception {
        reader.close();
        for (AutoCloseable resource : resources) {
            resource.close();
        }
    }
}
