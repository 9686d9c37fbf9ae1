package jp.kakehashi.appliance.portal;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;

/** Counts what was read and reports it once, on close: how much of a download really went out. */
final class CountingStream extends FilterInputStream {
    interface Done {
        void closed(long bytes);
    }

    private final Done done;
    private long count;
    private boolean closed;

    CountingStream(InputStream in, Done done) {
        super(in);
        this.done = done;
    }

    @Override
    public int read() throws IOException {
        int b = super.read();
        if (b >= 0) {
            count++;
        }
        return b;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        int n = super.read(b, off, len);
        if (n > 0) {
            count += n;
        }
        return n;
    }

    @Override
    public void close() throws IOException {
        super.close();
        if (!closed) {
            closed = true;
            done.closed(count);
        }
    }
}
