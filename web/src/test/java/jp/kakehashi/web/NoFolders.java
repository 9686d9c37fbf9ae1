package jp.kakehashi.web;

import java.time.Duration;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import jp.kakehashi.web.port.Download;
import jp.kakehashi.web.port.SharedFolders;
import jp.kakehashi.web.port.User;

/**
 * Shared folders where nobody is a member of anything: enough for the web module's own tests of
 * routing, roles and CSRF. The folder pages themselves are tested against the real appliance
 * (FolderIT), where the rights live.
 */
final class NoFolders implements SharedFolders {
    private static final Answer NONE = new Answer.Refused("NOT_A_MEMBER", "メンバーではありません", "not a member");

    @Override
    public List<FolderView> folders(User user) {
        return List.of();
    }

    @Override
    public Optional<FolderPage> folder(User user, long folder) {
        return Optional.empty();
    }

    @Override
    public Optional<FilePage> file(User user, long file) {
        return Optional.empty();
    }

    @Override
    public Answer create(User user, String name, String purpose, String department) {
        return NONE;
    }

    @Override
    public Answer setMember(User user, long folder, String kind, String who, String role, Optional<LocalDate> until) {
        return NONE;
    }

    @Override
    public Answer removeMember(User user, long folder, String kind, String who) {
        return NONE;
    }

    @Override
    public Answer lock(User user, long file, Duration length) {
        return NONE;
    }

    @Override
    public Answer unlock(User user, long file) {
        return NONE;
    }

    @Override
    public Answer restore(User user, long file, int number, int basedOn) {
        return NONE;
    }

    @Override
    public Start startVersion(User user, long folder, String name, OptionalInt basedOn) {
        return new Start.Refused("NOT_A_MEMBER", "メンバーではありません", "not a member");
    }

    @Override
    public Optional<Download> download(User user, long file, int number) {
        return Optional.empty();
    }

    @Override
    public ShareAnswer share(User user, long file, String recipient, int days, char[] password, int maxDownloads) {
        return new ShareAnswer.Refused("NOT_A_MEMBER", "メンバーではありません", "not a member");
    }

    @Override
    public Answer revokeLink(User user, long link) {
        return NONE;
    }

    @Override
    public LinkOffer offer(String token) {
        return new LinkOffer.Gone("このリンクは無効です", "this link is not valid");
    }

    @Override
    public LinkDownload fetch(String token, char[] password, String from) {
        return new LinkDownload.Refused("NO_SUCH_LINK", "このリンクは無効です", "this link is not valid");
    }
}
