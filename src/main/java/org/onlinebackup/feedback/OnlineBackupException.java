package org.onlinebackup.feedback;

/**
 * The one exception type a user sees: a {@link Message} with its arguments. {@link #getMessage()} is a single
 * line that starts with the message id.
 */
public class OnlineBackupException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final Message id;

    public OnlineBackupException(Message id, Object... args) {
        super(oneLine(id.format(args)));
        this.id = id;
    }

    public OnlineBackupException(Throwable cause, Message id, Object... args) {
        super(oneLine(id.format(args)), cause);
        this.id = id;
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

    private static String oneLine(String text) {
        return text.replaceAll("\\s*[\\r\\n]+\\s*", " ").trim();
    }
}
