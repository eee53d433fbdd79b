package org.onlinebackup.connect;

import java.net.Socket;

import com.github.shyiko.mysql.binlog.BinaryLogClient;

import org.onlinebackup.feedback.Message;
import org.onlinebackup.feedback.OnlineBackupException;

/**
 * A replication client for a server's binary log (the binlog archive): the account and password registered for the
 * address, over TCP. It identifies itself to the server with {@code replicaId} (a server id no replica should use),
 * asks for the annotate-rows events too (they stand in the files, so an archive without them would have holes),
 * expects a heartbeat every second when the server has nothing to send, and gives up a read after
 * {@link #READ_TIMEOUT_MS}. It does not reconnect by itself: the caller
 * decides from what it has kept.
 */
public final class BinlogClients {
    /**
     * A read that waits this long finds a dead connection: a live one brings a heartbeat every second. Without it, a
     * server that vanished without closing the connection would leave the archive waiting for ever.
     */
    public static final int READ_TIMEOUT_MS = 30_000;

    private BinlogClients() {
    }

    public static BinaryLogClient create(ServerAddress a, long replicaId) {
        if (a.viaDataSource()) {
            throw new OnlineBackupException(Message.ARCHIVE_CONNECTION, a.where(), "it reads over the replication protocol, which a"
                    + " data source does not give: give host, port and user");
        }
        if (a.viaSocket()) {
            throw new OnlineBackupException(Message.ARCHIVE_CONNECTION, a.where(), "it reads over TCP: give --host and --port"
                    + " (127.0.0.1 for this host)");
        }
        if (a.tls().enabled()) {
            throw new OnlineBackupException(Message.ARCHIVE_CONNECTION, a.where(), "this version reads the binary log without TLS only");
        }
        char[] pw = Credentials.passwordFor(a);
        BinaryLogClient c = new BinaryLogClient(a.host(), a.port(), a.user(), pw == null ? "" : new String(pw));
        c.setServerId(replicaId);
        c.setKeepAlive(false);
        c.setHeartbeatInterval(1000);
        c.setConnectTimeout(10_000);
        c.setUseSendAnnotateRowsEvent(true);
        c.setSocketFactory(() -> {
            Socket s = new Socket();
            s.setSoTimeout(READ_TIMEOUT_MS);
            return s;
        });
        return c;
    }
}
