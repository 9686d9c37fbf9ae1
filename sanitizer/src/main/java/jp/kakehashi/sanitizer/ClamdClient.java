package jp.kakehashi.sanitizer;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.io.InputStream;
import java.net.SocketTimeoutException;
import java.net.StandardProtocolFamily;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import org.jspecify.annotations.Nullable;

/**
 * A client for clamd's INSTREAM command over TCP or a unix socket.
 *
 * <p>Each scan opens its own connection (clamd handles one command per connection unless
 * IDSESSION is used), streams the content in 256 KiB chunks and reads the reply. Every socket
 * operation has a deadline, because a hung scanner must turn into {@link ScanOutcome.Unavailable}
 * and a retry, never into a pass. Any reply other than {@code stream: OK} or a {@code FOUND} line
 * is {@link ScanOutcome.Unscannable}.
 *
 * <p>Thread-safe: it holds no connection between calls.
 */
public final class ClamdClient {
    private static final int CHUNK = 256 * 1024;
    private static final int MAX_REPLY = 8 * 1024;

    /** clamd's VERSION line ends with the signature build time, in the C locale's date format. */
    private static final DateTimeFormatter CLAMD_DATE =
            DateTimeFormatter.ofPattern("EEE MMM d HH:mm:ss yyyy", Locale.ENGLISH);

    /** How long signatures found fresh are trusted to stay so before VERSION is asked again. */
    private static final Duration RECHECK = Duration.ofMinutes(1);

    private final ClamdAddress address;
    private final Duration timeout;
    private final long maxStreamBytes;
    private final Duration signaturesMaxAge;
    private final Clock clock;
    private final AtomicReference<@Nullable Instant> freshUntil = new AtomicReference<>();

    private ClamdClient(
            ClamdAddress address, Duration timeout, long maxStreamBytes, Duration signaturesMaxAge, Clock clock) {
        this.address = requireNonNull(address, "address");
        this.timeout = requireNonNull(timeout, "timeout");
        this.signaturesMaxAge = requireNonNull(signaturesMaxAge, "signaturesMaxAge");
        this.clock = requireNonNull(clock, "clock");
        if (signaturesMaxAge.isNegative()) {
            throw new IllegalArgumentException("signaturesMaxAge must not be negative, was " + signaturesMaxAge);
        }
        if (timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("clamd timeout must be positive, was " + timeout);
        }
        if (maxStreamBytes <= 0) {
            throw new IllegalArgumentException("maxStreamBytes must be positive, was " + maxStreamBytes);
        }
        this.maxStreamBytes = maxStreamBytes;
    }

    /**
     * A client for the clamd at {@code address}.
     *
     * @param timeout the longest any single read or write may wait (a whole scan may take longer)
     * @param maxStreamBytes clamd's {@code StreamMaxLength}: longer streams are reported
     *     {@link ScanOutcome.Unscannable} without sending them, since clamd would cut them short
     */
    public static ClamdClient create(ClamdAddress address, Duration timeout, long maxStreamBytes) {
        return new ClamdClient(address, timeout, maxStreamBytes, Duration.ZERO, Clock.systemUTC());
    }

    /**
     * This client, refusing to scan while clamd's signatures are older than {@code maxAge}
     * (ATTACKS F-04: a network without freshclam can run for months on a stale database). Each
     * scan is then {@link ScanOutcome.Unavailable} with the age in its detail, so files wait until
     * the signatures are updated, never pass on old ones. {@link Duration#ZERO} checks nothing; a
     * database that states no build time (a local one only) cannot be judged and is not refused.
     */
    public ClamdClient requiringSignaturesWithin(Duration maxAge, Clock clock) {
        return new ClamdClient(address, timeout, maxStreamBytes, maxAge, clock);
    }

    /** Reads {@code tcp://HOST:PORT} or {@code unix:PATH}; see {@link ClamdAddress}. */
    public static ClamdAddress address(String text) {
        return ClamdAddress.parse(text);
    }

    public ClamdAddress address() {
        return address;
    }

    /** True when clamd answers {@code PONG}. */
    public boolean ping() {
        try (Connection c = Connection.open(address, timeout)) {
            c.write(ByteBuffer.wrap("zPING\0".getBytes(StandardCharsets.US_ASCII)));
            return "PONG".equals(c.readReply());
        } catch (IOException e) {
            return false;
        }
    }

    /** clamd's version line, such as {@code ClamAV 1.4.6/...}, for health pages. */
    public String version() throws IOException {
        try (Connection c = Connection.open(address, timeout)) {
            c.write(ByteBuffer.wrap("zVERSION\0".getBytes(StandardCharsets.US_ASCII)));
            return c.readReply();
        }
    }

    /**
     * The build time in {@code ClamAV 1.4.2/27470/Mon Nov 24 08:33:03 2026}, read in the
     * appliance's time zone (clamd prints its local time); empty when the line has none.
     */
    public static Optional<Instant> signaturesDate(String version) {
        String[] parts = version.split("/");
        if (parts.length < 3) {
            return Optional.empty();
        }
        try {
            return Optional.of(LocalDateTime.parse(parts[2].strip().replaceAll("\\s+", " "), CLAMD_DATE)
                    .atZone(ZoneId.systemDefault())
                    .toInstant());
        } catch (DateTimeParseException e) {
            return Optional.empty();
        }
    }

    /**
     * Why signatures are too old to scan with, if they are. Fresh ones are not asked about again
     * for {@link #RECHECK}; stale ones are asked about at every scan, so an update counts at once.
     */
    private Optional<String> staleSignatures() {
        if (signaturesMaxAge.isZero()) {
            return Optional.empty();
        }
        Instant now = clock.instant();
        Instant until = freshUntil.get();
        if (until != null && now.isBefore(until)) {
            return Optional.empty();
        }
        Optional<Instant> built;
        try {
            built = signaturesDate(version());
        } catch (IOException e) {
            // The scan itself meets the same fault and reports it.
            return Optional.empty();
        }
        if (built.isEmpty() || !built.get().isBefore(now.minus(signaturesMaxAge))) {
            freshUntil.set(now.plus(RECHECK));
            return Optional.empty();
        }
        long days = Duration.between(built.get(), now).toDays();
        return Optional.of("clamd's signatures were built " + built.get() + ", " + days + " days ago, longer than the "
                + signaturesMaxAge.toDays() + " days allowed (signatures-max-age); files wait until they are updated."
                + " ウイルス定義が " + days + " 日前のもので古すぎます。定義を更新するまでファイルは保留されます。");
    }

    /**
     * Scans everything {@code content} yields. The stream is read to its end (or to the stream
     * limit) and not closed.
     */
    public ScanOutcome scan(InputStream content) {
        Optional<String> stale = staleSignatures();
        if (stale.isPresent()) {
            return new ScanOutcome.Unavailable(address + ": " + stale.get());
        }
        boolean streaming = false;
        try (Connection c = Connection.open(address, timeout)) {
            c.write(ByteBuffer.wrap("zINSTREAM\0".getBytes(StandardCharsets.US_ASCII)));
            streaming = true;
            byte[] chunk = new byte[CHUNK];
            ByteBuffer frame = ByteBuffer.allocate(4 + CHUNK);
            long sent = 0;
            int n;
            while ((n = content.readNBytes(chunk, 0, CHUNK)) > 0) {
                sent += n;
                if (sent > maxStreamBytes) {
                    return new ScanOutcome.Unscannable(
                            "stream longer than the scanner's limit of " + maxStreamBytes + " bytes");
                }
                frame.clear();
                frame.putInt(n).put(chunk, 0, n).flip();
                if (!c.tryWrite(frame)) {
                    // clamd closes the stream when it stops reading (limit, error): its reply says why.
                    return answer(c.readReply());
                }
            }
            // The end mark too: clamd may have stopped reading after the last chunk the kernel took.
            c.tryWrite(ByteBuffer.allocate(4).putInt(0).flip());
            return answer(c.readReply());
        } catch (SocketTimeoutException e) {
            return new ScanOutcome.Unavailable(address + ": " + e.getMessage());
        } catch (IOException e) {
            return new ScanOutcome.Unavailable(address + ": " + e.getMessage(), streaming);
        }
    }

    /** A reply, or none: clamd closing without a word is a scanner that went away, not a verdict. */
    private ScanOutcome answer(String reply) {
        if (reply.isEmpty()) {
            return new ScanOutcome.Unavailable(
                    address + ": clamd closed the connection without a reply (it stopped while reading this file)",
                    true);
        }
        return classify(reply);
    }

    static ScanOutcome classify(String reply) {
        // Replies look like "stream: OK", "stream: Eicar-Signature FOUND",
        // "INSTREAM size limit exceeded. ERROR" or "stream: Heuristics.Limits.Exceeded... FOUND".
        String body = reply.startsWith("stream: ") ? reply.substring("stream: ".length()) : reply;
        if (reply.equals("stream: OK")) {
            return new ScanOutcome.Clean();
        }
        if (body.endsWith(" FOUND")) {
            String signature = body.substring(0, body.length() - " FOUND".length());
            if (signature.startsWith("Heuristics.Limits.Exceeded")) {
                return new ScanOutcome.Unscannable(reply);
            }
            if (signature.startsWith("Heuristics.Encrypted.")) {
                // A password-protected ZIP or PDF (PPAP) is not malware; telling the sender so would be wrong.
                return new ScanOutcome.Encrypted(signature);
            }
            return new ScanOutcome.Infected(signature);
        }
        return new ScanOutcome.Unscannable(reply.isEmpty() ? "empty reply from clamd" : reply);
    }

    /** One non-blocking connection whose every wait has a deadline. */
    private static final class Connection implements AutoCloseable {
        private final SocketChannel channel;
        private final Selector selector;
        private final long timeoutMillis;

        private Connection(SocketChannel channel, Selector selector, long timeoutMillis) {
            this.channel = channel;
            this.selector = selector;
            this.timeoutMillis = timeoutMillis;
        }

        static Connection open(ClamdAddress address, Duration timeout) throws IOException {
            SocketChannel channel = address instanceof ClamdAddress.Unix
                    ? SocketChannel.open(StandardProtocolFamily.UNIX)
                    : SocketChannel.open();
            Selector selector = Selector.open();
            try {
                channel.configureBlocking(false);
                Connection c = new Connection(channel, selector, timeout.toMillis());
                if (!channel.connect(address.socketAddress())) {
                    c.await(SelectionKey.OP_CONNECT, "connect");
                    channel.finishConnect();
                }
                return c;
            } catch (IOException | RuntimeException e) {
                selector.close();
                channel.close();
                throw e;
            }
        }

        void write(ByteBuffer buffer) throws IOException {
            while (buffer.hasRemaining()) {
                if (channel.write(buffer) == 0) {
                    await(SelectionKey.OP_WRITE, "write");
                }
            }
        }

        /** Writes all of {@code buffer}; false when the peer closed its side (it has a reply). */
        boolean tryWrite(ByteBuffer buffer) throws IOException {
            try {
                write(buffer);
                return true;
            } catch (IOException e) {
                if (e instanceof SocketTimeoutException) {
                    throw e;
                }
                return false;
            }
        }

        /** Reads up to clamd's NUL terminator (or the end of the stream). */
        String readReply() throws IOException {
            ByteBuffer reply = ByteBuffer.allocate(MAX_REPLY);
            while (reply.hasRemaining()) {
                int n = channel.read(reply);
                if (n < 0) {
                    break;
                }
                if (n == 0) {
                    await(SelectionKey.OP_READ, "reply");
                    continue;
                }
                if (reply.get(reply.position() - 1) == 0) {
                    break;
                }
            }
            reply.flip();
            String text = StandardCharsets.UTF_8.decode(reply).toString();
            int nul = text.indexOf('\0');
            return (nul >= 0 ? text.substring(0, nul) : text).strip();
        }

        private void await(int op, String what) throws IOException {
            SelectionKey key = channel.register(selector, op);
            try {
                if (selector.select(timeoutMillis) == 0) {
                    throw new SocketTimeoutException("clamd did not " + what + " within " + timeoutMillis + " ms");
                }
                selector.selectedKeys().clear();
            } finally {
                key.interestOps(0);
            }
        }

        @Override
        public void close() throws IOException {
            try {
                selector.close();
            } finally {
                channel.close();
            }
        }
    }
}
