package org.onlinebackup.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.onlinebackup.connect.ServerAddress;

/**
 * --protocol, --compress and the choice between socket and TCP, as the MariaDB clients make it: localhost goes
 * through the socket, unless --protocol tcp, or --port on the command line without --socket there (a port from an
 * option file does not count); --protocol socket uses the socket whatever the host.
 */
class ProtocolOptionsTest {
    @TempDir
    Path dir;

    private ServerAddress address(String optionFile, String... args) throws Exception {
        return Resolved.address(dir, optionFile, args);
    }

    @Test
    void socketOrTcpAsTheClientsChoose() throws Exception {
        String sock = "[client]\nsocket = /tmp/x.sock\n";
        assertThat(address(sock).socket()).isEqualTo("/tmp/x.sock");
        assertThat(address(sock, "--protocol", "tcp").viaSocket()).isFalse();
        assertThat(address(sock, "--protocol=TCP").viaSocket()).isFalse();
        assertThat(address(sock + "protocol = tcp\n").viaSocket()).isFalse();
        assertThat(address(sock, "-P", "3307").viaSocket()).as("--port without --socket: TCP").isFalse();
        assertThat(address(sock, "-P", "3307", "-S", "/tmp/y.sock").socket()).isEqualTo("/tmp/y.sock");
        assertThat(address(sock + "port = 3307\n").socket()).as("a port from the file: still the socket").isEqualTo("/tmp/x.sock");
        assertThat(address(sock, "-h", "127.0.0.1").viaSocket()).isFalse();
        assertThat(address(sock, "-h", "127.0.0.1", "--protocol", "socket").socket()).isEqualTo("/tmp/x.sock");
        assertThat(address("", "-h", "db1", "--protocol", "socket").socket()).isEqualTo(ConnectionOptions.DEFAULT_SOCKET.toString());
    }

    @Test
    void otherProtocolsAreRefusedAndCompressReachesTheDriver() throws Exception {
        assertThatThrownBy(() -> address("", "--protocol", "pipe")).hasMessageContaining("exists on Windows only: use tcp or socket");
        assertThatThrownBy(() -> address("", "--protocol", "udp")).hasMessageContaining("--protocol must be tcp or socket, not 'udp'");
        assertThat(address("", "-h", "db1").jdbcUrl(null)).doesNotContain("useCompression");
        assertThat(address("", "-h", "db1", "--compress").jdbcUrl(null)).endsWith("&useCompression=true");
        assertThat(address("[client]\ncompress\n", "-h", "db1").compress()).isTrue();
        assertThat(address("", "-h", "db1", "-C").compress()).isTrue();
    }
}
