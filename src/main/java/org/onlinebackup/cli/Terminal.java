package org.onlinebackup.cli;

import com.sun.jna.Library;
import com.sun.jna.Native;
import com.sun.jna.NativeLong;

/** Whether standard output is a terminal, asked of the C library (System.console() also needs standard input to be one). */
final class Terminal {
    private interface LibC extends Library {
        int isatty(int fd);

        int ioctl(int fd, NativeLong request, byte[] winsize);
    }

    /** Linux's request for the window size of a terminal (struct winsize: rows, columns, two more shorts). */
    private static final long TIOCGWINSZ = 0x5413;

    private Terminal() {
    }

    /**
     * Whether a progress line can be drawn: standard output is a terminal whose {@code TERM} understands cursor
     * movement (not unset, not {@code dumb}, as under an editor's shell or a CI log on a pseudo-terminal).
     */
    static boolean stdoutIsTerminal() {
        String term = System.getenv("TERM");
        if (term == null || term.isBlank() || term.equals("dumb")) {
            return false;
        }
        try {
            return Native.load("c", LibC.class).isatty(1) == 1;
        } catch (LinkageError | RuntimeException e) {
            return System.console() != null;
        }
    }

    /** The width of the terminal on standard output, else {@code $COLUMNS}, else 80; never under 40. */
    static int width() {
        try {
            byte[] ws = new byte[8];
            if (Native.load("c", LibC.class).ioctl(1, new NativeLong(TIOCGWINSZ), ws) == 0) {
                int cols = (ws[2] & 0xff) | (ws[3] & 0xff) << 8;
                if (cols > 0) {
                    return Math.max(40, cols);
                }
            }
        } catch (LinkageError | RuntimeException e) {
            // not Linux, or no C library to ask: fall back to the environment
        }
        try {
            String c = System.getenv("COLUMNS");
            return c == null ? 80 : Math.max(40, Integer.parseInt(c.trim()));
        } catch (NumberFormatException e) {
            return 80;
        }
    }
}
