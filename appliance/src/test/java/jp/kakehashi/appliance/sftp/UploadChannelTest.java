package jp.kakehashi.appliance.sftp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import jp.kakehashi.appliance.store.DiskFull;
import org.junit.jupiter.api.Test;

/**
 * A client that closes its file after a write failed must not get a short file stored as if it
 * were whole (ATTACKS F-05): the close hands on only an upload every write of which succeeded; a
 * handle closed without the client asking (a dropped connection) keeps the bytes to resume.
 */
class UploadChannelTest {
    private final List<String> events = new ArrayList<>();

    @Test
    void aCloseAfterAnOutOfOrderWriteStoresNothing() throws Exception {
        UploadChannel channel = channel(Long.MAX_VALUE);
        channel.write(bytes("first part "));
        channel.position(100);
        assertThatThrownBy(() -> channel.write(bytes("resumed elsewhere"))).hasMessageContaining("out-of-order");
        channel.commitOnClose();
        channel.close();
        assertThat(events).containsExactly("failed OUT_OF_ORDER");
    }

    @Test
    void aCloseAfterTheDiskFilledUpStoresNothingAndSaysWhy() throws Exception {
        UploadChannel channel = channel(8);
        assertThatThrownBy(() -> channel.write(bytes("more than eight bytes")))
                .hasMessageContaining("DISK_FULL")
                .hasMessageContaining("空き容量が不足");
        assertThatThrownBy(() -> channel.write(bytes("x"))).hasMessageContaining("abandoned");
        channel.commitOnClose();
        channel.close();
        assertThat(events).containsExactly("failed DISK_FULL");
    }

    @Test
    void aWholeUploadIsStoredOnTheClientsClose() throws Exception {
        UploadChannel channel = channel(Long.MAX_VALUE);
        channel.write(bytes("all of it"));
        channel.commitOnClose();
        channel.close();
        assertThat(events).containsExactly("completed 9");
    }

    @Test
    void aDroppedConnectionKeepsTheBytesAndAResumedHandleGoesOnWhereTheyEnd() throws Exception {
        long[] written = {0};
        UploadChannel first = channel(Long.MAX_VALUE, written);
        first.write(bytes("first half "));
        first.close();
        assertThat(events).containsExactly("interrupted 11");
        UploadChannel again = channel(Long.MAX_VALUE, written);
        assertThat(again.position()).isEqualTo(11);
        again.position(11);
        again.write(bytes("second half"));
        again.commitOnClose();
        again.close();
        assertThat(events).containsExactly("interrupted 11", "completed 22");
    }

    @Test
    void aResumedHandleRefusesToWriteAnywhereButWhereTheBytesEnd() throws Exception {
        long[] written = {5};
        UploadChannel again = channel(Long.MAX_VALUE, written);
        again.position(0);
        assertThatThrownBy(() -> again.write(bytes("overwrite"))).hasMessageContaining("out-of-order");
        again.close();
        assertThat(events).containsExactly("failed OUT_OF_ORDER");
    }

    private UploadChannel channel(long room) {
        return channel(room, new long[] {0});
    }

    private UploadChannel channel(long room, long[] written) {
        return new UploadChannel(
                new UploadChannel.Sink() {
                    @Override
                    public void write(byte[] bytes, int offset, int length) throws IOException {
                        if (written[0] + length > room) {
                            throw new DiskFull(room - written[0], room);
                        }
                        written[0] += length;
                    }

                    @Override
                    public long written() {
                        return written[0];
                    }

                    @Override
                    public void commit() {
                        events.add("commit " + written[0]);
                    }

                    @Override
                    public void abort() {
                        events.add("abort");
                    }
                },
                new UploadChannel.Ending() {
                    @Override
                    public void completed() {
                        events.add("completed " + written[0]);
                    }

                    @Override
                    public void interrupted() {
                        events.add("interrupted " + written[0]);
                    }

                    @Override
                    public void failed(String reason) {
                        events.add("failed " + reason);
                    }
                });
    }

    private static ByteBuffer bytes(String s) {
        return ByteBuffer.wrap(s.getBytes(StandardCharsets.UTF_8));
    }
}
