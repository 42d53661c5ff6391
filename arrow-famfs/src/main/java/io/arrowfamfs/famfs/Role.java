package io.arrowfamfs.famfs;

import java.util.Locale;

/** What a node may do with a device: famfs's MASTER and CLIENT roles. */
public enum Role {
    /** The node whose UUID is the superblock's system UUID: reads, and alone appends to the log. */
    MASTER,
    /** Any other node: replays the log and reads files; every write is refused. */
    CLIENT;

    /** {@return the role in lower case, as the CLI prints it, e.g. {@code "master"}} */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }
}
