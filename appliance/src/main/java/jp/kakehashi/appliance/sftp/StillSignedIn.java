package jp.kakehashi.appliance.sftp;

import java.nio.file.AccessDeniedException;
import java.util.Optional;
import jp.kakehashi.appliance.identity.Accounts;

/**
 * Whether an SFTP session's account may still go on. A portal session is asked at every request;
 * an SFTP session stays open for hours, so the same question is asked whenever it opens a file,
 * lists a folder or renames: an account disabled, cut off by the directory, moved to another 課,
 * given another role, or whose credentials changed (password, authenticator, groups) since the
 * session signed in gets a refusal, and the session is ended.
 *
 * @param signedIn the account's generation when the session signed in
 * @param end ends the session once the refusal has gone out
 */
record StillSignedIn(Accounts accounts, Accounts.Generation signedIn, Runnable end) {

    static final String REASON =
            "signed out: the account was disabled or changed; sign in again (アカウントが無効になったか変更されたため、接続を終了しました。もう一度ログインしてください)";

    /** Refuses (and ends the session) unless the account is as it was when the session signed in. */
    void check(String path) throws AccessDeniedException {
        Optional<Accounts.Generation> now = accounts.current(signedIn.account().name());
        if (now.isEmpty() || !now.get().equals(signedIn) || now.get().account().disabled()) {
            end.run();
            throw new AccessDeniedException(path, null, REASON);
        }
    }
}
