package org.onlinebackup;

/** The tool's name and version, as written into image headers. */
public final class Version {
    private Version() {
    }

    public static String tool() {
        String v = Version.class.getPackage().getImplementationVersion();
        return "online-backup " + (v == null ? "dev" : v);
    }
}
