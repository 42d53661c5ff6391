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

    /** {@return the superblock's {@code ts_version} for this version} */
    public long tsVersion() {
        return tsVersion;
    }

    /** {@return the on-media format's major version, {@code ts_omf_ver_major}} */
    public int omfMajor() {
        return omfMajor;
    }

    /** {@return the on-media format's minor version, {@code ts_omf_ver_minor}} */
    public int omfMinor() {
        return omfMinor;
    }

    /** {@return true when the ADD_DAXDEV entry type exists in this version} */
    public boolean hasAddDaxdev() {
        return this == V48;
    }

    /**
     * The version with this {@code ts_version}; throws if arrow-famfs does not know it.
     *
     * @param tsVersion a superblock's {@code ts_version}
     * @return the version
     */
    public static FamfsVersion of(long tsVersion) {
        for (FamfsVersion version : values()) {
            if (version.tsVersion == tsVersion) {
                return version;
            }
        }
        throw new UnsupportedVersionException("unsupported famfs version: ts_version=" + tsVersion
                + " supported="
                + Arrays.stream(values()).map(v -> Long.toString(v.tsVersion)).collect(Collectors.joining(",")));
    }
}
