package org.onlinebackup.history;

import java.util.Set;

/** WL#4116's {@code backup_state}, as the words stored in the table. */
public enum OperationState {
    STARTING("starting"),
    VALIDITY_POINT("validity point"),
    RUNNING("running"),
    COMPLETE("complete"),
    ERROR("error"),
    CANCEL("cancel");

    private final String word;

    OperationState(String word) {
        this.word = word;
    }

    /** The states of an operation that has not ended. */
    public static final Set<OperationState> GOING = Set.of(STARTING, VALIDITY_POINT, RUNNING);

    public String word() {
        return word;
    }

    public static OperationState of(String word) {
        for (OperationState s : values()) {
            if (s.word.equals(word)) {
                return s;
            }
        }
        throw new IllegalArgumentException("unknown backup_state '" + word + "'");
    }
}
