package org.onlinebackup.image.v3;

/** A structural defect found while decoding, at an absolute byte offset of the image. */
public class MalformedImageException extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final long offset;

    public MalformedImageException(long offset, String problem) {
        super(problem);
        this.offset = offset;
    }

    public long offset() {
        return offset;
    }
}
