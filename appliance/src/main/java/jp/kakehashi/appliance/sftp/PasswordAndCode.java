package jp.kakehashi.appliance.sftp;

import java.util.List;
import java.util.Map;
import jp.kakehashi.appliance.identity.SignIn;
import jp.kakehashi.policies.Zone;
import org.apache.sshd.server.auth.keyboard.InteractiveChallenge;
import org.apache.sshd.server.auth.keyboard.KeyboardInteractiveAuthenticator;
import org.apache.sshd.server.session.ServerSession;

/**
 * SFTP's keyboard-interactive sign-in: one round with two prompts, the password and the
 * authenticator's code, as WinSCP and OpenSSH show them. The same prompts go to every name, so
 * they say nothing about whether an account exists or needs a code.
 */
final class PasswordAndCode implements KeyboardInteractiveAuthenticator {
    private final Zone zone;
    private final SignIn signIn;

    PasswordAndCode(Zone zone, SignIn signIn) {
        this.zone = zone;
        this.signIn = signIn;
    }

    @Override
    public InteractiveChallenge generateChallenge(
            ServerSession session, String username, String lang, String subMethods) {
        InteractiveChallenge challenge = new InteractiveChallenge();
        challenge.setInteractionName("Kakehashi");
        challenge.setInteractionInstruction(
                "パスワードと認証アプリの確認コード（6桁）を入力してください / Enter your password and the 6-digit code from your authenticator app");
        challenge.setLanguageTag("");
        challenge.addPrompt("Password (パスワード): ", false);
        challenge.addPrompt("Verification code (確認コード): ", true);
        return challenge;
    }

    @Override
    public boolean authenticate(ServerSession session, String username, List<String> responses) {
        // A client that answers with fewer prompts is judged like a wrong password, and counted.
        return switch (signIn.passwordAndCode(
                username,
                (responses.isEmpty() ? "" : responses.get(0)).toCharArray(),
                responses.size() < 2 ? "" : responses.get(1),
                zone,
                SftpListener.source(session),
                "sftp")) {
            case SignIn.Outcome.SignedIn in -> {
                session.setAttribute(SftpListener.ACCOUNT, in.account());
                session.setAttribute(SftpListener.SIGNED_IN_WITH, Map.of("method", "keyboard-interactive"));
                yield true;
            }
            case SignIn.Outcome.Refused refused -> false;
        };
    }
}
