package jp.kakehashi.web;

import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import jp.kakehashi.web.pages.Pages;
import jp.kakehashi.web.port.Download;
import jp.kakehashi.web.port.Role;
import jp.kakehashi.web.port.SharedFolders;
import jp.kakehashi.web.port.SharedFolders.Answer;
import jp.kakehashi.web.port.Upload;
import jp.kakehashi.web.port.Zone;
import org.eclipse.jetty.server.Request;

/**
 * 共有フォルダ: the folders one is a member of, each file's newest version allowed to one's zone
 * and a newer one pending (and why), version history, uploads that state their base version,
 * check-out locks, restore, and (for managers) members. Every right is the appliance's; a
 * refusal comes back with its reason in both languages and the page it was asked from.
 */
final class FolderRoutes {
    private final Ports ports;
    private final PortalConfig config;
    private final Sessions sessions;

    FolderRoutes(Ports ports, PortalConfig config, Sessions sessions) {
        this.ports = ports;
        this.config = config;
        this.sessions = sessions;
    }

    List<Route> routes() {
        EnumSet<Zone> zones = EnumSet.of(Zone.INTERNET, Zone.LGWAN);
        EnumSet<Zone> lgwan = EnumSet.of(Zone.LGWAN);
        EnumSet<Role> members = EnumSet.of(Role.PARTNER, Role.STAFF);
        EnumSet<Role> staff = EnumSet.of(Role.STAFF);
        Route.Access in = Route.Access.SIGNED_IN;
        return List.of(
                new Route("GET", "/folders", zones, in, members, this::list),
                // On both zones, so a partner's POST is refused as forbidden, not as a missing method.
                new Route("POST", "/folders", zones, in, staff, this::create),
                new Route("GET", "/folders/{id}", zones, in, members, this::folder),
                new Route("POST", "/folders/{id}/upload", zones, in, members, this::upload),
                new Route("POST", "/folders/{id}/members", lgwan, in, staff, this::setMember),
                new Route("POST", "/folders/{id}/members/remove", lgwan, in, staff, this::removeMember),
                new Route("GET", "/files/{id}", zones, in, members, this::file),
                new Route("POST", "/files/{id}/lock", zones, in, members, this::lock),
                new Route("POST", "/files/{id}/unlock", zones, in, members, this::unlock),
                new Route("POST", "/files/{id}/restore", zones, in, members, this::restore),
                new Route("GET", "/files/{id}/versions/{n}", zones, in, members, this::download),
                new Route("POST", "/files/{id}/links", lgwan, in, staff, this::share),
                new Route("POST", "/links/{id}/revoke", lgwan, in, staff, this::revokeLink),
                // A share link is opened without an account; the page is a GET so that a mail
                // scanner fetching the link does not use up a download, and the download a POST.
                new Route(
                        "GET",
                        "/s/{token}",
                        EnumSet.of(Zone.INTERNET),
                        Route.Access.PUBLIC,
                        EnumSet.noneOf(Role.class),
                        this::linkPage),
                new Route(
                        "POST",
                        "/s/{token}",
                        EnumSet.of(Zone.INTERNET),
                        Route.Access.PUBLIC,
                        EnumSet.noneOf(Role.class),
                        this::linkDownload));
    }

    private SharedFolders folders() {
        return ports.folders();
    }

    private void list(Exchange x) {
        x.html(200, Pages.folders(x.view(), folders().folders(x.user()), ""));
    }

    private void create(Exchange x) {
        switch (folders().create(x.user(), x.field("name"), x.field("purpose"), x.field("department"))) {
            case Answer.Done d -> x.redirect("/folders/" + d.id());
            case Answer.Refused r ->
                x.html(409, Pages.folders(x.view(), folders().folders(x.user()), say(x, r)));
        }
    }

    private void folder(Exchange x) {
        folderPage(x, 200, "");
    }

    private void folderPage(Exchange x, int status, String error) {
        Optional<SharedFolders.FolderPage> page =
                x.number("id").flatMap(id -> folders().folder(x.user(), id));
        if (page.isEmpty()) {
            notFound(x);
            return;
        }
        x.html(status, Pages.folder(x.view(), page.get(), config.maxUploadBytes(), error));
    }

    private void setMember(Exchange x) {
        Optional<Long> id = x.number("id");
        if (id.isEmpty()) {
            notFound(x);
            return;
        }
        Optional<LocalDate> until;
        try {
            until = x.field("until").isBlank() ? Optional.empty() : Optional.of(LocalDate.parse(x.field("until")));
        } catch (DateTimeParseException e) {
            folderPage(x, 400, x.text().get("folders.baddate"));
            return;
        }
        answered(
                x,
                folders().setMember(x.user(), id.get(), x.field("kind"), x.field("who"), x.field("role"), until),
                "/folders/" + id.get(),
                r -> folderPage(x, 409, say(x, r)));
    }

    private void removeMember(Exchange x) {
        Optional<Long> id = x.number("id");
        if (id.isEmpty()) {
            notFound(x);
            return;
        }
        answered(
                x,
                folders().removeMember(x.user(), id.get(), x.field("kind"), x.field("who")),
                "/folders/" + id.get(),
                r -> folderPage(x, 409, say(x, r)));
    }

    private void file(Exchange x) {
        filePage(x, 200, "");
    }

    private void filePage(Exchange x, int status, String error) {
        Optional<SharedFolders.FilePage> page =
                x.number("id").flatMap(id -> folders().file(x.user(), id));
        if (page.isEmpty()) {
            notFound(x);
            return;
        }
        x.html(status, Pages.folderFile(x.view(), page.get(), config.maxUploadBytes(), error, Optional.empty()));
    }

    private void share(Exchange x) {
        Optional<Long> id = x.number("id");
        OptionalInt days = small(x.field("days"));
        OptionalInt limit = small(x.field("limit"));
        if (id.isEmpty()) {
            notFound(x);
            return;
        }
        if (days.isEmpty() || limit.isEmpty()) {
            filePage(x, 400, x.text().get("folders.badnumber"));
            return;
        }
        char[] password = x.field("password").toCharArray();
        SharedFolders.ShareAnswer answer;
        try {
            answer = folders()
                    .share(x.user(), id.get(), x.field("recipient"), days.getAsInt(), password, limit.getAsInt());
        } finally {
            java.util.Arrays.fill(password, '\0');
        }
        switch (answer) {
            case SharedFolders.ShareAnswer.Refused r ->
                filePage(x, 409, x.view().english() ? r.en() : r.ja());
            case SharedFolders.ShareAnswer.Shared shared -> {
                Optional<SharedFolders.FilePage> page = folders().file(x.user(), id.get());
                if (page.isEmpty()) {
                    notFound(x);
                    return;
                }
                x.html(201, Pages.folderFile(x.view(), page.get(), config.maxUploadBytes(), "", Optional.of(shared)));
            }
        }
    }

    private void revokeLink(Exchange x) {
        Optional<Long> id = x.number("id");
        String file = x.field("file");
        if (id.isEmpty() || !file.matches("[0-9]{1,18}")) {
            notFound(x);
            return;
        }
        switch (folders().revokeLink(x.user(), id.get())) {
            case Answer.Done d -> x.redirect("/files/" + file);
            case Answer.Refused r -> x.html(403, Pages.error(x.view(), x.text().get("error.title"), say(x, r)));
        }
    }

    private void linkPage(Exchange x) {
        if (!sessions.keepFor(x)) {
            return;
        }
        linkAnswer(x, 200, "");
    }

    private void linkAnswer(Exchange x, int status, String error) {
        SharedFolders.LinkOffer offer = folders().offer(x.param("token"));
        x.html(
                offer instanceof SharedFolders.LinkOffer.Gone && status == 200 ? 404 : status,
                Pages.shareLink(x.view(), offer, error));
    }

    private void linkDownload(Exchange x) throws IOException {
        char[] password = x.field("password").toCharArray();
        SharedFolders.LinkDownload answer;
        try {
            answer = folders().fetch(x.param("token"), password, x.source());
        } finally {
            java.util.Arrays.fill(password, '\0');
        }
        switch (answer) {
            case SharedFolders.LinkDownload.Ready ready -> x.attachment(ready.download());
            case SharedFolders.LinkDownload.Refused r ->
                // A wrong password is refused; a link that no longer serves is simply not there.
                linkAnswer(
                        x,
                        r.code().equals("WRONG_PASSWORD") || r.code().equals("PASSWORD_NEEDED") ? 403 : 404,
                        x.view().english() ? r.en() : r.ja());
        }
    }

    private void lock(Exchange x) {
        Optional<Long> id = x.number("id");
        OptionalInt hours = small(x.field("hours"));
        if (id.isEmpty()) {
            notFound(x);
            return;
        }
        if (hours.isEmpty()) {
            filePage(x, 400, x.text().get("folders.badnumber"));
            return;
        }
        answered(
                x,
                folders().lock(x.user(), id.get(), Duration.ofHours(hours.getAsInt())),
                "/files/" + id.get(),
                r -> filePage(x, 409, say(x, r)));
    }

    private void unlock(Exchange x) {
        Optional<Long> id = x.number("id");
        if (id.isEmpty()) {
            notFound(x);
            return;
        }
        answered(x, folders().unlock(x.user(), id.get()), "/files/" + id.get(), r -> filePage(x, 409, say(x, r)));
    }

    private void restore(Exchange x) {
        Optional<Long> id = x.number("id");
        OptionalInt number = small(x.field("number"));
        OptionalInt basedOn = small(x.field("basedOn"));
        if (id.isEmpty()) {
            notFound(x);
            return;
        }
        if (number.isEmpty() || basedOn.isEmpty()) {
            filePage(x, 400, x.text().get("folders.badnumber"));
            return;
        }
        answered(
                x,
                folders().restore(x.user(), id.get(), number.getAsInt(), basedOn.getAsInt()),
                "/files/" + id.get(),
                r -> filePage(x, 409, say(x, r)));
    }

    private void download(Exchange x) throws IOException {
        Optional<Long> id = x.number("id");
        OptionalInt n = small(x.param("n"));
        Optional<Download> file =
                id.isEmpty() || n.isEmpty() ? Optional.empty() : folders().download(x.user(), id.get(), n.getAsInt());
        if (file.isEmpty()) {
            notFound(x);
            return;
        }
        x.attachment(file.get());
    }

    /**
     * A new version (or a new file): the raw body, named by {@code X-File-Name}, based on the
     * version in {@code X-Based-On} (absent for a new file). Answered in JSON like {@code /upload}.
     */
    private void upload(Exchange x) throws IOException {
        Optional<Long> id = x.number("id");
        if (id.isEmpty()) {
            x.json(404, TransferRoutes.refusal("NOT_FOUND", "共有フォルダが見つかりません。", "There is no such folder."));
            return;
        }
        Optional<String> name = TransferRoutes.decodeName(x.header("X-File-Name"));
        if (name.isEmpty()) {
            x.json(
                    400,
                    TransferRoutes.refusal(
                            "NAME_MISSING",
                            "ファイル名がありません（X-File-Name に UTF-8 をパーセントエンコードして指定してください）。",
                            "The file name is missing (send it percent-encoded UTF-8 in X-File-Name)."));
            return;
        }
        String base = x.header("X-Based-On");
        OptionalInt basedOn = small(base);
        if (!base.isEmpty() && basedOn.isEmpty()) {
            x.json(
                    400,
                    TransferRoutes.refusal(
                            "BAD_BASE",
                            "X-Based-On には元にした版の番号を指定してください。",
                            "X-Based-On must be the number of the version the file was based on."));
            return;
        }
        if (x.request().getLength() > config.maxUploadBytes()) {
            TransferRoutes.tooLarge(x, config);
            return;
        }
        switch (folders().startVersion(x.user(), id.get(), name.get(), basedOn)) {
            case SharedFolders.Start.Refused r ->
                x.json(
                        r.code().equals("DISK_FULL") ? TransferRoutes.status(r.code()) : 409,
                        TransferRoutes.refusal(r.code(), r.ja(), r.en()));
            case SharedFolders.Start.Ready ready -> receive(x, ready.upload());
        }
    }

    private void receive(Exchange x, SharedFolders.VersionUpload upload) throws IOException {
        try (InputStream in = Request.asInputStream(x.request())) {
            if (!OverlappedCopy.copy(in, upload::write, config.maxUploadBytes())) {
                upload.abort();
                TransferRoutes.tooLarge(x, config);
                return;
            }
        } catch (Upload.Stopped stopped) {
            upload.abort();
            x.json(
                    TransferRoutes.status(stopped.code()),
                    TransferRoutes.refusal(stopped.code(), stopped.ja(), stopped.en()));
            return;
        } catch (IOException | RuntimeException e) {
            upload.abort();
            throw e;
        }
        switch (upload.commit()) {
            case Answer.Done d ->
                x.json(
                        201,
                        java.util.Map.of("file", d.id(), "url", "/files/" + d.id(), "ja", "保存しました。", "en", "Saved."));
            case Answer.Refused r -> x.json(409, TransferRoutes.refusal(r.code(), r.ja(), r.en()));
        }
    }

    private interface OnRefusal {
        void show(Answer.Refused r);
    }

    /** A form's answer: back to its page, or the same page again with the reason. */
    private static void answered(Exchange x, Answer answer, String page, OnRefusal refused) {
        switch (answer) {
            case Answer.Done d -> x.redirect(page);
            case Answer.Refused r -> refused.show(r);
        }
    }

    private static String say(Exchange x, Answer.Refused r) {
        return x.view().english() ? r.en() : r.ja();
    }

    /** A version number or a count of hours: 1 to 6 digits, else nothing. */
    private static OptionalInt small(String raw) {
        return raw.matches("[0-9]{1,6}") ? OptionalInt.of(Integer.parseInt(raw)) : OptionalInt.empty();
    }

    private static void notFound(Exchange x) {
        x.html(404, Pages.error(x.view(), x.text().get("error.title"), x.text().get("folders.none")));
    }
}
