package org.onlinebackup.feedback;

/**
 * The one exception type a user sees: a {@link Message} with its arguments. {@link #getMessage()} is a single
 * line that starts with the message id. One that has no cause is a refusal that says all there is to say (a missing
 * parameter, a database that exists): it carries no stack trace, so that the logs of the batch runtime and of an
 * application server keep it to its line; an internal error keeps its trace, and a cause keeps its own.
 */
public class OnlineBackupException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final Message id;
    private final transient Object[] args;

    public OnlineBackupException(Message id, Object... args) {
        super(oneLine(id.format(args)), null, true, id == Message.INTERNAL || id == Message.INJECTED_FAULT);
        this.id = id;
        this.args = args.clone();
    }

    public OnlineBackupException(Throwable cause, Message id, Object... args) {
        super(oneLine(id.format(args)), cause);
        this.id = id;
        this.args = args.clone();
    }

    /** {@link Message#OUT_OF_MEMORY} for {@code what} ("to read a row of table x"), naming the heap's size. */
    public static OnlineBackupException outOfMemory(OutOfMemoryError e, String what) {
        return new OnlineBackupException(e, Message.OUT_OF_MEMORY, what, Runtime.getRuntime().maxMemory() >> 20);
    }

    /** The {@link OutOfMemoryError} among {@code e} and its causes, or null. */
    public static OutOfMemoryError outOfMemoryIn(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof OutOfMemoryError oom) {
                return oom;
            }
        }
        return null;
    }

    public Message messageId() {
        return id;
    }

    /** The one line a user sees for {@code e}: its message, or an internal error naming it. */
    public static String describe(Throwable e) {
        if (e instanceof OnlineBackupException) {
            return e.getMessage();
        }
        return oneLine(Message.INTERNAL.format(e.getClass().getSimpleName() + ": " + e.getMessage()));
    }

    /**
     * The one line for {@code e} in at most {@code max} characters: its lists shortened in the middle with a count
     * while it is too long, and only then its middle left out, so the message id at its start and the explanation
     * at its end are kept.
     */
    public static String describe(Throwable e, int max) {
        String full = describe(e);
        if (full.length() <= max) {
            return full;
        }
        if (e instanceof OnlineBackupException ob && ob.args != null) {
            for (int keep : new int[] {8, 4, 2}) {
                Object[] shorter = ob.args.clone();
                for (int i = 0; i < shorter.length; i++) {
                    if (shorter[i] instanceof NameList l) {
                        shorter[i] = l.shortened(keep);
                    }
                }
                String s = oneLine(ob.id.format(shorter));
                if (s.length() <= max) {
                    return s;
                }
                full = s;
            }
        }
        return middle(full, max);
    }

    /** {@code text} in at most {@code max} characters, its middle replaced by " … ". */
    public static String middle(String text, int max) {
        if (text.length() <= max) {
            return text;
        }
        int tail = Math.max(0, max / 3);
        int head = Math.max(0, max - tail - 3);
        return text.substring(0, head) + " … " + text.substring(text.length() - tail);
    }

    private static String oneLine(String text) {
        return text.replaceAll("\\s*[\\r\\n]+\\s*", " ").trim();
    }
}
