package io.arrowfamfs.famfs.omf;

import java.util.Arrays;
import java.util.stream.Collectors;

/**
 * The famfs metadata versions arrow-famfs reads and writes. famfs itself accepts only its own
 * {@code ts_version}, exactly; the two differ on media only by the ADD_DAXDEV entry type (v48).
 */
public enum FamfsVersion {
    /** famfs before commit 5d0919f: OMF 2.1. */
    V47(47, 2, 1),
    /** famfs HEAD: OMF 2.2, adds the ADD_DAXDEV log entry. The default for new devices. */
    V48(48, 2, 2);

    private final long tsVersion;
    private final int omfMajor;
    private final int omfMinor;

    FamfsVersion(long tsVersion, int omfMajor, int omfMinor) {
        this.tsVersion = tsVersion;
        this.omfMajor = omfMajor;
        this.omfMinor = omfMinor;
    }

    public long tsVersion() {
        return tsVersion;
    }

    public int omfMajor() {
        return omfMajor;
    }

    public int omfMinor() {
        return omfMinor;
    }

    /** True when the ADD_DAXDEV entry type exists in this version. */
    public boolean hasAddDaxdev() {
        return this == V48;
    }

    /** The version with this {@code ts_version}; throws if arrow-famfs does not know it. */
    public static FamfsVersion of(long tsVersion) {
        for (FamfsVersion version : values()) {
            if (version.tsVersion == tsVersion) {
                return version;
            }
        }
        throw new UnsupportedVersionException("unsupported famfs version: ts_version=" + tsVersion
                + " supported=" + Arrays.stream(values()).map(v -> Long.toString(v.tsVersion))
                        .collect(Collectors.joining(",")));
    }
}
