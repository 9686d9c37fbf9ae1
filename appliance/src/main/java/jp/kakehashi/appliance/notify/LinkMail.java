package jp.kakehashi.appliance.notify;

import static java.util.Objects.requireNonNull;

import java.time.Instant;
import java.util.Optional;
import jp.kakehashi.appliance.identity.Accounts;
import jp.kakehashi.web.pages.Format;

/**
 * Mails a one-time password link (an invitation or a reset) to its holder's own address, so an
 * administrator need not hand it over. Sent whether or not the holder wants notices: they asked
 * for nothing else. Nothing is sent without notices configured or without an address.
 */
public final class LinkMail {
    private final Accounts accounts;
    private final Optional<MailQueue> queue;

    public LinkMail(Accounts accounts, Optional<MailQueue> queue) {
        this.accounts = requireNonNull(accounts, "accounts");
        this.queue = requireNonNull(queue, "queue");
    }

    /** Mails the link if it can; returns the address it went to. */
    public Optional<String> send(String account, String url, Instant expires, boolean invitation) {
        Optional<String> address = accounts.contact(account).email();
        if (queue.isEmpty() || address.isEmpty()) {
            return Optional.empty();
        }
        String who = accounts.displayName(account).orElse(account);
        String subject =
                invitation ? "【架け橋】アカウントへのご招待 / You are invited to Kakehashi" : "【架け橋】パスワードの再設定 / Set a new password";
        String body = who + " 様\n\n"
                + (invitation
                        ? "ファイル受け渡しの「架け橋」に、あなたのアカウント「" + account + "」を作りました。"
                        : "あなたのアカウント「" + account + "」のパスワードを再設定できるようにしました。")
                + "\n次のリンクを開いて、パスワードを設定してください（" + Format.time(expires)
                + " まで、1回だけ使えます）。\n\n" + url + "\n\n"
                + "パスワードを設定したあと、ログイン時に認証アプリ（二要素認証）を登録します。\n"
                + "心当たりがない場合はリンクを開かず、市役所の担当者にご連絡ください。\n\n"
                + (invitation
                        ? "An account '" + account + "' was made for you."
                        : "The password of your account '" + account + "' may be set anew.")
                + " Open the link to set your password (once, until " + Format.time(expires) + "):\n" + url
                + "\nIf you did not expect this mail, do not open the link; tell the city's contact."
                + "\n\n-- \n架け橋 (Kakehashi) からの自動送信です。 An automatic mail from Kakehashi.\n";
        queue.get().enqueue(new Notice(address.get(), subject, body));
        return address;
    }
}
