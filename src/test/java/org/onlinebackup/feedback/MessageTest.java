package org.onlinebackup.feedback;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;

import org.junit.jupiter.api.Test;

class MessageTest {
    @Test
    void idsAreUniqueAndMessagesOneLine() {
        assertThat(Arrays.stream(Message.values()).map(Message::id)).doesNotHaveDuplicates();
        OnlineBackupException e = new OnlineBackupException(Message.SERVER_ERROR, 1, "HY000", "a\nb", "c\r\nd");
        assertThat(e.getMessage()).doesNotContain("\n", "\r").startsWith("OBK-1007 ");
    }
}
