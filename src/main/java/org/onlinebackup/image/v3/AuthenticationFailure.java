package org.onlinebackup.image.v3;

/** A record of an encrypted image whose AES-GCM tag fails with the right key: it was altered after it was sealed. */
public final class AuthenticationFailure extends MalformedImageException {
    private static final long serialVersionUID = 1L;

    /** {@code what} names the record: "the catalogue", "data chunk 3 of table number 0 ...". */
    public AuthenticationFailure(long offset, String what) {
        super(offset, what);
    }
}
