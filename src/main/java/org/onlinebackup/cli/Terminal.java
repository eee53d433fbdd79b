package org.onlinebackup.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import com.sun.jna.Library;
import com.sun.jna.Native;
import com.sun.jna.NativeLong;

/** Whether standard output is a terminal, read from /proc or asked of the C library (System.console() also needs standard input to be one). */
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
        Boolean linux = stdoutIsTerminalDevice();
        if (linux != null) {
            return linux;
        }
        try {
            return Native.load("c", LibC.class).isatty(1) == 1;
        } catch (LinkageError | RuntimeException e) {
            return System.console() != null;
        }
    }

    /**
     * On Linux, whether standard output is a terminal device, read from {@code /proc} (loading the C library through
     * JNA took a tenth of a read-only command's start); null where there is no such {@code /proc}.
     */
    private static Boolean stdoutIsTerminalDevice() {
        Path fd = Path.of("/proc/self/fd/1");
        if (!Files.isDirectory(Path.of("/proc/self/fd"))) {
            return null;
        }
        try {
            String device = fd.toRealPath().toString();
            return device.startsWith("/dev/pts/") || device.matches("/dev/tty[0-9]*") || device.equals("/dev/console");
        } catch (IOException | RuntimeException e) {
            // a pipe or a socket: no file to resolve to
            return false;
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
