package jp.kakehashi.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.SequenceInputStream;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** Uploads are read on one thread and stored on another; nothing may be lost, reordered or left hanging. */
class OverlappedCopyTest {
    @Test
    void everyByteArrivesInOrderWhateverTheLength() throws Exception {
        Random random = new Random(7);
        for (int length :
                new int[] {0, 1, OverlappedCopy.CHUNK - 1, OverlappedCopy.CHUNK, 10 * OverlappedCopy.CHUNK + 17}) {
            byte[] body = new byte[length];
            random.nextBytes(body);
            ByteArrayOutputStream stored = new ByteArrayOutputStream();
            assertThat(OverlappedCopy.copy(new ByteArrayInputStream(body), stored::write, Long.MAX_VALUE))
                    .isTrue();
            assertThat(stored.toByteArray()).as("%d bytes", length).isEqualTo(body);
        }
    }

    @Test
    void aBodyOverTheLimitStopsTheCopy() throws Exception {
        ByteArrayOutputStream stored = new ByteArrayOutputStream();
        InputStream endless = new InputStream() {
            @Override
            public int read() {
                return 'x';
            }
        };
        assertThat(OverlappedCopy.copy(endless, stored::write, 3L * OverlappedCopy.CHUNK))
                .isFalse();
        assertThat(stored.size()).isLessThanOrEqualTo(3 * OverlappedCopy.CHUNK);
    }

    @Test
    void aFailingStoreIsReportedToTheReaderAndTheReaderStops() {
        AtomicInteger calls = new AtomicInteger();
        InputStream endless = new InputStream() {
            @Override
            public int read() {
                return 'x';
            }
        };
        assertThatThrownBy(() -> OverlappedCopy.copy(
                        endless,
                        (b, off, len) -> {
                            if (calls.incrementAndGet() == 2) {
                                throw new IOException("disk full");
                            }
                        },
                        Long.MAX_VALUE))
                .isInstanceOf(IOException.class)
                .hasMessage("disk full");
        assertThat(calls.get()).isEqualTo(2);
    }

    @Test
    void aClientThatGoesAwayEndsTheWriterToo() {
        InputStream broken = new SequenceInputStream(
                new ByteArrayInputStream(new byte[5 * OverlappedCopy.CHUNK]), new InputStream() {
                    @Override
                    public int read() throws IOException {
                        throw new IOException("connection reset");
                    }
                });
        AtomicInteger stored = new AtomicInteger();
        assertThatThrownBy(() -> OverlappedCopy.copy(broken, (b, off, len) -> stored.addAndGet(len), Long.MAX_VALUE))
                .hasMessage("connection reset");
        // copy returned only after the writer ended: every buffer handed over was written, none after.
        assertThat(stored.get()).isEqualTo(5 * OverlappedCopy.CHUNK);
    }
}
