package org.onlinebackup.archive.server;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.SocketException;

import com.github.shyiko.mysql.binlog.event.Event;
import com.github.shyiko.mysql.binlog.event.EventHeaderV4;
import com.github.shyiko.mysql.binlog.event.EventType;
import com.github.shyiko.mysql.binlog.event.deserialization.EventDeserializer;
import com.github.shyiko.mysql.binlog.io.ByteArrayInputStream;

import org.onlinebackup.archive.BinlogEvent;

/**
 * Takes each event off the replication stream as the server sent it, whole (header, body and checksum), and gives
 * it to a {@link Sink} before anything is decoded: the replication client skips an event it cannot decode, and the
 * archive must not. The client then gets the event decoded only where it needs it (a rotate, a format
 * description); the rest it gets as a header alone, so rows are never decoded. An event the sink cannot keep
 * ends the stream as a lost connection would, and {@link #failure()} says why.
 */
public final class RawEvents extends EventDeserializer {
    /** Receives every event of the stream, in order. */
    @FunctionalInterface
    public interface Sink {
        void event(byte[] raw) throws IOException;
    }

    /** No event is larger than the server's largest packet, 1 GiB. */
    private static final long MAX_EVENT = 1L << 30;

    private final Sink sink;
    private volatile Exception failure;

    public RawEvents(Sink sink) {
        this.sink = sink;
    }

    /** Why the stream was ended on this side, or null. */
    public Exception failure() {
        return failure;
    }

    @Override
    public Event nextEvent(ByteArrayInputStream in) throws IOException {
        if (in.peek() == -1) {
            return null;
        }
        byte[] raw;
        try {
            byte[] head = in.read(BinlogEvent.HEADER_SIZE);
            long len = BinlogEvent.length(head);
            if (len < BinlogEvent.HEADER_SIZE || len > MAX_EVENT) {
                failure = new IOException("the server sent an event header giving a length of " + len + " bytes");
                throw new SocketException(failure.getMessage());
            }
            raw = new byte[(int) len];
            System.arraycopy(head, 0, raw, 0, head.length);
            in.fill(raw, head.length, raw.length - head.length);
        } catch (InterruptedIOException e) {
            // a read timed out inside an event: the client would skip to what it takes for the next packet
            throw new SocketException("the connection stalled inside an event: " + e.getMessage());
        }
        try {
            sink.event(raw);
        } catch (Exception e) {
            failure = e;
            throw new SocketException("the archive could not keep an event: " + e.getMessage());
        }
        int type = BinlogEvent.type(raw);
        if (type == BinlogEvent.ROTATE || type == BinlogEvent.FORMAT_DESCRIPTION) {
            return super.nextEvent(new ByteArrayInputStream(raw));
        }
        EventHeaderV4 h = new EventHeaderV4();
        h.setTimestamp(BinlogEvent.timestamp(raw) * 1000);
        h.setEventType(EventType.byEventNumber(type));
        h.setServerId(BinlogEvent.serverId(raw));
        h.setEventLength(raw.length);
        h.setNextPosition(BinlogEvent.nextPosition(raw));
        h.setFlags(BinlogEvent.flags(raw));
        return new Event(h, null);
    }
}
