package jp.kakehashi.appliance.sftp;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import org.apache.sshd.server.Environment;
import org.apache.sshd.server.ExitCallback;
import org.apache.sshd.server.channel.ChannelSession;
import org.apache.sshd.server.command.Command;
import org.jspecify.annotations.Nullable;

/**
 * The answer to every {@code exec} and {@code shell} request: a one-line explanation on stderr,
 * exit status 1, channel closed. Nothing the client sent is run, parsed or logged (ATTACKS
 * SFTP-04). Without it MINA would leave such a channel open and silent until the idle timeout.
 */
final class SftpOnlyCommand implements Command {
    private static final byte[] MESSAGE =
            "このサービスは SFTP 専用です。/ This service allows SFTP connections only.\n".getBytes(StandardCharsets.UTF_8);

    private @Nullable OutputStream err;
    private @Nullable ExitCallback exit;

    @Override
    public void setInputStream(InputStream in) {}

    @Override
    public void setOutputStream(OutputStream out) {}

    @Override
    public void setErrorStream(OutputStream err) {
        this.err = err;
    }

    @Override
    public void setExitCallback(ExitCallback callback) {
        this.exit = callback;
    }

    @Override
    public void start(ChannelSession channel, Environment env) throws IOException {
        OutputStream e = err;
        if (e != null) {
            e.write(MESSAGE);
            e.flush();
        }
        ExitCallback callback = exit;
        if (callback != null) {
            callback.onExit(1, "SFTP only");
        }
    }

    @Override
    public void destroy(ChannelSession channel) {}
}
