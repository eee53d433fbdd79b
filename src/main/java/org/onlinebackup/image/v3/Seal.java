package org.onlinebackup.image.v3;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import org.onlinebackup.image.PublicKeyFile;
import org.onlinebackup.image.Sha256;
import org.onlinebackup.image.SigningKey;

/**
 * The seal of a signed image: the signer's Ed25519 public key, the SHA-256 of every data chunk record in index
 * order, and the signature over {@link #message}: the SHA-256 of the preamble and header, of the catalogue record,
 * of the index record and of the summary record, and the chunk digests. So every byte of the image but the seal and
 * the trailer is signed, and a restore checks each chunk against its digest as it reads it, without reading the
 * whole image first.
 */
public record Seal(byte[] publicKey, List<byte[]> chunkDigests, byte[] signature) {
    static final int SCHEME_ED25519 = 1;
    static final int DIGEST_BYTES = 32;
    private static final byte[] DOMAIN = "online-backup image seal v1\0".getBytes(StandardCharsets.US_ASCII);

    public Seal {
        chunkDigests = List.copyOf(chunkDigests);
    }

    /** The signed message. */
    static byte[] message(byte[] head, byte[] catalogue, byte[] index, byte[] summary, List<byte[]> chunkDigests) {
        ByteSink m = new ByteSink(DOMAIN.length + 4 * DIGEST_BYTES + 4 + chunkDigests.size() * DIGEST_BYTES);
        m.bytes(DOMAIN).bytes(head).bytes(catalogue).bytes(index).bytes(summary).u32(chunkDigests.size());
        for (byte[] d : chunkDigests) {
            m.bytes(d);
        }
        return m.toByteArray();
    }

    static Seal sign(SigningKey key, byte[] head, byte[] catalogue, byte[] index, byte[] summary, List<byte[]> chunkDigests) {
        return new Seal(key.publicKey(), chunkDigests, key.sign(message(head, catalogue, index, summary, chunkDigests)));
    }

    /** Whether the signature holds for these sections. */
    boolean verifies(byte[] head, byte[] catalogue, byte[] index, byte[] summary) {
        return PublicKeyFile.verifies(publicKey, message(head, catalogue, index, summary, chunkDigests), signature);
    }

    public String fingerprint() {
        return PublicKeyFile.fingerprint(publicKey);
    }

    /** The size of the seal record of an image of {@code chunks} chunks. */
    static int recordSize(int chunks) {
        return ImageFormat.RECORD_OVERHEAD + 1 + PublicKeyFile.KEY_BYTES + varintSize(chunks) + chunks * DIGEST_BYTES
                + PublicKeyFile.SIGNATURE_BYTES;
    }

    private static int varintSize(long v) {
        int n = 1;
        while ((v >>>= 7) != 0) {
            n++;
        }
        return n;
    }

    ByteSink encode() {
        ByteSink s = new ByteSink(recordSize(chunkDigests.size()));
        s.u8(SCHEME_ED25519).bytes(publicKey).varint(chunkDigests.size());
        for (byte[] d : chunkDigests) {
            s.bytes(d);
        }
        return s.bytes(signature);
    }

    static Seal decode(ByteSource s) {
        int scheme = s.u8("seal scheme");
        if (scheme != SCHEME_ED25519) {
            throw new MalformedImageException(s.offset() - 1, "unknown seal scheme " + scheme);
        }
        byte[] key = s.bytes(PublicKeyFile.KEY_BYTES, "signer's public key");
        int n = s.count("chunk digest count", s.remaining() / DIGEST_BYTES);
        List<byte[]> digests = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            digests.add(s.bytes(DIGEST_BYTES, "chunk digest"));
        }
        byte[] signature = s.bytes(PublicKeyFile.SIGNATURE_BYTES, "signature");
        s.expectEnd("seal");
        return new Seal(key, digests, signature);
    }

    /** The SHA-256 of the parts, in order. */
    static byte[] digest(byte[]... parts) {
        return Sha256.of(parts);
    }

    /** The SHA-256 of a whole record as it stands in the image. */
    static byte[] digest(Record r) {
        return digest(r.head(), r.body(), r.crcBytes());
    }
}
