package io.arrowfamfs.famfs;

import io.arrowfamfs.famfs.omf.LogHeader;
import io.arrowfamfs.famfs.omf.Superblock;
import java.nio.file.Path;
import java.util.List;

/**
 * What {@link Fsck} found. The device is clean when no finding is {@link Severity#DAMAGE}.
 *
 * @param superblock null when the superblock itself is unreadable
 * @param header null when the log header is unreadable
 * @param namespace what replay of every intact entry produced; null without a header
 */
public record FsckReport(
        Path device, Superblock superblock, LogHeader header, Namespace namespace, List<Finding> findings) {

    /** How bad a finding is: damage fails fsck, a note does not. */
    public enum Severity {
        /** Metadata that famfs or arrow-famfs would refuse or misread. */
        DAMAGE,
        /** Worth knowing, harmless: an interrupted append, a device too small for famfs's own mkfs. */
        NOTE
    }

    /** One finding: where (superblock, log header, log entry N, device) and what. */
    public record Finding(Severity severity, String where, String message) {}

    /** True when no finding is damage (notes are allowed). */
    public boolean clean() {
        return findings.stream().noneMatch(f -> f.severity() == Severity.DAMAGE);
    }
}
