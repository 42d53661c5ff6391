package io.arrowfamfs.cli;

import com.fasterxml.jackson.core.JsonGenerator;
import io.arrowfamfs.famfs.FamfsNode;
import io.arrowfamfs.famfs.FamfsNode.FamfsFile;
import io.arrowfamfs.famfs.Namespace;
import io.arrowfamfs.famfs.Volume;
import io.arrowfamfs.famfs.omf.Extent;
import io.arrowfamfs.famfs.omf.InterleavedFileMap;
import java.io.IOException;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(
        name = "ls",
        description = "List the famfs namespace: files and directories, as famfs's own ls does.",
        footer = "  arrow-famfs ls -l -R data")
final class LsCommand implements Callable<Integer> {
    @Mixin
    DeviceOptions device;

    @Spec
    CommandSpec spec;

    @Option(names = "-l", description = "long format: mode, owner, size and layout (extents or strips)")
    boolean longFormat;

    @Option(
            names = {"-R", "--recursive"},
            description = "list subdirectories too")
    boolean recursive;

    @Option(names = "--json", description = "a JSON array of {path, type, size, mode, uid, gid, extents|stripes}")
    boolean json;

    @Parameters(
            arity = "0..1",
            paramLabel = "PATH",
            defaultValue = "/",
            description = "directory or file to list (default: ${DEFAULT-VALUE}, the root)")
    String path;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        try (Volume volume = device.open()) {
            Namespace ns = volume.namespace();
            List<FamfsNode> nodes = new ArrayList<>();
            collect(ns, path, nodes);
            if (json) {
                try (Json j = new Json(out)) {
                    j.write(g -> {
                        g.writeStartArray();
                        for (FamfsNode node : nodes) {
                            writeNode(g, node);
                        }
                        g.writeEndArray();
                    });
                }
            } else {
                for (FamfsNode node : nodes) {
                    out.println(longFormat ? longLine(node) : node.relpath() + (node instanceof FamfsFile ? "" : "/"));
                }
            }
            warnProblems(spec.commandLine().getErr(), ns);
        }
        return 0;
    }

    private void collect(Namespace ns, String dir, List<FamfsNode> into) {
        for (FamfsNode node : ns.list(dir)) {
            into.add(node);
            if (recursive && !(node instanceof FamfsFile)) {
                collect(ns, node.relpath(), into);
            }
        }
    }

    private static String longLine(FamfsNode node) {
        boolean file = node instanceof FamfsFile;
        long size = file ? ((FamfsFile) node).size() : 0;
        String layout = file ? layout((FamfsFile) node) : "";
        return String.format(
                "%s%s %5d %5d %14d  %s%s%s",
                file ? "-" : "d",
                permissions(node.mode()),
                node.uid(),
                node.gid(),
                size,
                node.relpath(),
                file ? "" : "/",
                layout);
    }

    private static String layout(FamfsFile file) {
        if (file.map() instanceof InterleavedFileMap striped) {
            return "  [" + striped.strips().size() + " strips x " + Sizes.human(striped.chunkSize()) + " chunks]";
        }
        List<Extent> extents = file.map().deviceExtents();
        return extents.size() == 1
                ? "  [@0x" + Long.toHexString(extents.get(0).offset()) + "]"
                : "  [" + extents.size() + " extents]";
    }

    private static String permissions(int mode) {
        StringBuilder s = new StringBuilder();
        for (int shift = 6; shift >= 0; shift -= 3) {
            int bits = (mode >> shift) & 7;
            s.append((bits & 4) != 0 ? 'r' : '-')
                    .append((bits & 2) != 0 ? 'w' : '-')
                    .append((bits & 1) != 0 ? 'x' : '-');
        }
        return s.toString();
    }

    private static void writeNode(JsonGenerator g, FamfsNode node) throws IOException {
        g.writeStartObject();
        g.writeStringField("path", node.relpath());
        boolean file = node instanceof FamfsFile;
        g.writeStringField("type", file ? "file" : "dir");
        g.writeNumberField("size", file ? ((FamfsFile) node).size() : 0);
        g.writeStringField("mode", String.format("%04o", node.mode()));
        g.writeNumberField("uid", node.uid());
        g.writeNumberField("gid", node.gid());
        if (file && ((FamfsFile) node).map() instanceof InterleavedFileMap striped) {
            g.writeObjectFieldStart("stripes");
            g.writeNumberField("nstrips", striped.strips().size());
            g.writeNumberField("chunk_size", striped.chunkSize());
            writeExtents(g, "strips", striped.strips());
            g.writeEndObject();
        } else if (file) {
            writeExtents(g, "extents", ((FamfsFile) node).map().deviceExtents());
        }
        g.writeEndObject();
    }

    private static void writeExtents(JsonGenerator g, String name, List<Extent> extents) throws IOException {
        g.writeArrayFieldStart(name);
        for (Extent extent : extents) {
            g.writeStartObject();
            g.writeNumberField("offset", extent.offset());
            g.writeNumberField("length", extent.length());
            g.writeEndObject();
        }
        g.writeEndArray();
    }

    /** Tells the user, on stderr, where replay stopped or what it skipped. */
    static void warnProblems(PrintWriter err, Namespace ns) {
        if (ns.stoppedAt() != null) {
            err.println("arrow-famfs: warning: log replay stopped at " + ns.stoppedAt()
                    + "; later entries are not shown (run fsck)");
        }
        long skipped = ns.problems().stream().filter(p -> p != ns.stoppedAt()).count();
        if (skipped > 0) {
            err.println("arrow-famfs: warning: " + skipped + " log entries were skipped (run fsck for details)");
        }
    }
}
